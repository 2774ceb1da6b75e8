// The simulated vehicle's side of the mission protocol, in process with a
// scripted ground station on a fake clock.

import { describe, expect, it } from 'vitest';
import { MAV_CMD, MAV_FRAME, MAV_MISSION_RESULT as R } from '../mavlink/dialect';
import { tempDir } from '../testing/temp-dir';
import { missionTypeId, type MissionItem } from '../vehicle/mission-items';
import { DEFAULT_HOME } from './geo';
import { download, homeItem, itemAt, squareMission, upload } from './testing/scripted-missions';
import { FakeClock, TestGcs } from './testing/scripted-gcs';
import { REBOOT_SILENCE_MS } from './vehicle';

async function ready(options: Parameters<typeof TestGcs.start>[0] = {}): Promise<TestGcs> {
  const gcs = await TestGcs.start(options);
  gcs.run(4000);
  gcs.clear();
  return gcs;
}

function fence(): MissionItem[] {
  const vertex = MAV_CMD.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION;
  return [
    itemAt(vertex, -50, -50, 0, { param1: 4 }),
    itemAt(vertex, 50, -50, 0, { param1: 4 }),
    itemAt(vertex, 50, 50, 0, { param1: 4 }),
    itemAt(vertex, -50, 50, 0, { param1: 4 }),
    itemAt(MAV_CMD.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION, 20, 20, 0, { param1: 5 }),
  ];
}

const rally = (n: number) =>
  Array.from({ length: n }, (_, i) => itemAt(MAV_CMD.MAV_CMD_NAV_RALLY_POINT, 10 * i, 5, 20));

describe('the simulated vehicle serves the mission protocol', () => {
  it('holds home as item 0 of an empty mission and nothing in the other plans', async () => {
    const gcs = await ready();
    expect(download(gcs, 'mission')).toEqual([homeItem()]);
    expect(download(gcs, 'fence')).toEqual([]);
    expect(download(gcs, 'rally')).toEqual([]);
  });

  it('takes an upload of each plan and gives back every item', async () => {
    const gcs = await ready();
    for (const [type, items] of [
      ['mission', squareMission()],
      ['fence', fence()],
      ['rally', rally(3)],
    ] as const) {
      const { result, asked } = upload(gcs, type, items);
      expect(result).toBe(R.MAV_MISSION_ACCEPTED);
      expect(asked).toEqual([...items.keys()]);
      expect(download(gcs, type)).toEqual(items);
    }
  });

  it('reports its own home as item 0, whatever was uploaded there', async () => {
    const gcs = await ready();
    const mission = squareMission();
    mission[0] = itemAt(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 500, 500, 40);
    upload(gcs, 'mission', mission);
    const items = download(gcs, 'mission') as MissionItem[];
    expect(items[0]).toMatchObject({
      frame: MAV_FRAME.MAV_FRAME_GLOBAL,
      x: Math.round(DEFAULT_HOME.lat * 1e7),
      y: Math.round(DEFAULT_HOME.lon * 1e7),
      z: DEFAULT_HOME.altMsl,
    });
  });

  it('refuses more items than it stores, with NO_SPACE and a text saying how many it takes', async () => {
    const gcs = await ready();
    upload(gcs, 'rally', rally(2));
    expect(upload(gcs, 'rally', rally(21)).result).toBe(R.MAV_MISSION_NO_SPACE);
    expect(gcs.texts()).toContain('Only 20 items are supported');
    expect(download(gcs, 'rally')).toHaveLength(2);
  });

  it('ends an upload with the result of an item it cannot take, keeping what it wrote', async () => {
    const gcs = await ready();
    const mission = squareMission();
    mission[3] = { ...mission[3]!, command: 31_000 };
    expect(upload(gcs, 'mission', mission).result).toBe(R.MAV_MISSION_UNSUPPORTED);
    // As ArduPilot: the items before the refused one are the new ones already.
    expect((download(gcs, 'mission') as MissionItem[]).slice(1)).toEqual(mission.slice(1, 3));
  });

  it('keeps its old geofence when a new one fails part-way', async () => {
    const gcs = await ready();
    upload(gcs, 'fence', fence());
    const bad = fence().slice(0, 3);
    bad.push(itemAt(MAV_CMD.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION, 0, 0, 0, { param1: 0 }));
    expect(upload(gcs, 'fence', bad).result).toBe(R.MAV_MISSION_INVALID_PARAM1);
    expect(download(gcs, 'fence')).toEqual(fence());
  });

  it('refuses a geofence whose polygon lacks vertices', async () => {
    const gcs = await ready();
    expect(upload(gcs, 'fence', fence().slice(0, 3)).result).toBe(R.MAV_MISSION_INVALID);
    expect(download(gcs, 'fence')).toEqual([]);
  });

  it('answers an item out of turn with INVALID_SEQUENCE and goes on', async () => {
    const gcs = await ready();
    const items = rally(3);
    gcs.send('MISSION_COUNT', { target_system: 1, target_component: 1, count: 3, mission_type: 2 });
    gcs.send('MISSION_ITEM_INT', {
      target_system: 1,
      target_component: 1,
      seq: 2,
      mission_type: 2,
      command: MAV_CMD.MAV_CMD_NAV_RALLY_POINT,
    });
    expect(gcs.last('MISSION_ACK')!.fields.type).toBe(R.MAV_MISSION_INVALID_SEQUENCE);
    gcs.clear();
    expect(upload(gcs, 'rally', items).result).toBe(R.MAV_MISSION_ACCEPTED);
  });

  it('asks again for an item that does not come, then gives up with OPERATION_CANCELLED', async () => {
    const gcs = await ready();
    const { result, asked } = upload(gcs, 'mission', squareMission(), {
      answer: (seq) => seq < 2,
    });
    expect(result).toBe(R.MAV_MISSION_OPERATION_CANCELLED);
    // Asked for item 2 about once a second for eight seconds.
    const again = asked.filter((seq) => seq === 2).length;
    expect(again).toBeGreaterThanOrEqual(7);
    expect(again).toBeLessThanOrEqual(9);
  });

  it('refuses a second ground station while an upload runs, and downloads until it ends', async () => {
    const gcs = await ready();
    gcs.send('MISSION_COUNT', { target_system: 1, target_component: 1, count: 3, mission_type: 0 });
    const other = gcs.codec.encodeFrame(
      gcs.codec.byName('MISSION_COUNT')!,
      { target_system: 1, target_component: 1, count: 2, mission_type: 0 },
      { version: 2, seq: 0, sysid: 254, compid: 190 },
    );
    gcs.sim.receive(other);
    expect(gcs.last('MISSION_ACK')!.fields).toMatchObject({
      type: R.MAV_MISSION_DENIED,
      target_system: 254,
    });
    expect(download(gcs, 'mission')).toBe(R.MAV_MISSION_DENIED);
  });

  it('stops an upload the ground station cancels', async () => {
    const gcs = await ready();
    gcs.send('MISSION_COUNT', { target_system: 1, target_component: 1, count: 3, mission_type: 1 });
    gcs.send('MISSION_ACK', {
      target_system: 1,
      target_component: 1,
      type: R.MAV_MISSION_OPERATION_CANCELLED,
      mission_type: 1,
    });
    gcs.clear();
    gcs.run(3000);
    expect(gcs.named('MISSION_REQUEST_INT')).toEqual([]);
  });

  it('clears each plan, the mission down to home', async () => {
    const gcs = await ready();
    upload(gcs, 'mission', squareMission());
    upload(gcs, 'rally', rally(2));
    for (const type of ['mission', 'rally'] as const) {
      gcs.send('MISSION_CLEAR_ALL', {
        target_system: 1,
        target_component: 1,
        mission_type: missionTypeId(type),
      });
      expect(gcs.last('MISSION_ACK')!.fields.type).toBe(R.MAV_MISSION_ACCEPTED);
    }
    expect(download(gcs, 'mission')).toEqual([homeItem()]);
    expect(download(gcs, 'rally')).toEqual([]);
  });

  it('keeps its plans across a restart', async () => {
    const stateDir = tempDir('sigil-sim-missions-');
    const clock = new FakeClock();
    const first = await TestGcs.start({ stateDir, gpsFixDelayMs: 0 }, clock);
    first.run(100);
    upload(first, 'mission', squareMission());
    upload(first, 'fence', fence());
    await first.sim.close();
    const again = await TestGcs.start({ stateDir, gpsFixDelayMs: 0 }, clock);
    again.run(100);
    expect(download(again, 'mission')).toEqual(squareMission());
    expect(download(again, 'fence')).toEqual(fence());
  });

  it('keeps its plans across a reboot, from its storage', async () => {
    const stateDir = tempDir('sigil-sim-missions-');
    const gcs = await ready({ stateDir, gpsFixDelayMs: 0 });
    upload(gcs, 'mission', squareMission());
    upload(gcs, 'fence', fence());
    upload(gcs, 'rally', rally(2));
    gcs.sim.reboot();
    gcs.run(REBOOT_SILENCE_MS + 100);
    expect(download(gcs, 'mission')).toEqual(squareMission());
    expect(download(gcs, 'fence')).toEqual(fence());
    expect(download(gcs, 'rally')).toEqual(rally(2));
    await gcs.sim.close();
    const again = await ready({ stateDir, gpsFixDelayMs: 0 });
    expect(download(again, 'rally')).toEqual(rally(2));
  });

  it('ends an upload under way at a reboot, keeping what it wrote and asking for nothing more', async () => {
    const gcs = await ready();
    const items = rally(4);
    upload(gcs, 'rally', items, { answer: (seq) => seq < 2, maxMs: 500 });
    gcs.sim.reboot();
    gcs.run(REBOOT_SILENCE_MS + 100);
    gcs.clear();
    gcs.run(3000);
    expect(gcs.named('MISSION_REQUEST_INT')).toEqual([]);
    expect(download(gcs, 'rally')).toEqual(items.slice(0, 2));
  });

  it('loses, reorders and doubles its requests when told to (a test hook)', async () => {
    const gcs = await ready();
    gcs.sim.missions.faults = {
      dropRequest: (transfer, seq, attempt) => transfer === 'upload' && seq === 1 && attempt === 1,
      reorder: true,
      duplicate: true,
    };
    const items = rally(4);
    const { result, asked } = upload(gcs, 'rally', items);
    expect(result).toBe(R.MAV_MISSION_ACCEPTED);
    // 1 was lost once and asked for again a second later; each request came twice.
    expect(asked).toEqual([1, 1, 0, 0, 3, 3, 2, 2]);
    expect(download(gcs, 'rally')).toEqual(items);
  });
});

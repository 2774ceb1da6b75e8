// missions.* and the mission commands with the simulated vehicle over real
// UDP on loopback.

import { afterEach, describe, expect, it } from 'vitest';
import type { MissionItem } from '../../protocol/wire-types';
import { MAV_CMD, MAV_FRAME } from '../mavlink/dialect';
import { DEFAULT_HOME, offsetPoint } from '../sim/geo';
import { homeItem, itemAt } from '../sim/testing/scripted-missions';
import {
  call,
  closeServices,
  eventually,
  recordEvents,
  refused,
  startService,
  withSim,
} from './testing/services';
import { missionItem } from './wire';

afterEach(closeServices);

const vehicle = { sysid: 1, compid: 1 } as const;

/** An item on the wire, `north` and `east` metres from home and `alt` above it, its yaw left to the vehicle. */
const at = (command: number, north: number, east: number, alt: number): MissionItem =>
  missionItem(itemAt(command, north, east, alt, { param4: NaN }));

const home = (): MissionItem => missionItem(homeItem());

/** Home, takeoff to 3 m, a waypoint 8 m north, land there. */
function shortMission(): MissionItem[] {
  return [
    home(),
    at(MAV_CMD.MAV_CMD_NAV_TAKEOFF, 0, 0, 3),
    at(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 8, 0, 3),
    at(MAV_CMD.MAV_CMD_NAV_LAND, 8, 0, 0),
  ];
}

describe('missions', () => {
  it('uploads a mission and downloads it again with progress both ways', async () => {
    const service = await startService();
    await withSim(service);
    const events = recordEvents(service);
    const items = shortMission();
    const upload = { ...vehicle, missionType: 'mission' as const, items };
    expect(await call(service, 'missions.upload', upload)).toEqual({ count: 4 });
    const downloaded = await call(service, 'missions.download', {
      ...vehicle,
      missionType: 'mission',
    });
    expect(downloaded.items).toEqual(items);
    const progress = events.of('missions.progress');
    expect(progress).toContainEqual({
      packetType: 'missions.progress',
      ...vehicle,
      missionType: 'mission',
      direction: 'upload',
      done: 4,
      total: 4,
    });
    expect(progress.at(-1)).toMatchObject({ direction: 'download', done: 4, total: 4 });
  });

  it('knows what it uploaded, and shows it in the vehicle state', async () => {
    const service = await startService();
    await withSim(service);
    const rally = [at(MAV_CMD.MAV_CMD_NAV_RALLY_POINT, 50, 0, 20)];
    await call(service, 'missions.upload', { ...vehicle, missionType: 'rally', items: rally });
    const { plan } = await call(service, 'missions.list', { ...vehicle, missionType: 'rally' });
    expect(plan).toMatchObject({ items: rally, source: 'upload', uncertain: false });
    const { vehicles } = await call(service, 'vehicles.list', {});
    expect(vehicles[0]!.mission.plans.rally).toMatchObject({ count: 1, source: 'upload' });
    expect(vehicles[0]!.mission.plans.fence).toMatchObject({ count: null, source: null });
  });

  it('clears a plan', async () => {
    const service = await startService();
    await withSim(service);
    const fence = [0, 1, 2].map((i) => ({
      ...at(MAV_CMD.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, i * 10, i === 1 ? 10 : 0, 0),
      param1: 3,
    }));
    await call(service, 'missions.upload', { ...vehicle, missionType: 'fence', items: fence });
    expect(await call(service, 'missions.clear', { ...vehicle, missionType: 'fence' })).toEqual({});
    const { items } = await call(service, 'missions.download', {
      ...vehicle,
      missionType: 'fence',
    });
    expect(items).toEqual([]);
  });

  it("answers a refused upload with the vehicle's words", async () => {
    const service = await startService();
    await withSim(service);
    const items = shortMission();
    items[2] = { ...items[2]!, frame: MAV_FRAME.MAV_FRAME_BODY_FRD };
    const answer = await refused(service, {
      packetId: 'm1',
      packetType: 'missions.upload',
      ...vehicle,
      missionType: 'mission',
      items,
    });
    expect(answer.message).toMatch(
      /^missions\.upload: the vehicle refused item 2 \(MAV_CMD_NAV_WAYPOINT\) of the mission upload: it does not support the coordinate frame of an item \(MAV_MISSION_UNSUPPORTED_FRAME\)\. The vehicle may now hold part of the new mission/,
    );
    const { vehicles } = await call(service, 'vehicles.list', {});
    expect(vehicles[0]!.mission.plans.mission).toMatchObject({ count: null, uncertain: true });
  });

  it('refuses a malformed item before anything is sent', async () => {
    const service = await startService();
    await withSim(service);
    const answer = await refused(service, {
      packetId: 'm2',
      packetType: 'missions.upload',
      ...vehicle,
      missionType: 'mission',
      items: [{ ...home(), x: 1.5 }],
    });
    expect(answer.message).toBe('missions.upload: items[0].x: expected a whole number, got 1.5');
  });

  it('runs the mission: start, the current item advances, items are reached', async () => {
    const service = await startService();
    await withSim(service);
    await call(service, 'missions.upload', {
      ...vehicle,
      missionType: 'mission',
      items: shortMission(),
    });
    const command = async (payload: Record<string, unknown>) =>
      (await call(service, 'vehicles.command', { ...vehicle, ...payload } as never)).result;
    expect(await command({ command: 'setMode', mode: 'GUIDED' })).toMatchObject({
      status: 'accepted',
    });
    expect(await command({ command: 'arm' })).toMatchObject({ status: 'accepted' });
    expect(await command({ command: 'missionStart' })).toMatchObject({ status: 'accepted' });
    const reached = await eventually(
      'item 2 reached',
      async () => {
        const { vehicles } = await call(service, 'vehicles.list', {});
        const m = vehicles[0]!.mission;
        return (m.lastReached ?? 0) >= 2 ? m : undefined;
      },
      30_000,
    );
    expect(reached).toMatchObject({ total: 3, inMissionMode: true });
    expect(reached.current).toBeGreaterThanOrEqual(3);
    expect(await command({ command: 'missionSetCurrent', seq: 1 })).toMatchObject({
      status: 'accepted',
    });
    expect(await command({ command: 'missionPause' })).toMatchObject({ status: 'accepted' });
    expect(await command({ command: 'missionResume' })).toMatchObject({ status: 'accepted' });
  });

  it('flies to a point in GUIDED and is denied one outside it', async () => {
    const service = await startService();
    await withSim(service);
    const { lat, lon } = offsetPoint(DEFAULT_HOME, 20, 0);
    const flyTo = { ...vehicle, command: 'flyTo', lat, lon, alt: 10 } as const;
    const denied = await call(service, 'vehicles.command', flyTo);
    expect(denied.result).toMatchObject({ status: 'denied', command: 'MAV_CMD_DO_REPOSITION' });
    await call(service, 'vehicles.command', { ...vehicle, command: 'setMode', mode: 'GUIDED' });
    await call(service, 'vehicles.command', { ...vehicle, command: 'arm' });
    await call(service, 'vehicles.command', { ...vehicle, command: 'takeoff', altitude: 3 });
    await eventually('a climb', async () => {
      const { vehicles } = await call(service, 'vehicles.list', {});
      return (vehicles[0]!.position?.altRelative ?? 0) > 2.5;
    });
    expect((await call(service, 'vehicles.command', flyTo)).result).toMatchObject({
      status: 'accepted',
    });
    const mission = async () => (await call(service, 'vehicles.list', {})).vehicles[0]!.mission;
    expect((await mission()).flyTo).toMatchObject({ lat, lon, alt: 10 });
    await eventually('the point reached', async () => (await mission()).flyTo === null, 30_000);
  });
});

// The simulated copter flying missions in AUTO, going where it is sent in
// GUIDED, turning home at the geofence and returning to rally points; in
// process on a fake clock.

import { describe, expect, it } from 'vitest';
import {
  COPTER_MODE,
  MAV_CMD,
  MAV_FRAME,
  MAV_MODE_FLAG,
  MAV_RESULT,
  MISSION_STATE,
  MSG_ID,
} from '../mavlink/dialect';
import { DEFAULT_HOME, offsetPoint, pointOffset } from './geo';
import { homeItem, itemAt, squareMission, upload } from './testing/scripted-missions';
import { TestGcs } from './testing/scripted-gcs';
import { REBOOT_SILENCE_MS } from './vehicle';

const { MAV_RESULT_ACCEPTED, MAV_RESULT_DENIED, MAV_RESULT_FAILED, MAV_RESULT_UNSUPPORTED } =
  MAV_RESULT;

async function ready(params: Record<string, number> = {}): Promise<TestGcs> {
  const gcs = await TestGcs.start({ params });
  gcs.run(4000);
  gcs.clear();
  return gcs;
}

function setMode(gcs: TestGcs, mode: number): void {
  gcs.command(MAV_CMD.MAV_CMD_DO_SET_MODE, [MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, mode]);
}

function armInGuided(gcs: TestGcs): void {
  setMode(gcs, COPTER_MODE.COPTER_MODE_GUIDED);
  gcs.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [1]);
  expect(gcs.sim.armed).toBe(true);
}

/** GUIDED, armed, at `altitude` metres. */
function flying(gcs: TestGcs, altitude = 10): void {
  armInGuided(gcs);
  gcs.command(MAV_CMD.MAV_CMD_NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, altitude]);
  gcs.run(15_000);
}

function where(gcs: TestGcs): { north: number; east: number; alt: number } {
  const { kin } = gcs.sim.copter;
  return { north: kin.north, east: kin.east, alt: kin.alt };
}

/** Runs the clock until `check` holds, in steps of 100 ms; fails after `maxMs`. */
function runUntil(gcs: TestGcs, check: () => boolean, maxMs = 120_000): void {
  for (let t = 0; t < maxMs; t += 100) {
    if (check()) return;
    gcs.run(100);
  }
  throw new Error('timed out');
}

function reached(gcs: TestGcs): number[] {
  return gcs.named('MISSION_ITEM_REACHED').map((r) => r.fields.seq as number);
}

function repositionInt(gcs: TestGcs, north: number, east: number, alt: number, flags = 0): void {
  const { lat, lon } = offsetPoint(DEFAULT_HOME, north, east);
  gcs.send('COMMAND_INT', {
    target_system: 1,
    target_component: 1,
    command: MAV_CMD.MAV_CMD_DO_REPOSITION,
    frame: MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
    param1: -1,
    param2: flags,
    param4: NaN,
    x: Math.round(lat * 1e7),
    y: Math.round(lon * 1e7),
    z: alt,
  });
}

describe('the simulated copter in AUTO', () => {
  it('flies a mission: takeoff, waypoints, land, reporting each item, then disarms', async () => {
    const gcs = await ready();
    upload(gcs, 'mission', squareMission());
    armInGuided(gcs);
    setMode(gcs, COPTER_MODE.COPTER_MODE_AUTO);
    runUntil(gcs, () => !gcs.sim.armed);
    expect(reached(gcs)).toEqual([1, 2, 3, 4, 5]);
    expect(gcs.texts()).toEqual(
      expect.arrayContaining([
        'Mission: 1 Takeoff',
        'Reached command #1',
        'Mission: 2 WP',
        'Mission: 5 Land',
        'Reached command #5',
        'Disarming motors',
      ]),
    );
    const current = gcs.named('MISSION_CURRENT').map((r) => r.fields.seq as number);
    expect([...new Set(current)]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(gcs.last('MISSION_CURRENT')!.fields).toMatchObject({
      total: 5,
      mission_state: MISSION_STATE.MISSION_STATE_COMPLETE,
    });
    const end = where(gcs);
    expect(Math.hypot(end.north - 0, end.east - 30)).toBeLessThan(2);
  });

  it('passes each waypoint at the set speed, changed by DO_CHANGE_SPEED', async () => {
    const gcs = await ready({ WPNAV_SPEED: 500 });
    upload(gcs, 'mission', [
      homeItem(),
      itemAt(MAV_CMD.MAV_CMD_NAV_TAKEOFF, 0, 0, 10),
      itemAt(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 200, 0, 10),
      { ...itemAt(MAV_CMD.MAV_CMD_DO_CHANGE_SPEED, 0, 0, 0), param2: 8 },
      itemAt(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 0, 0, 10),
      itemAt(MAV_CMD.MAV_CMD_NAV_LOITER_UNLIM, 0, 0, 10),
    ]);
    armInGuided(gcs);
    setMode(gcs, COPTER_MODE.COPTER_MODE_AUTO);
    runUntil(gcs, () => where(gcs).north > 100);
    expect(gcs.sim.copter.kin.groundSpeed).toBeCloseTo(5, 0);
    runUntil(gcs, () => reached(gcs).includes(2));
    runUntil(gcs, () => where(gcs).north < 100);
    expect(gcs.sim.copter.kin.groundSpeed).toBeCloseTo(8, 0);
  });

  it('holds a LOITER_TIME for its time and an unlimited loiter for ever', async () => {
    const gcs = await ready();
    upload(gcs, 'mission', [
      homeItem(),
      itemAt(MAV_CMD.MAV_CMD_NAV_TAKEOFF, 0, 0, 10),
      itemAt(MAV_CMD.MAV_CMD_NAV_LOITER_TIME, 20, 0, 10, { param1: 10 }),
      itemAt(MAV_CMD.MAV_CMD_NAV_LOITER_UNLIM, 0, 0, 10),
    ]);
    armInGuided(gcs);
    setMode(gcs, COPTER_MODE.COPTER_MODE_AUTO);
    runUntil(gcs, () => Math.hypot(where(gcs).north - 20, where(gcs).east) < 2);
    gcs.run(8000);
    expect(reached(gcs)).toEqual([1]);
    gcs.run(4000);
    expect(reached(gcs)).toEqual([1, 2]);
    gcs.run(120_000);
    expect(reached(gcs)).toEqual([1, 2]);
    expect(gcs.last('MISSION_CURRENT')!.fields).toMatchObject({
      seq: 3,
      mission_state: MISSION_STATE.MISSION_STATE_ACTIVE,
    });
  });

  it('returns and lands on an RTL item', async () => {
    const gcs = await ready();
    upload(gcs, 'mission', [
      homeItem(),
      itemAt(MAV_CMD.MAV_CMD_NAV_TAKEOFF, 0, 0, 10),
      itemAt(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 40, 40, 10),
      itemAt(MAV_CMD.MAV_CMD_NAV_RETURN_TO_LAUNCH, 0, 0, 0),
    ]);
    armInGuided(gcs);
    setMode(gcs, COPTER_MODE.COPTER_MODE_AUTO);
    runUntil(gcs, () => !gcs.sim.armed);
    expect(reached(gcs)).toEqual([1, 2, 3]);
    expect(Math.hypot(where(gcs).north, where(gcs).east)).toBeLessThan(2);
  });

  it('will not enter AUTO without a mission, nor on the ground without a takeoff first', async () => {
    const gcs = await ready();
    setMode(gcs, COPTER_MODE.COPTER_MODE_AUTO);
    expect(gcs.acks(MAV_CMD.MAV_CMD_DO_SET_MODE)).toEqual([MAV_RESULT_FAILED]);
    expect(gcs.texts()).toContain('Mode change to AUTO failed: init failed');
    upload(gcs, 'mission', [homeItem(), itemAt(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 30, 0, 10)]);
    armInGuided(gcs);
    gcs.clear();
    setMode(gcs, COPTER_MODE.COPTER_MODE_AUTO);
    expect(gcs.acks(MAV_CMD.MAV_CMD_DO_SET_MODE)).toEqual([MAV_RESULT_FAILED]);
    expect(gcs.texts()).toContain('Auto: Missing Takeoff Cmd');
    expect(gcs.sim.mode).toBe(COPTER_MODE.COPTER_MODE_GUIDED);
  });

  it('starts on MAV_CMD_MISSION_START, pauses and resumes, and goes to item N', async () => {
    const gcs = await ready();
    upload(gcs, 'mission', [
      homeItem(),
      itemAt(MAV_CMD.MAV_CMD_NAV_TAKEOFF, 0, 0, 10),
      itemAt(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 100, 0, 10),
      itemAt(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 100, 100, 10),
      itemAt(MAV_CMD.MAV_CMD_NAV_LOITER_UNLIM, 0, 100, 10),
    ]);
    armInGuided(gcs);
    gcs.command(MAV_CMD.MAV_CMD_MISSION_START);
    expect(gcs.acks(MAV_CMD.MAV_CMD_MISSION_START)).toEqual([MAV_RESULT_ACCEPTED]);
    expect(gcs.sim.mode).toBe(COPTER_MODE.COPTER_MODE_AUTO);
    runUntil(gcs, () => where(gcs).north > 30);

    gcs.command(MAV_CMD.MAV_CMD_DO_PAUSE_CONTINUE, [0]);
    gcs.run(6000);
    const held = where(gcs);
    gcs.run(5000);
    expect(Math.abs(where(gcs).north - held.north)).toBeLessThan(0.5);
    expect(gcs.last('MISSION_CURRENT')!.fields.mission_state).toBe(
      MISSION_STATE.MISSION_STATE_PAUSED,
    );
    gcs.command(MAV_CMD.MAV_CMD_DO_PAUSE_CONTINUE, [1]);
    gcs.run(3000);
    expect(where(gcs).north).toBeGreaterThan(held.north + 5);

    gcs.command(MAV_CMD.MAV_CMD_DO_SET_MISSION_CURRENT, [4]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_DO_PAUSE_CONTINUE)).toEqual([
      MAV_RESULT_ACCEPTED,
      MAV_RESULT_ACCEPTED,
    ]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_DO_SET_MISSION_CURRENT)).toEqual([MAV_RESULT_ACCEPTED]);
    expect(gcs.last('MISSION_CURRENT')!.fields.seq).toBe(4);
    runUntil(gcs, () => Math.hypot(where(gcs).north, where(gcs).east - 100) < 2);
    expect(reached(gcs)).toEqual([1]);
  });

  it('denies going to an item the mission does not have', async () => {
    const gcs = await ready();
    upload(gcs, 'mission', squareMission());
    gcs.command(MAV_CMD.MAV_CMD_DO_SET_MISSION_CURRENT, [6]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_DO_SET_MISSION_CURRENT)).toEqual([MAV_RESULT_DENIED]);
    gcs.send('MISSION_SET_CURRENT', { target_system: 1, target_component: 1, seq: 3 });
    expect(gcs.last('MISSION_CURRENT')!.fields).toMatchObject({
      seq: 3,
      mission_state: MISSION_STATE.MISSION_STATE_NOT_STARTED,
    });
  });
});

describe('the simulated copter after a reboot', () => {
  it('starts its mission afresh from item 0, then flies it with the copter that booted', async () => {
    const gcs = await ready();
    upload(gcs, 'mission', squareMission());
    armInGuided(gcs);
    setMode(gcs, COPTER_MODE.COPTER_MODE_AUTO);
    runUntil(gcs, () => reached(gcs).includes(2));
    // A power glitch in flight.
    gcs.sim.reboot();
    gcs.run(REBOOT_SILENCE_MS + 4000);
    gcs.clear();
    gcs.command(MAV_CMD.MAV_CMD_REQUEST_MESSAGE, [MSG_ID.MISSION_CURRENT]);
    expect(gcs.last('MISSION_CURRENT')!.fields).toMatchObject({
      seq: 0,
      total: 5,
      mission_state: MISSION_STATE.MISSION_STATE_NOT_STARTED,
    });
    armInGuided(gcs);
    setMode(gcs, COPTER_MODE.COPTER_MODE_AUTO);
    runUntil(gcs, () => !gcs.sim.armed);
    expect(reached(gcs)).toEqual([1, 2, 3, 4, 5]);
    expect(Math.hypot(where(gcs).north, where(gcs).east - 30)).toBeLessThan(2);
  });
});

describe('the simulated copter in GUIDED', () => {
  it('flies to a DO_REPOSITION target sent as COMMAND_INT', async () => {
    const gcs = await ready();
    flying(gcs);
    repositionInt(gcs, 40, -20, 25);
    expect(gcs.acks(MAV_CMD.MAV_CMD_DO_REPOSITION)).toEqual([MAV_RESULT_ACCEPTED]);
    runUntil(gcs, () => Math.hypot(where(gcs).north - 40, where(gcs).east + 20) < 1);
    gcs.run(10_000);
    expect(where(gcs).alt).toBeCloseTo(25, 0);
  });

  it('takes DO_REPOSITION only as COMMAND_INT, and only in GUIDED unless told to change mode', async () => {
    const gcs = await ready();
    flying(gcs);
    gcs.command(MAV_CMD.MAV_CMD_DO_REPOSITION, [-1, 0, 0, 0, -35.36, 149.16, 20]);
    setMode(gcs, COPTER_MODE.COPTER_MODE_LOITER);
    repositionInt(gcs, 10, 0, 10);
    repositionInt(gcs, 10, 0, 10, 1);
    expect(gcs.acks(MAV_CMD.MAV_CMD_DO_REPOSITION)).toEqual([
      MAV_RESULT_UNSUPPORTED,
      MAV_RESULT_DENIED,
      MAV_RESULT_ACCEPTED,
    ]);
    expect(gcs.sim.mode).toBe(COPTER_MODE.COPTER_MODE_GUIDED);
  });

  it('flies to a SET_POSITION_TARGET_GLOBAL_INT', async () => {
    const gcs = await ready();
    flying(gcs);
    const { lat, lon } = offsetPoint(DEFAULT_HOME, -30, 30);
    gcs.send('SET_POSITION_TARGET_GLOBAL_INT', {
      target_system: 1,
      target_component: 1,
      coordinate_frame: MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
      type_mask: 0xdf8,
      lat_int: Math.round(lat * 1e7),
      lon_int: Math.round(lon * 1e7),
      alt: 12,
    });
    runUntil(gcs, () => Math.hypot(where(gcs).north + 30, where(gcs).east - 30) < 1);
  });
});

describe('the geofence and rally points', () => {
  const vertex = MAV_CMD.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION;
  const square = [
    itemAt(vertex, -50, -50, 0, { param1: 4 }),
    itemAt(vertex, 50, -50, 0, { param1: 4 }),
    itemAt(vertex, 50, 50, 0, { param1: 4 }),
    itemAt(vertex, -50, 50, 0, { param1: 4 }),
  ];

  it('turns to RTL at a polygon breach, saying so as ArduPilot does', async () => {
    const gcs = await ready({ FENCE_ENABLE: 1 });
    upload(gcs, 'fence', square);
    flying(gcs);
    repositionInt(gcs, 100, 0, 10);
    runUntil(gcs, () => gcs.sim.mode === COPTER_MODE.COPTER_MODE_RTL);
    expect(where(gcs).north).toBeGreaterThan(49);
    expect(where(gcs).north).toBeLessThan(55);
    expect(gcs.texts()).toContain('Polygon fence breached');
    expect(gcs.texts()).toContain('Mode RTL');
    runUntil(gcs, () => !gcs.sim.armed);
    expect(Math.hypot(where(gcs).north, where(gcs).east)).toBeLessThan(2);
  });

  it('leaves the fence alone while FENCE_ENABLE is 0', async () => {
    const gcs = await ready();
    upload(gcs, 'fence', square);
    flying(gcs);
    repositionInt(gcs, 100, 0, 10);
    runUntil(gcs, () => where(gcs).north > 99);
    expect(gcs.sim.mode).toBe(COPTER_MODE.COPTER_MODE_GUIDED);
  });

  it('returns to the nearest rally point when it is nearer than home', async () => {
    const gcs = await ready();
    upload(gcs, 'rally', [
      itemAt(MAV_CMD.MAV_CMD_NAV_RALLY_POINT, 150, 0, 20),
      itemAt(MAV_CMD.MAV_CMD_NAV_RALLY_POINT, -200, 0, 20),
    ]);
    flying(gcs);
    repositionInt(gcs, 120, 0, 10);
    runUntil(gcs, () => where(gcs).north > 119);
    gcs.command(MAV_CMD.MAV_CMD_NAV_RETURN_TO_LAUNCH);
    runUntil(gcs, () => !gcs.sim.armed);
    const end = where(gcs);
    expect(Math.hypot(end.north - 150, end.east)).toBeLessThan(2);
    const landed = pointOffset(DEFAULT_HOME, gcs.sim.copter.position());
    expect(landed.north).toBeCloseTo(150, 0);
  });
});

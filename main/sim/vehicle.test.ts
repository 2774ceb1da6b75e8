import { describe, expect, it } from 'vitest';
import {
  COPTER_MODE,
  GPS_FIX_TYPE,
  MAV_AUTOPILOT,
  MAV_CMD,
  MAV_MODE_FLAG,
  MAV_RESULT,
  MAV_STATE,
  MAV_TYPE,
  MSG_ID,
} from '../mavlink/dialect';
import { DEFAULT_HOME, pointOffset } from './geo';
import { TestGcs, type Received } from './testing/scripted-gcs';

const { MAV_RESULT_ACCEPTED, MAV_RESULT_FAILED, MAV_RESULT_UNSUPPORTED } = MAV_RESULT;
const ARMED = MAV_MODE_FLAG.MAV_MODE_FLAG_SAFETY_ARMED;

/** A vehicle past its GPS fix, streaming what a GCS asked for, with what it sent so far forgotten. */
async function ready(): Promise<TestGcs> {
  const gcs = await TestGcs.start();
  gcs.requestStreams();
  gcs.run(4000);
  gcs.clear();
  return gcs;
}

function setMode(gcs: TestGcs, mode: number): void {
  gcs.command(MAV_CMD.MAV_CMD_DO_SET_MODE, [MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, mode]);
}

/** GUIDED, armed and climbing to `altitude`. */
async function takenOff(altitude = 10): Promise<TestGcs> {
  const gcs = await ready();
  setMode(gcs, COPTER_MODE.COPTER_MODE_GUIDED);
  gcs.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [1]);
  gcs.command(MAV_CMD.MAV_CMD_NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, altitude]);
  return gcs;
}

function metresFromHome(frame: Received): { north: number; east: number } {
  return pointOffset(DEFAULT_HOME, {
    lat: (frame.fields.lat as number) / 1e7,
    lon: (frame.fields.lon as number) / 1e7,
  });
}

function relAlt(gcs: TestGcs): number {
  return (gcs.last('GLOBAL_POSITION_INT')!.fields.relative_alt as number) / 1000;
}

describe('SimVehicle', () => {
  it('sends a HEARTBEAT once a second describing an ArduCopter quad in STABILIZE', async () => {
    const gcs = await TestGcs.start();
    gcs.run(10_000);
    const beats = gcs.named('HEARTBEAT');
    expect(beats.length).toBeGreaterThanOrEqual(10);
    expect(beats.length).toBeLessThanOrEqual(11);
    expect(beats[0]).toMatchObject({ sysid: 1, compid: 1, signed: false });
    expect(beats[0]!.fields).toMatchObject({
      type: MAV_TYPE.MAV_TYPE_QUADROTOR,
      autopilot: MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA,
      custom_mode: COPTER_MODE.COPTER_MODE_STABILIZE,
      system_status: MAV_STATE.MAV_STATE_STANDBY,
      mavlink_version: 3,
    });
    const base = beats[0]!.fields.base_mode as number;
    expect(base & MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED).not.toBe(0);
    expect(base & ARMED).toBe(0);
  });

  it('streams telemetry at the rates a GCS asks for', async () => {
    const gcs = await ready();
    gcs.run(10_000);
    const count = (name: string) => gcs.named(name).length;
    expect(count('ATTITUDE')).toBeGreaterThanOrEqual(95);
    expect(count('GLOBAL_POSITION_INT')).toBeGreaterThanOrEqual(48);
    expect(count('VFR_HUD')).toBeGreaterThanOrEqual(38);
    expect(count('GPS_RAW_INT')).toBeGreaterThanOrEqual(19);
    expect(count('SYS_STATUS')).toBeGreaterThanOrEqual(9);
    expect(count('BATTERY_STATUS')).toBeGreaterThanOrEqual(9);
    expect(gcs.last('GPS_RAW_INT')!.fields).toMatchObject({
      fix_type: GPS_FIX_TYPE.GPS_FIX_TYPE_3D_FIX,
      satellites_visible: 12,
      eph: 80,
    });
    expect(gcs.last('SYS_STATUS')!.fields.voltage_battery).toBeGreaterThan(16_000);
  });

  it('sends HOME_POSITION once the GPS has a fix', async () => {
    const gcs = await TestGcs.start();
    gcs.run(2000);
    expect(gcs.named('HOME_POSITION')).toHaveLength(0);
    gcs.run(2000);
    const homes = gcs.named('HOME_POSITION');
    expect(homes).toHaveLength(1);
    expect(homes[0]!.fields).toMatchObject({
      latitude: Math.round(DEFAULT_HOME.lat * 1e7),
      longitude: Math.round(DEFAULT_HOME.lon * 1e7),
      altitude: DEFAULT_HOME.altMsl * 1000,
    });
  });

  it('changes message rates on MAV_CMD_SET_MESSAGE_INTERVAL and REQUEST_DATA_STREAM', async () => {
    const gcs = await ready();
    gcs.command(MAV_CMD.MAV_CMD_SET_MESSAGE_INTERVAL, [MSG_ID.ATTITUDE, 20_000]);
    gcs.send('REQUEST_DATA_STREAM', {
      target_system: 1,
      target_component: 1,
      req_stream_id: 6, // MAV_DATA_STREAM_POSITION
      req_message_rate: 0,
      start_stop: 0,
    });
    expect(gcs.acks(MAV_CMD.MAV_CMD_SET_MESSAGE_INTERVAL)).toEqual([MAV_RESULT_ACCEPTED]);
    gcs.clear();
    gcs.run(2000);
    expect(gcs.named('ATTITUDE').length).toBeGreaterThanOrEqual(99);
    expect(gcs.named('GLOBAL_POSITION_INT')).toHaveLength(0);
  });

  it('arms on MAV_CMD_COMPONENT_ARM_DISARM and says so in its next HEARTBEAT', async () => {
    const gcs = await ready();
    gcs.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [1]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM)).toEqual([MAV_RESULT_ACCEPTED]);
    expect(gcs.named('COMMAND_ACK')[0]!.fields).toMatchObject({
      target_system: 255,
      target_component: 190,
    });
    gcs.run(1000);
    const beat = gcs.last('HEARTBEAT')!.fields;
    expect((beat.base_mode as number) & ARMED).toBe(ARMED);
    expect(beat.system_status).toBe(MAV_STATE.MAV_STATE_ACTIVE);
    expect(gcs.texts()).toContain('Arming motors');
    expect(gcs.events).toContainEqual({ kind: 'armed' });
  });

  it('refuses to arm in a mode that is not armable, with a PreArm text', async () => {
    const gcs = await ready();
    // (AUTO would do too, but it needs a mission first.)
    setMode(gcs, COPTER_MODE.COPTER_MODE_RTL);
    gcs.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [1]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM)).toEqual([MAV_RESULT_FAILED]);
    expect(gcs.texts()).toContain('PreArm: RTL mode not armable');
    expect(gcs.sim.armed).toBe(false);
  });

  it('arms in a non-armable mode when forced with param2 2989', async () => {
    const gcs = await ready();
    setMode(gcs, COPTER_MODE.COPTER_MODE_LAND);
    gcs.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [1, 2989]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM)).toEqual([MAV_RESULT_ACCEPTED]);
    expect(gcs.sim.armed).toBe(true);
  });

  it('does not take the force-disarm value 21196 as a forced arm', async () => {
    const gcs = await ready();
    setMode(gcs, COPTER_MODE.COPTER_MODE_LAND);
    gcs.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [1, 21196]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM)).toEqual([MAV_RESULT_FAILED]);
    expect(gcs.sim.armed).toBe(false);
  });

  it('refuses takeoff outside GUIDED or while disarmed', async () => {
    const gcs = await ready();
    gcs.command(MAV_CMD.MAV_CMD_NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 10]);
    setMode(gcs, COPTER_MODE.COPTER_MODE_GUIDED);
    gcs.command(MAV_CMD.MAV_CMD_NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 10]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_NAV_TAKEOFF)).toEqual([
      MAV_RESULT.MAV_RESULT_DENIED,
      MAV_RESULT.MAV_RESULT_TEMPORARILY_REJECTED,
    ]);
  });

  it('climbs to the takeoff altitude at about 2.5 m/s and holds it', async () => {
    const gcs = await takenOff(10);
    expect(gcs.acks(MAV_CMD.MAV_CMD_NAV_TAKEOFF)).toEqual([MAV_RESULT_ACCEPTED]);
    gcs.run(2000);
    const climb = gcs.last('VFR_HUD')!.fields.climb as number;
    expect(climb).toBeGreaterThan(2);
    expect(climb).toBeLessThan(2.6);
    expect(relAlt(gcs)).toBeGreaterThan(2);
    gcs.run(6000);
    expect(relAlt(gcs)).toBeGreaterThan(9.5);
    expect(relAlt(gcs)).toBeLessThan(10.5);
  });

  it('refuses to disarm while flying unless forced with param2 21196', async () => {
    const gcs = await takenOff(10);
    gcs.run(3000);
    gcs.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [0]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM).at(-1)).toBe(MAV_RESULT_FAILED);
    expect(gcs.sim.armed).toBe(true);
    gcs.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [0, 21196]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM).at(-1)).toBe(MAV_RESULT_ACCEPTED);
    expect(gcs.sim.armed).toBe(false);
  });

  it('does not take the force-arm value 2989 as a forced disarm in flight', async () => {
    const gcs = await takenOff(10);
    gcs.run(3000);
    gcs.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [0, 2989]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM).at(-1)).toBe(MAV_RESULT_FAILED);
    expect(gcs.sim.armed).toBe(true);
  });

  it('changes mode on SET_MODE, answering with COMMAND_ACK for message 11', async () => {
    const gcs = await ready();
    gcs.send('SET_MODE', {
      target_system: 1,
      base_mode: MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED,
      custom_mode: COPTER_MODE.COPTER_MODE_LOITER,
    });
    expect(gcs.acks(MSG_ID.SET_MODE)).toEqual([MAV_RESULT_ACCEPTED]);
    gcs.run(1000);
    expect(gcs.last('HEARTBEAT')!.fields.custom_mode).toBe(COPTER_MODE.COPTER_MODE_LOITER);
  });

  it('changes mode on MAV_CMD_DO_SET_MODE and refuses a mode it does not have', async () => {
    const gcs = await ready();
    setMode(gcs, COPTER_MODE.COPTER_MODE_ALT_HOLD);
    setMode(gcs, 99);
    expect(gcs.acks(MAV_CMD.MAV_CMD_DO_SET_MODE)).toEqual([MAV_RESULT_ACCEPTED, MAV_RESULT_FAILED]);
    gcs.run(1000);
    expect(gcs.last('HEARTBEAT')!.fields.custom_mode).toBe(COPTER_MODE.COPTER_MODE_ALT_HOLD);
    expect(gcs.events).toContainEqual({ kind: 'mode', mode: 2, name: 'ALT_HOLD' });
  });

  it('flies a circle of about 50 m radius in GUIDED after takeoff', async () => {
    const gcs = await takenOff(20);
    gcs.run(40_000);
    const center = gcs.sim.copter.circleCenter!;
    expect(center).toBeDefined();
    gcs.clear();
    gcs.run(30_000);
    const positions = gcs.named('GLOBAL_POSITION_INT').map(metresFromHome);
    for (const p of positions) {
      const r = Math.hypot(p.north - center.north, p.east - center.east);
      expect(r).toBeGreaterThan(45);
      expect(r).toBeLessThan(55);
    }
    const first = positions[0]!;
    const last = positions.at(-1)!;
    expect(Math.hypot(last.north - first.north, last.east - first.east)).toBeGreaterThan(30);
    const speed = gcs.last('VFR_HUD')!.fields.groundspeed as number;
    expect(speed).toBeGreaterThan(4.5);
    expect(speed).toBeLessThan(6);
    // Banked into the (clockwise) turn.
    expect(gcs.last('ATTITUDE')!.fields.roll as number).toBeGreaterThan(0.02);
  });

  it('returns home on MAV_CMD_NAV_RETURN_TO_LAUNCH, lands and disarms', async () => {
    const gcs = await takenOff(20);
    gcs.run(40_000);
    const away = metresFromHome(gcs.last('GLOBAL_POSITION_INT')!);
    expect(Math.hypot(away.north, away.east)).toBeGreaterThan(20);
    gcs.command(MAV_CMD.MAV_CMD_NAV_RETURN_TO_LAUNCH);
    expect(gcs.acks(MAV_CMD.MAV_CMD_NAV_RETURN_TO_LAUNCH)).toEqual([MAV_RESULT_ACCEPTED]);
    gcs.run(60_000);
    const home = metresFromHome(gcs.last('GLOBAL_POSITION_INT')!);
    expect(Math.hypot(home.north, home.east)).toBeLessThan(2);
    expect(relAlt(gcs)).toBeLessThan(0.1);
    expect(gcs.sim.armed).toBe(false);
    expect(gcs.texts()).toContain('Landed');
    expect(gcs.events).toContainEqual({ kind: 'disarmed' });
  });

  it('descends at about 1 m/s on MAV_CMD_NAV_LAND and disarms on the ground', async () => {
    const gcs = await takenOff(10);
    gcs.run(8000);
    gcs.command(MAV_CMD.MAV_CMD_NAV_LAND);
    gcs.run(3000);
    expect(gcs.last('VFR_HUD')!.fields.climb as number).toBeCloseTo(-1, 1);
    gcs.run(10_000);
    expect(gcs.sim.armed).toBe(false);
    expect(relAlt(gcs)).toBe(0);
  });

  it('drains the battery while armed', async () => {
    const gcs = await takenOff(10);
    gcs.run(60_000);
    const battery = gcs.last('BATTERY_STATUS')!.fields;
    expect(battery.current_consumed).toBeGreaterThan(150);
    expect(battery.battery_remaining).toBeLessThan(100);
  });

  it('answers MAV_CMD_REQUEST_MESSAGE for HOME_POSITION and AUTOPILOT_VERSION', async () => {
    const gcs = await ready();
    gcs.command(MAV_CMD.MAV_CMD_REQUEST_MESSAGE, [MSG_ID.HOME_POSITION]);
    gcs.command(MAV_CMD.MAV_CMD_REQUEST_MESSAGE, [MSG_ID.AUTOPILOT_VERSION]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_REQUEST_MESSAGE)).toEqual([
      MAV_RESULT_ACCEPTED,
      MAV_RESULT_ACCEPTED,
    ]);
    expect(gcs.named('HOME_POSITION')).toHaveLength(1);
    expect(gcs.named('AUTOPILOT_VERSION')).toHaveLength(1);
  });

  it('answers an unknown command with MAV_RESULT_UNSUPPORTED', async () => {
    const gcs = await ready();
    gcs.command(MAV_CMD.MAV_CMD_DO_SET_SERVO, [5, 1500]);
    expect(gcs.acks(MAV_CMD.MAV_CMD_DO_SET_SERVO)).toEqual([MAV_RESULT_UNSUPPORTED]);
  });

  it('ignores commands addressed to another system or component', async () => {
    const gcs = await ready();
    gcs.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [1], 2);
    gcs.send('COMMAND_LONG', {
      target_system: 1,
      target_component: 154,
      command: MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM,
      param1: 1,
    });
    expect(gcs.named('COMMAND_ACK')).toHaveLength(0);
    expect(gcs.sim.armed).toBe(false);
    expect(gcs.sim.stats.notForUs).toBe(2);
  });

  it('sends a long STATUSTEXT in chunks sharing an id', async () => {
    const gcs = await ready();
    gcs.send('PARAM_REQUEST_LIST', { target_system: 1, target_component: 1 });
    const chunked = gcs.named('STATUSTEXT').filter((r) => r.fields.id !== 0);
    expect(chunked.length).toBeGreaterThanOrEqual(2);
    expect(new Set(chunked.map((r) => r.fields.id)).size).toBe(1);
    expect(chunked.map((r) => r.fields.chunk_seq)).toEqual(chunked.map((_, i) => i));
    const text = chunked.map((r) => r.fields.text as string).join('');
    expect(text).toMatch(/^Sigil simulated copter: .*signing off$/);
  });
});

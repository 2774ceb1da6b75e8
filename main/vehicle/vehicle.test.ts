import { describe, expect, it } from 'vitest';
import {
  COPTER_MODE,
  GPS_FIX_TYPE,
  MAV_AUTOPILOT,
  MAV_MODE_FLAG,
  MAV_SEVERITY,
  MAV_STATE,
  MAV_SYS_STATUS_SENSOR as S,
  MAV_TYPE,
  PLANE_MODE,
  ROVER_MODE,
  SUB_MODE,
} from '../mavlink/dialect/enums';
import type { MessageMap, MessageName } from '../mavlink/dialect/types';
import { FakeIo, incoming } from './testing/fake-io';
import { px4CustomMode } from './modes';
import { isVehicleHeartbeat, Vehicle } from './vehicle';

function setup() {
  const io = new FakeIo();
  const vehicle = new Vehicle({ sysid: 1, compid: 1, io });
  const feed = <N extends MessageName>(
    name: N,
    fields: Partial<MessageMap[N]>,
    options: { compid?: number; signed?: boolean } = {},
  ) => vehicle.handle(incoming(name, fields, options), io.now());
  return { io, vehicle, feed };
}

const ARDUPILOT = MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA;

describe('Vehicle heartbeat', () => {
  it.each([
    ['Copter', MAV_TYPE.MAV_TYPE_QUADROTOR, COPTER_MODE.COPTER_MODE_ALT_HOLD, 'ALT_HOLD'],
    ['Heli', MAV_TYPE.MAV_TYPE_HELICOPTER, COPTER_MODE.COPTER_MODE_SMART_RTL, 'SMART_RTL'],
    ['Plane', MAV_TYPE.MAV_TYPE_FIXED_WING, PLANE_MODE.PLANE_MODE_FLY_BY_WIRE_A, 'FLY_BY_WIRE_A'],
    ['QuadPlane', MAV_TYPE.MAV_TYPE_VTOL_QUADROTOR, PLANE_MODE.PLANE_MODE_QLOITER, 'QLOITER'],
    ['Rover', MAV_TYPE.MAV_TYPE_GROUND_ROVER, ROVER_MODE.ROVER_MODE_HOLD, 'HOLD'],
    ['Boat', MAV_TYPE.MAV_TYPE_SURFACE_BOAT, ROVER_MODE.ROVER_MODE_LOITER, 'LOITER'],
    ['Sub', MAV_TYPE.MAV_TYPE_SUBMARINE, SUB_MODE.SUB_MODE_POSHOLD, 'POSHOLD'],
  ])('names the ArduPilot %s mode from custom_mode', (_kind, type, customMode, name) => {
    const { vehicle, feed, io } = setup();
    feed('HEARTBEAT', { type, autopilot: ARDUPILOT, custom_mode: customMode });
    const s = vehicle.snapshot(io.now());
    expect(s.mode).toBe(name);
    expect(s.modes).toContain(name);
    expect(s.autopilot).toBe('ARDUPILOTMEGA');
  });

  it.each([
    [1, 0, 'MANUAL'],
    [2, 0, 'ALTCTL'],
    [3, 0, 'POSCTL'],
    [4, 4, 'AUTO_MISSION'],
    [4, 5, 'AUTO_RTL'],
    [4, 10, 'AUTO_VTOL_TAKEOFF'],
    [6, 0, 'OFFBOARD'],
    [10, 0, 'TERMINATION'],
  ])('names the PX4 mode from main mode %i and sub mode %i', (main, sub, name) => {
    const { vehicle, feed, io } = setup();
    feed('HEARTBEAT', {
      type: MAV_TYPE.MAV_TYPE_QUADROTOR,
      autopilot: MAV_AUTOPILOT.MAV_AUTOPILOT_PX4,
      base_mode: MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED,
      custom_mode: px4CustomMode(main, sub),
    });
    expect(vehicle.snapshot(io.now()).mode).toBe(name);
  });

  it('reads PX4 main mode from bits 16-23 and sub mode from bits 24-31', () => {
    const { vehicle, feed, io } = setup();
    feed('HEARTBEAT', { autopilot: MAV_AUTOPILOT.MAV_AUTOPILOT_PX4, custom_mode: 0x0604_0000 });
    expect(vehicle.snapshot(io.now()).mode).toBe('AUTO_LAND');
  });

  it('fills type, autopilot and system status names', () => {
    const { vehicle, feed, io } = setup();
    feed('HEARTBEAT', {
      type: MAV_TYPE.MAV_TYPE_HEXAROTOR,
      autopilot: ARDUPILOT,
      system_status: MAV_STATE.MAV_STATE_STANDBY,
    });
    const s = vehicle.snapshot(io.now());
    expect(s).toMatchObject({ type: 'HEXAROTOR', autopilot: 'ARDUPILOTMEGA' });
    expect(s.systemStatus).toBe('STANDBY');
  });

  it('is armed exactly when base_mode has SAFETY_ARMED', () => {
    const { vehicle, feed, io } = setup();
    const armed = MAV_MODE_FLAG.MAV_MODE_FLAG_SAFETY_ARMED;
    const custom = MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED;
    feed('HEARTBEAT', { type: 2, autopilot: ARDUPILOT, base_mode: custom });
    expect(vehicle.snapshot(io.now()).armed).toBe(false);
    feed('HEARTBEAT', { type: 2, autopilot: ARDUPILOT, base_mode: custom | armed });
    expect(vehicle.snapshot(io.now()).armed).toBe(true);
  });

  it('records whether the heartbeat was signed', () => {
    const { vehicle, feed, io } = setup();
    feed('HEARTBEAT', { type: 2, autopilot: ARDUPILOT }, { signed: true });
    expect(vehicle.snapshot(io.now()).heartbeatSigned).toBe(true);
  });

  it('tells vehicle heartbeats from GCS and non-autopilot ones', () => {
    const fields = (type: number, autopilot: number) =>
      incoming('HEARTBEAT', { type, autopilot }).fields!;
    expect(isVehicleHeartbeat(fields(MAV_TYPE.MAV_TYPE_QUADROTOR, ARDUPILOT))).toBe(true);
    expect(isVehicleHeartbeat(fields(MAV_TYPE.MAV_TYPE_GCS, ARDUPILOT))).toBe(false);
    expect(
      isVehicleHeartbeat(fields(MAV_TYPE.MAV_TYPE_CAMERA, MAV_AUTOPILOT.MAV_AUTOPILOT_INVALID)),
    ).toBe(false);
  });

  it('produces a snapshot that survives JSON unchanged', () => {
    const { vehicle, feed, io } = setup();
    feed('HEARTBEAT', { type: 2, autopilot: ARDUPILOT });
    feed('GPS_RAW_INT', { time_usec: 123n, fix_type: 3, satellites_visible: 10 });
    feed('STATUSTEXT', { severity: 6, text: 'hello' });
    const s = vehicle.snapshot(io.now());
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('Vehicle link', () => {
  it('counts the link as lost after 3 s without a frame', () => {
    const { vehicle, feed, io } = setup();
    feed('HEARTBEAT', { type: 2, autopilot: ARDUPILOT });
    io.advance(2999);
    expect(vehicle.snapshot(io.now()).linkLost).toBe(false);
    io.advance(1);
    expect(vehicle.snapshot(io.now()).linkLost).toBe(true);
  });

  it('keeps the link while any frame of the vehicle arrives', () => {
    const { vehicle, feed, io } = setup();
    for (let i = 0; i < 10; i++) {
      feed('ATTITUDE', {});
      io.advance(1000);
    }
    expect(vehicle.snapshot(io.now()).linkLost).toBe(false);
  });

  it('emits link lost once after the silence and link back on the next frame', () => {
    const { vehicle, feed, io } = setup();
    const events: boolean[] = [];
    vehicle.events.on('link', (e) => events.push(e.lost));
    feed('HEARTBEAT', { type: 2, autopilot: ARDUPILOT });
    io.advance(2000);
    feed('ATTITUDE', {});
    io.advance(2999);
    expect(events).toEqual([]);
    io.advance(10_000);
    expect(events).toEqual([true]);
    feed('HEARTBEAT', { type: 2, autopilot: ARDUPILOT });
    expect(events).toEqual([true, false]);
  });
});

describe('Vehicle telemetry', () => {
  it('fills attitude in degrees from ATTITUDE', () => {
    const { vehicle, feed, io } = setup();
    feed('ATTITUDE', { roll: Math.PI / 2, pitch: -Math.PI / 4, yaw: Math.PI, yawspeed: 0.5 });
    const a = vehicle.snapshot(io.now()).attitude!;
    expect(a.roll).toBeCloseTo(90, 4);
    expect(a.pitch).toBeCloseTo(-45, 4);
    expect(a.yaw).toBeCloseTo(180, 4);
    expect(a.yawRate).toBeCloseTo(28.6479, 3);
  });

  it('fills global position from GLOBAL_POSITION_INT', () => {
    const { vehicle, feed, io } = setup();
    feed('GLOBAL_POSITION_INT', {
      lat: -353632620,
      lon: 1491652370,
      alt: 584_070,
      relative_alt: 10_250,
      vx: 150,
      vy: -20,
      vz: -50,
      hdg: 27_000,
    });
    expect(vehicle.snapshot(io.now()).position).toEqual({
      lat: -35.363262,
      lon: 149.165237,
      altAmsl: 584.07,
      altRelative: 10.25,
      vx: 1.5,
      vy: -0.2,
      vz: -0.5,
      heading: 270,
    });
  });

  it('reads an unknown GLOBAL_POSITION_INT heading as null', () => {
    const { vehicle, feed, io } = setup();
    feed('GLOBAL_POSITION_INT', { hdg: 0xffff });
    expect(vehicle.snapshot(io.now()).position!.heading).toBeNull();
  });

  it('fills home from HOME_POSITION', () => {
    const { vehicle, feed, io } = setup();
    feed('HOME_POSITION', { latitude: 515_000_000, longitude: -1_000_000, altitude: 45_500 });
    expect(vehicle.snapshot(io.now()).home).toEqual({ lat: 51.5, lon: -0.1, altAmsl: 45.5 });
  });

  it('fills GPS fix, satellites and HDOP from GPS_RAW_INT', () => {
    const { vehicle, feed, io } = setup();
    feed('GPS_RAW_INT', {
      fix_type: GPS_FIX_TYPE.GPS_FIX_TYPE_RTK_FIXED,
      satellites_visible: 17,
      eph: 87,
      lat: 1,
      lon: 2,
      alt: 3000,
    });
    expect(vehicle.snapshot(io.now()).gps).toEqual({
      fixType: 'RTK_FIXED',
      satellites: 17,
      hdop: 0.87,
      lat: 1e-7,
      lon: 2e-7,
      altAmsl: 3,
    });
  });

  it('fills battery and sensor lists from SYS_STATUS', () => {
    const { vehicle, feed, io } = setup();
    feed('SYS_STATUS', {
      voltage_battery: 12_600,
      current_battery: 1_520,
      battery_remaining: 87,
      onboard_control_sensors_present:
        S.MAV_SYS_STATUS_SENSOR_3D_GYRO | S.MAV_SYS_STATUS_SENSOR_GPS | S.MAV_SYS_STATUS_AHRS,
      onboard_control_sensors_enabled:
        S.MAV_SYS_STATUS_SENSOR_3D_GYRO | S.MAV_SYS_STATUS_SENSOR_GPS,
      onboard_control_sensors_health: S.MAV_SYS_STATUS_SENSOR_3D_GYRO,
    });
    const s = vehicle.snapshot(io.now());
    expect(s.battery).toEqual({ voltage: 12.6, current: 15.2, remaining: 87 });
    expect(s.sensors).toEqual({
      present: ['3D_GYRO', 'GPS', 'AHRS'],
      enabled: ['3D_GYRO', 'GPS'],
      healthy: ['3D_GYRO'],
    });
  });

  it('reads unknown SYS_STATUS battery values as null', () => {
    const { vehicle, feed, io } = setup();
    feed('SYS_STATUS', { voltage_battery: 0xffff, current_battery: -1, battery_remaining: -1 });
    expect(vehicle.snapshot(io.now()).battery).toEqual({
      voltage: null,
      current: null,
      remaining: null,
    });
  });

  it('lists each BATTERY_STATUS by id with the pack voltage summed from its cells', () => {
    const { vehicle, feed, io } = setup();
    const cells = [4100, 4100, 4100, ...Array<number>(7).fill(0xffff)];
    feed('BATTERY_STATUS', { id: 1, voltages: cells, current_battery: 250, battery_remaining: 50 });
    feed('BATTERY_STATUS', {
      id: 0,
      voltages: [16000, ...Array<number>(9).fill(0xffff)],
      current_battery: -1,
      battery_remaining: -1,
      current_consumed: 1200,
    });
    const [first, second] = vehicle.snapshot(io.now()).batteries;
    expect(first).toMatchObject({
      id: 0,
      voltage: 16,
      current: null,
      remaining: null,
      consumed: 1200,
    });
    expect(second).toMatchObject({ id: 1, voltage: 12.3, current: 2.5, remaining: 50 });
  });

  it('fills the HUD from VFR_HUD', () => {
    const { vehicle, feed, io } = setup();
    feed('VFR_HUD', {
      airspeed: 12.5,
      groundspeed: 11.25,
      heading: 90,
      throttle: 45,
      alt: 100.5,
      climb: -1.5,
    });
    expect(vehicle.snapshot(io.now()).hud).toEqual({
      airspeed: 12.5,
      groundspeed: 11.25,
      heading: 90,
      throttle: 45,
      alt: 100.5,
      climb: -1.5,
    });
  });

  it('emits change for telemetry but not for messages it does not keep', () => {
    const { vehicle, feed } = setup();
    let changes = 0;
    vehicle.events.on('change', () => changes++);
    feed('RAW_IMU', {});
    expect(changes).toBe(0);
    feed('VFR_HUD', {});
    expect(changes).toBe(1);
  });

  it('ignores other systems', () => {
    const { vehicle, io } = setup();
    vehicle.handle(incoming('VFR_HUD', { heading: 5 }, { sysid: 2 }), io.now());
    expect(vehicle.snapshot(io.now()).hud).toBeNull();
  });
});

describe('Vehicle status text', () => {
  it('keeps texts with severity name and time', () => {
    const { vehicle, feed, io } = setup();
    feed('STATUSTEXT', { severity: MAV_SEVERITY.MAV_SEVERITY_WARNING, text: 'PreArm: GPS' });
    expect(vehicle.snapshot(io.now()).statusTexts).toEqual([
      {
        time: io.now(),
        severity: 'WARNING',
        severityId: 4,
        text: 'PreArm: GPS',
        compid: 1,
        incomplete: false,
      },
    ]);
  });

  it('keeps texts from other components of its system, with their compid', () => {
    const { vehicle, feed, io } = setup();
    feed('STATUSTEXT', { severity: 6, text: 'camera ready' }, { compid: 100 });
    expect(vehicle.snapshot(io.now()).statusTexts[0]).toMatchObject({
      compid: 100,
      text: 'camera ready',
    });
  });

  it('keeps only the latest 200 texts', () => {
    const { vehicle, feed, io } = setup();
    for (let i = 0; i < 250; i++) feed('STATUSTEXT', { severity: 6, text: `t${i}` });
    const texts = vehicle.snapshot(io.now()).statusTexts;
    expect(texts).toHaveLength(200);
    expect(texts[0]!.text).toBe('t50');
    expect(texts[199]!.text).toBe('t249');
  });

  it('emits statustext for each text', () => {
    const { vehicle, feed } = setup();
    const seen: string[] = [];
    vehicle.events.on('statustext', (e) => seen.push(e.text));
    feed('STATUSTEXT', { severity: 6, text: 'one' });
    expect(seen).toEqual(['one']);
  });
});

// What the simulated copter streams and how often: per-message intervals
// that REQUEST_DATA_STREAM and MAV_CMD_SET_MESSAGE_INTERVAL change, and the
// messages themselves, built from the copter's state. As ArduPilot on a
// telemetry port, it sends only HEARTBEAT until a GCS asks for streams, and
// a reboot forgets what was asked.

import {
  GPS_FIX_TYPE,
  MAV_AUTOPILOT,
  MAV_BATTERY_CHARGE_STATE,
  MAV_BATTERY_FUNCTION,
  MAV_BATTERY_TYPE,
  MAV_DATA_STREAM,
  MAV_MODE_FLAG,
  MAV_PROTOCOL_CAPABILITY,
  MAV_STATE,
  MAV_SYS_STATUS_SENSOR as S,
  MAV_TYPE,
  MSG_ID,
  type MessageMap,
} from '../mavlink/dialect';
import type { Copter } from './flight';
import { headingDegrees } from './geo';
import { modeCircles, modeReturns } from './modes';

/** Messages sent on a schedule, with the rates they go at when asked for at "default" (Hz). */
export const DEFAULT_RATES_HZ: ReadonlyMap<number, number> = new Map([
  [MSG_ID.HEARTBEAT, 1],
  [MSG_ID.SYS_STATUS, 1],
  [MSG_ID.MISSION_CURRENT, 1],
  [MSG_ID.GPS_RAW_INT, 2],
  [MSG_ID.GLOBAL_POSITION_INT, 5],
  [MSG_ID.ATTITUDE, 10],
  [MSG_ID.VFR_HUD, 4],
  [MSG_ID.BATTERY_STATUS, 1],
  [MSG_ID.SYSTEM_TIME, 1],
]);

/** Sent whether asked or not: how a GCS finds the vehicle at all. */
const ALWAYS_SENT: ReadonlySet<number> = new Set([MSG_ID.HEARTBEAT]);

const DS = MAV_DATA_STREAM;

/**
 * ArduPilot's grouping of messages into the legacy data streams, cut down
 * to the messages this vehicle has. RAW_SENSORS (RAW_IMU, SCALED_PRESSURE)
 * and RC_CHANNELS (RC_CHANNELS, SERVO_OUTPUT_RAW) are known streams with
 * nothing in them here: asking for them is not an error.
 */
export const STREAM_GROUPS: ReadonlyMap<number, readonly number[]> = new Map([
  [DS.MAV_DATA_STREAM_RAW_SENSORS, []],
  [
    DS.MAV_DATA_STREAM_EXTENDED_STATUS,
    [MSG_ID.SYS_STATUS, MSG_ID.GPS_RAW_INT, MSG_ID.MISSION_CURRENT],
  ],
  [DS.MAV_DATA_STREAM_RC_CHANNELS, []],
  [DS.MAV_DATA_STREAM_POSITION, [MSG_ID.GLOBAL_POSITION_INT]],
  [DS.MAV_DATA_STREAM_EXTRA1, [MSG_ID.ATTITUDE]],
  [DS.MAV_DATA_STREAM_EXTRA2, [MSG_ID.VFR_HUD]],
  [DS.MAV_DATA_STREAM_EXTRA3, [MSG_ID.BATTERY_STATUS, MSG_ID.SYSTEM_TIME]],
]);

interface Slot {
  readonly defaultMs: number;
  intervalMs: number;
  nextMs: number;
}

/** When each scheduled message is next due. An interval of 0 means off. */
export class TelemetrySchedule {
  private readonly slots = new Map<number, Slot>();

  constructor(startMs: number) {
    for (const [id, hz] of DEFAULT_RATES_HZ) {
      const ms = 1000 / hz;
      const on = ALWAYS_SENT.has(id);
      this.slots.set(id, { defaultMs: ms, intervalMs: on ? ms : 0, nextMs: startMs });
    }
  }

  has(msgid: number): boolean {
    return this.slots.has(msgid);
  }

  /** Milliseconds between sends, 0 when off; undefined for a message not scheduled. */
  intervalMs(msgid: number): number | undefined {
    return this.slots.get(msgid)?.intervalMs;
  }

  /**
   * MAV_CMD_SET_MESSAGE_INTERVAL's rule: -1 stops the message, 0 restores
   * its default, anything else is microseconds. False for a message it
   * does not stream.
   */
  setIntervalUs(msgid: number, intervalUs: number, nowMs: number): boolean {
    const slot = this.slots.get(msgid);
    if (slot === undefined || !Number.isFinite(intervalUs)) return false;
    if (intervalUs < 0) slot.intervalMs = 0;
    else if (intervalUs === 0) slot.intervalMs = slot.defaultMs;
    else slot.intervalMs = Math.max(1, intervalUs / 1000);
    slot.nextMs = nowMs;
    return true;
  }

  /** REQUEST_DATA_STREAM: a rate in Hz for every message of a stream (0 or stop: off). */
  setStreamRate(stream: number, hz: number, start: boolean, nowMs: number): boolean {
    const ids =
      stream === DS.MAV_DATA_STREAM_ALL
        ? [...STREAM_GROUPS.values()].flat()
        : STREAM_GROUPS.get(stream);
    if (ids === undefined) return false;
    const us = !start || hz <= 0 ? -1 : 1_000_000 / hz;
    for (const id of ids) this.setIntervalUs(id, us, nowMs);
    return true;
  }

  /** The messages due at `nowMs`, each moved on to its next time. */
  due(nowMs: number): number[] {
    const out: number[] = [];
    for (const [id, slot] of this.slots) {
      if (slot.intervalMs === 0 || nowMs < slot.nextMs) continue;
      out.push(id);
      slot.nextMs += slot.intervalMs;
      // After a stall, start again from now rather than sending a backlog.
      if (slot.nextMs <= nowMs) slot.nextMs = nowMs + slot.intervalMs;
    }
    return out;
  }
}

export type Fields<N extends keyof MessageMap> = Partial<MessageMap[N]>;

export interface TimeBase {
  /** Milliseconds since the vehicle started. */
  bootMs: number;
  /** Unix milliseconds. */
  unixMs: number;
}

export function heartbeat(copter: Copter): Fields<'HEARTBEAT'> {
  let baseMode =
    MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED |
    MAV_MODE_FLAG.MAV_MODE_FLAG_STABILIZE_ENABLED |
    MAV_MODE_FLAG.MAV_MODE_FLAG_MANUAL_INPUT_ENABLED;
  if (modeCircles(copter.mode) || modeReturns(copter.mode)) {
    baseMode |= MAV_MODE_FLAG.MAV_MODE_FLAG_GUIDED_ENABLED;
  }
  if (copter.armed) baseMode |= MAV_MODE_FLAG.MAV_MODE_FLAG_SAFETY_ARMED;
  return {
    type: MAV_TYPE.MAV_TYPE_QUADROTOR,
    autopilot: MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA,
    base_mode: baseMode,
    custom_mode: copter.mode,
    system_status: copter.armed ? MAV_STATE.MAV_STATE_ACTIVE : MAV_STATE.MAV_STATE_STANDBY,
    mavlink_version: 3,
  };
}

const SENSORS =
  S.MAV_SYS_STATUS_SENSOR_3D_GYRO |
  S.MAV_SYS_STATUS_SENSOR_3D_ACCEL |
  S.MAV_SYS_STATUS_SENSOR_3D_MAG |
  S.MAV_SYS_STATUS_SENSOR_ABSOLUTE_PRESSURE |
  S.MAV_SYS_STATUS_SENSOR_GPS |
  S.MAV_SYS_STATUS_SENSOR_ANGULAR_RATE_CONTROL |
  S.MAV_SYS_STATUS_SENSOR_ATTITUDE_STABILIZATION |
  S.MAV_SYS_STATUS_SENSOR_YAW_POSITION |
  S.MAV_SYS_STATUS_SENSOR_Z_ALTITUDE_CONTROL |
  S.MAV_SYS_STATUS_SENSOR_XY_POSITION_CONTROL |
  S.MAV_SYS_STATUS_SENSOR_MOTOR_OUTPUTS |
  S.MAV_SYS_STATUS_AHRS |
  S.MAV_SYS_STATUS_SENSOR_BATTERY |
  S.MAV_SYS_STATUS_PREARM_CHECK;

export function sysStatus(copter: Copter): Fields<'SYS_STATUS'> {
  let health = SENSORS;
  if (!copter.hasFix) health &= ~(S.MAV_SYS_STATUS_SENSOR_GPS | S.MAV_SYS_STATUS_PREARM_CHECK);
  const b = copter.battery;
  return {
    // Bit 31 would need the extended fields; the flags fit in 31 bits.
    onboard_control_sensors_present: SENSORS >>> 0,
    onboard_control_sensors_enabled: SENSORS >>> 0,
    onboard_control_sensors_health: health >>> 0,
    load: copter.armed ? 310 : 180,
    voltage_battery: Math.round(b.voltage * 1000),
    current_battery: Math.round(b.current * 100),
    battery_remaining: Math.round(b.remaining),
  };
}

export function batteryStatus(copter: Copter): Fields<'BATTERY_STATUS'> {
  const b = copter.battery;
  const hoursLeft = b.current > 0 ? ((b.remaining / 100) * b.capacityMah) / 1000 / b.current : 0;
  return {
    id: 0,
    battery_function: MAV_BATTERY_FUNCTION.MAV_BATTERY_FUNCTION_ALL,
    type: MAV_BATTERY_TYPE.MAV_BATTERY_TYPE_LIPO,
    temperature: 32767,
    // ArduPilot puts the pack voltage in the first cell slot and marks the rest unknown.
    voltages: [Math.round(b.voltage * 1000), ...Array<number>(9).fill(65535)],
    current_battery: Math.round(b.current * 100),
    current_consumed: Math.round(b.consumedMah),
    energy_consumed: Math.round((b.consumedMah * 3.6 * b.voltage) / 100),
    battery_remaining: Math.round(b.remaining),
    time_remaining: Math.round(hoursLeft * 3600),
    charge_state:
      b.remaining > 20
        ? MAV_BATTERY_CHARGE_STATE.MAV_BATTERY_CHARGE_STATE_OK
        : MAV_BATTERY_CHARGE_STATE.MAV_BATTERY_CHARGE_STATE_LOW,
  };
}

export function gpsRawInt(copter: Copter, time: TimeBase): Fields<'GPS_RAW_INT'> {
  const p = copter.position();
  const fix = copter.hasFix;
  return {
    time_usec: BigInt(Math.round(time.unixMs)) * 1000n,
    fix_type: fix ? GPS_FIX_TYPE.GPS_FIX_TYPE_3D_FIX : GPS_FIX_TYPE.GPS_FIX_TYPE_NO_FIX,
    lat: fix ? Math.round(p.lat * 1e7) : 0,
    lon: fix ? Math.round(p.lon * 1e7) : 0,
    alt: fix ? Math.round(p.altMsl * 1000) : 0,
    eph: fix ? 80 : 9999,
    epv: fix ? 120 : 9999,
    vel: Math.round(copter.kin.groundSpeed * 100),
    cog: copter.kin.groundSpeed > 0.2 ? Math.round(headingDegrees(courseOf(copter)) * 100) : 0,
    satellites_visible: fix ? 12 : 3,
    alt_ellipsoid: fix ? Math.round((p.altMsl + 19.3) * 1000) : 0,
    h_acc: fix ? 500 : 0,
    v_acc: fix ? 800 : 0,
    vel_acc: fix ? 150 : 0,
    hdg_acc: 0,
  };
}

function courseOf(copter: Copter): number {
  return Math.atan2(copter.kin.ve, copter.kin.vn);
}

export function globalPositionInt(copter: Copter, time: TimeBase): Fields<'GLOBAL_POSITION_INT'> {
  const p = copter.position();
  const k = copter.kin;
  return {
    time_boot_ms: time.bootMs >>> 0,
    lat: Math.round(p.lat * 1e7),
    lon: Math.round(p.lon * 1e7),
    alt: Math.round(p.altMsl * 1000),
    relative_alt: Math.round(p.relAlt * 1000),
    vx: Math.round(k.vn * 100),
    vy: Math.round(k.ve * 100),
    vz: Math.round(k.vd * 100),
    hdg: Math.round(headingDegrees(k.yaw) * 100) % 36000,
  };
}

export function attitude(copter: Copter, time: TimeBase): Fields<'ATTITUDE'> {
  const k = copter.kin;
  return {
    time_boot_ms: time.bootMs >>> 0,
    roll: k.roll,
    pitch: k.pitch,
    yaw: k.yaw,
    rollspeed: k.rollRate,
    pitchspeed: k.pitchRate,
    yawspeed: k.yawRate,
  };
}

export function vfrHud(copter: Copter): Fields<'VFR_HUD'> {
  const k = copter.kin;
  const throttle = !copter.armed ? 0 : !k.airborne ? 10 : Math.round(38 + 8 * Math.max(0, -k.vd));
  return {
    airspeed: k.groundSpeed,
    groundspeed: k.groundSpeed,
    heading: Math.round(headingDegrees(k.yaw)) % 360,
    throttle,
    alt: copter.position().altMsl,
    climb: -k.vd,
  };
}

export function systemTime(time: TimeBase): Fields<'SYSTEM_TIME'> {
  return {
    time_unix_usec: BigInt(Math.round(time.unixMs)) * 1000n,
    time_boot_ms: time.bootMs >>> 0,
  };
}

export function homePosition(copter: Copter, time: TimeBase): Fields<'HOME_POSITION'> {
  const home = copter.home;
  return {
    latitude: Math.round(home.lat * 1e7),
    longitude: Math.round(home.lon * 1e7),
    altitude: Math.round(home.altMsl * 1000),
    x: 0,
    y: 0,
    z: 0,
    q: [1, 0, 0, 0],
    time_usec: BigInt(Math.round(time.unixMs)) * 1000n,
  };
}

/** STATUSTEXT's text field: longer texts go out in chunks of this many bytes. */
export const STATUSTEXT_LENGTH = 50;

/**
 * The STATUSTEXT payloads of one text. A text that fits goes out alone with
 * id 0; a longer one is cut into 50-byte chunks sharing a non-zero id, and
 * ends with a chunk shorter than 50 bytes (an empty one if need be), since a
 * short chunk is how a receiver knows the text is complete.
 */
export function statusTextChunks(
  severity: number,
  text: string,
  id: number,
): Fields<'STATUSTEXT'>[] {
  // ASCII only: one byte per character, so a chunk boundary never splits one.
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  if (ascii.length <= STATUSTEXT_LENGTH) return [{ severity, text: ascii, id: 0, chunk_seq: 0 }];
  const chunks: Fields<'STATUSTEXT'>[] = [];
  for (let at = 0, seq = 0; at <= ascii.length; at += STATUSTEXT_LENGTH, seq++) {
    chunks.push({ severity, text: ascii.slice(at, at + STATUSTEXT_LENGTH), id, chunk_seq: seq });
    if (ascii.length - at < STATUSTEXT_LENGTH) break;
  }
  return chunks;
}

const CAPABILITIES =
  MAV_PROTOCOL_CAPABILITY.MAV_PROTOCOL_CAPABILITY_MAVLINK2 |
  MAV_PROTOCOL_CAPABILITY.MAV_PROTOCOL_CAPABILITY_PARAM_FLOAT |
  MAV_PROTOCOL_CAPABILITY.MAV_PROTOCOL_CAPABILITY_COMMAND_INT |
  MAV_PROTOCOL_CAPABILITY.MAV_PROTOCOL_CAPABILITY_MISSION_INT |
  MAV_PROTOCOL_CAPABILITY.MAV_PROTOCOL_CAPABILITY_SET_POSITION_TARGET_GLOBAL_INT;

/** Version 4.6.0, official release (type 255), packed as major, minor, patch, type. */
const FLIGHT_SW_VERSION = (4 << 24) | (6 << 16) | (0 << 8) | 255;

export function autopilotVersion(sysid: number): Fields<'AUTOPILOT_VERSION'> {
  return {
    capabilities: BigInt(CAPABILITIES),
    flight_sw_version: FLIGHT_SW_VERSION >>> 0,
    middleware_sw_version: 0,
    os_sw_version: 0,
    board_version: 0,
    // The first 8 hex digits of a git hash, as ArduPilot reports it ("sigilsim").
    flight_custom_version: [...new TextEncoder().encode('sigilsim')],
    vendor_id: 0x1209,
    product_id: 0x5740,
    uid: BigInt(0x51_6700 + sysid),
  };
}

// Telemetry state from the vehicle's own messages, kept in SI-ish units a
// person reads (degrees, metres, volts) and JSON-safe: no bigint, and
// "unknown" sentinels (UINT16_MAX, -1, NaN) become null.

import type { Fields } from '../mavlink/codec';
import {
  GPS_FIX_TYPE,
  MAV_SYS_STATUS_SENSOR,
  MAV_SYS_STATUS_SENSOR_EXTENDED,
} from '../mavlink/dialect/enums';
import { enumLabel, flagLabels } from './enum-names';
import { fieldsOf } from './io';

export interface Attitude {
  roll: number;
  pitch: number;
  yaw: number;
  /** Degrees per second. */
  rollRate: number;
  pitchRate: number;
  yawRate: number;
}

export interface GlobalPosition {
  lat: number;
  lon: number;
  /** Metres above mean sea level. */
  altAmsl: number;
  /** Metres above home. */
  altRelative: number;
  /** North, east, down; metres per second. */
  vx: number;
  vy: number;
  vz: number;
  /** Degrees, null when the vehicle does not know. */
  heading: number | null;
}

export interface Home {
  lat: number;
  lon: number;
  altAmsl: number;
}

export interface Gps {
  /** GPS_FIX_TYPE without its prefix: NO_GPS, NO_FIX, 2D_FIX, 3D_FIX, ... */
  fixType: string;
  satellites: number | null;
  hdop: number | null;
  lat: number;
  lon: number;
  altAmsl: number;
}

export interface Battery {
  voltage: number | null;
  current: number | null;
  remaining: number | null;
}

export interface BatteryStatus extends Battery {
  id: number;
  /** mAh, null when unknown. */
  consumed: number | null;
  /** Degrees Celsius, null when unknown. */
  temperature: number | null;
}

export interface Hud {
  airspeed: number | null;
  groundspeed: number | null;
  heading: number;
  throttle: number;
  alt: number | null;
  climb: number | null;
}

export interface Sensors {
  /** MAV_SYS_STATUS_SENSOR names without the MAV_SYS_STATUS_(SENSOR_) prefix. */
  present: string[];
  enabled: string[];
  healthy: string[];
}

export interface Telemetry {
  attitude: Attitude | null;
  position: GlobalPosition | null;
  home: Home | null;
  gps: Gps | null;
  battery: Battery | null;
  batteries: BatteryStatus[];
  hud: Hud | null;
  sensors: Sensors | null;
  /** SYS_STATUS load, percent. */
  load: number | null;
}

export function emptyTelemetry(): Telemetry {
  return {
    attitude: null,
    position: null,
    home: null,
    gps: null,
    battery: null,
    batteries: [],
    hud: null,
    sensors: null,
    load: null,
  };
}

const DEG = 180 / Math.PI;
const UINT16_MAX = 0xffff;
const SENSOR_PREFIXES = ['MAV_SYS_STATUS_SENSOR_', 'MAV_SYS_STATUS_'];
const EXTENSION_USED = MAV_SYS_STATUS_SENSOR.MAV_SYS_STATUS_EXTENSION_USED;

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function unless(x: number, unknown: number, divisor = 1): number | null {
  return x === unknown ? null : x / divisor;
}

function sensorNames(mask: number, extended: number, extensionUsed: boolean): string[] {
  const names = flagLabels(MAV_SYS_STATUS_SENSOR, mask, SENSOR_PREFIXES, EXTENSION_USED);
  if (extensionUsed)
    names.push(...flagLabels(MAV_SYS_STATUS_SENSOR_EXTENDED, extended, SENSOR_PREFIXES));
  return names;
}

/** Applies one message to `t`; false when the message carries no telemetry kept here. */
export function applyTelemetry(t: Telemetry, name: string, fields: Fields): boolean {
  switch (name) {
    case 'ATTITUDE': {
      const f = fieldsOf('ATTITUDE', fields);
      t.attitude = {
        roll: f.roll * DEG,
        pitch: f.pitch * DEG,
        yaw: f.yaw * DEG,
        rollRate: f.rollspeed * DEG,
        pitchRate: f.pitchspeed * DEG,
        yawRate: f.yawspeed * DEG,
      };
      return true;
    }
    case 'GLOBAL_POSITION_INT': {
      const f = fieldsOf('GLOBAL_POSITION_INT', fields);
      t.position = {
        lat: f.lat / 1e7,
        lon: f.lon / 1e7,
        altAmsl: f.alt / 1000,
        altRelative: f.relative_alt / 1000,
        vx: f.vx / 100,
        vy: f.vy / 100,
        vz: f.vz / 100,
        heading: unless(f.hdg, UINT16_MAX, 100),
      };
      return true;
    }
    case 'HOME_POSITION': {
      const f = fieldsOf('HOME_POSITION', fields);
      t.home = { lat: f.latitude / 1e7, lon: f.longitude / 1e7, altAmsl: f.altitude / 1000 };
      return true;
    }
    case 'GPS_RAW_INT': {
      const f = fieldsOf('GPS_RAW_INT', fields);
      t.gps = {
        fixType: enumLabel(GPS_FIX_TYPE, f.fix_type, ['GPS_FIX_TYPE_']),
        satellites: unless(f.satellites_visible, 255),
        hdop: unless(f.eph, UINT16_MAX, 100),
        lat: f.lat / 1e7,
        lon: f.lon / 1e7,
        altAmsl: f.alt / 1000,
      };
      return true;
    }
    case 'SYS_STATUS': {
      const f = fieldsOf('SYS_STATUS', fields);
      const extended = (f.onboard_control_sensors_present & EXTENSION_USED) !== 0;
      t.battery = {
        voltage: unless(f.voltage_battery, UINT16_MAX, 1000),
        current: unless(f.current_battery, -1, 100),
        remaining: unless(f.battery_remaining, -1),
      };
      t.sensors = {
        present: sensorNames(
          f.onboard_control_sensors_present,
          f.onboard_control_sensors_present_extended,
          extended,
        ),
        enabled: sensorNames(
          f.onboard_control_sensors_enabled,
          f.onboard_control_sensors_enabled_extended,
          extended,
        ),
        healthy: sensorNames(
          f.onboard_control_sensors_health,
          f.onboard_control_sensors_health_extended,
          extended,
        ),
      };
      t.load = f.load / 10;
      return true;
    }
    case 'BATTERY_STATUS': {
      const f = fieldsOf('BATTERY_STATUS', fields);
      const battery: BatteryStatus = {
        id: f.id,
        voltage: batteryVoltage(f.voltages, f.voltages_ext),
        current: unless(f.current_battery, -1, 100),
        remaining: unless(f.battery_remaining, -1),
        consumed: unless(f.current_consumed, -1),
        temperature: unless(f.temperature, 0x7fff, 100),
      };
      const at = t.batteries.findIndex((b) => b.id === f.id);
      if (at >= 0) t.batteries[at] = battery;
      else t.batteries = [...t.batteries, battery].sort((a, b) => a.id - b.id);
      return true;
    }
    case 'VFR_HUD': {
      const f = fieldsOf('VFR_HUD', fields);
      t.hud = {
        airspeed: finite(f.airspeed),
        groundspeed: finite(f.groundspeed),
        heading: f.heading,
        throttle: f.throttle,
        alt: finite(f.alt),
        climb: finite(f.climb),
      };
      return true;
    }
    default:
      return false;
  }
}

/**
 * The pack voltage from BATTERY_STATUS cells (mV): UINT16_MAX marks a cell
 * not present; cells 11-14 are in voltages_ext, where 0 means unused.
 */
function batteryVoltage(cells: number[], ext: number[]): number | null {
  let mv = 0;
  let any = false;
  for (const c of cells) {
    if (c === UINT16_MAX) continue;
    mv += c;
    any = true;
  }
  for (const c of ext) {
    if (c === 0) continue;
    mv += c;
    any = true;
  }
  return any ? mv / 1000 : null;
}

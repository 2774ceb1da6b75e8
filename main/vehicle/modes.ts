// Flight mode names. ArduPilot's come from the dialect's COPTER_MODE,
// PLANE_MODE, ROVER_MODE, SUB_MODE and TRACKER_MODE enums (prefix
// stripped), chosen by the HEARTBEAT's vehicle type. PX4 packs a main mode
// and a sub mode into custom_mode (px4_custom_mode.h): main mode in bits
// 16-23, sub mode in bits 24-31; PX4 is not in the dialect, so its numbers
// are listed here.

import {
  COPTER_MODE,
  MAV_AUTOPILOT,
  MAV_TYPE,
  PLANE_MODE,
  ROVER_MODE,
  SUB_MODE,
  TRACKER_MODE,
} from '../mavlink/dialect/enums';

export type ModeFamily = 'copter' | 'plane' | 'rover' | 'sub' | 'tracker' | 'px4';

/** What a set-mode request carries. */
export interface ModeRequest {
  name: string;
  customMode: number;
  /** PX4 only: DO_SET_MODE takes main and sub mode as param2 and param3. */
  px4?: { main: number; sub: number };
}

export interface ModeTable {
  readonly family: ModeFamily;
  /** Every mode name that can be requested, in number order. */
  readonly names: readonly string[];
  nameOf(customMode: number): string;
  /** The request for a mode name (case and spaces forgiven), or undefined if there is none. */
  request(name: string): ModeRequest | undefined;
}

export function normalizeModeName(name: string): string {
  return name
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
}

function arduPilotTable(family: ModeFamily, e: Readonly<Record<string, number>>, prefix: string) {
  const byNumber = new Map<number, string>();
  const byName = new Map<string, number>();
  for (const [full, value] of Object.entries(e).sort((a, b) => a[1] - b[1])) {
    const name = full.startsWith(prefix) ? full.slice(prefix.length) : full;
    if (!byNumber.has(value)) byNumber.set(value, name);
    byName.set(name, value);
  }
  const table: ModeTable = {
    family,
    names: [...byName.keys()],
    nameOf: (customMode) => byNumber.get(customMode) ?? `UNKNOWN_${customMode}`,
    request(name) {
      const key = normalizeModeName(name);
      const customMode = byName.get(key);
      return customMode === undefined ? undefined : { name: key, customMode };
    },
  };
  return table;
}

const COPTER = arduPilotTable('copter', COPTER_MODE, 'COPTER_MODE_');
const PLANE = arduPilotTable('plane', PLANE_MODE, 'PLANE_MODE_');
const ROVER = arduPilotTable('rover', ROVER_MODE, 'ROVER_MODE_');
const SUB = arduPilotTable('sub', SUB_MODE, 'SUB_MODE_');
const TRACKER = arduPilotTable('tracker', TRACKER_MODE, 'TRACKER_MODE_');

const ARDUPILOT_BY_TYPE = new Map<number, ModeTable>([
  [MAV_TYPE.MAV_TYPE_QUADROTOR, COPTER],
  [MAV_TYPE.MAV_TYPE_COAXIAL, COPTER],
  [MAV_TYPE.MAV_TYPE_HELICOPTER, COPTER],
  [MAV_TYPE.MAV_TYPE_HEXAROTOR, COPTER],
  [MAV_TYPE.MAV_TYPE_OCTOROTOR, COPTER],
  [MAV_TYPE.MAV_TYPE_TRICOPTER, COPTER],
  [MAV_TYPE.MAV_TYPE_DODECAROTOR, COPTER],
  [MAV_TYPE.MAV_TYPE_DECAROTOR, COPTER],
  [MAV_TYPE.MAV_TYPE_GENERIC_MULTIROTOR, COPTER],
  [MAV_TYPE.MAV_TYPE_FIXED_WING, PLANE],
  [MAV_TYPE.MAV_TYPE_FLAPPING_WING, PLANE],
  // QuadPlanes report a VTOL type.
  [MAV_TYPE.MAV_TYPE_VTOL_DUOROTOR, PLANE],
  [MAV_TYPE.MAV_TYPE_VTOL_QUADROTOR, PLANE],
  [MAV_TYPE.MAV_TYPE_VTOL_TILTROTOR, PLANE],
  [MAV_TYPE.MAV_TYPE_VTOL_RESERVED2, PLANE],
  [MAV_TYPE.MAV_TYPE_VTOL_RESERVED3, PLANE],
  [MAV_TYPE.MAV_TYPE_VTOL_RESERVED4, PLANE],
  [MAV_TYPE.MAV_TYPE_VTOL_RESERVED5, PLANE],
  [MAV_TYPE.MAV_TYPE_GROUND_ROVER, ROVER],
  [MAV_TYPE.MAV_TYPE_SURFACE_BOAT, ROVER],
  [MAV_TYPE.MAV_TYPE_SUBMARINE, SUB],
  [MAV_TYPE.MAV_TYPE_ANTENNA_TRACKER, TRACKER],
]);

// px4_custom_mode.h: PX4_CUSTOM_MAIN_MODE and PX4_CUSTOM_SUB_MODE_AUTO.
const PX4_MAIN_AUTO = 4;
const PX4_MAIN: readonly (readonly [number, string])[] = [
  [1, 'MANUAL'],
  [2, 'ALTCTL'],
  [3, 'POSCTL'],
  [PX4_MAIN_AUTO, 'AUTO'],
  [5, 'ACRO'],
  [6, 'OFFBOARD'],
  [7, 'STABILIZED'],
  [8, 'RATTITUDE'],
  [9, 'SIMPLE'],
  [10, 'TERMINATION'],
];
const PX4_AUTO_SUB: readonly (readonly [number, string])[] = [
  [1, 'READY'],
  [2, 'TAKEOFF'],
  [3, 'LOITER'],
  [4, 'MISSION'],
  [5, 'RTL'],
  [6, 'LAND'],
  // 7 was RTGS, retired.
  [8, 'FOLLOW_TARGET'],
  [9, 'PRECLAND'],
  [10, 'VTOL_TAKEOFF'],
];

export function px4CustomMode(main: number, sub: number): number {
  return ((sub & 0xff) * 0x100_0000 + (main & 0xff) * 0x1_0000) >>> 0;
}

const PX4: ModeTable = (() => {
  const byName = new Map<string, { main: number; sub: number }>();
  const mainNames = new Map(PX4_MAIN);
  const subNames = new Map(PX4_AUTO_SUB);
  for (const [main, name] of PX4_MAIN) {
    if (main === PX4_MAIN_AUTO) {
      for (const [sub, subName] of PX4_AUTO_SUB) byName.set(`AUTO_${subName}`, { main, sub });
    } else {
      byName.set(name, { main, sub: 0 });
    }
  }
  return {
    family: 'px4',
    names: [...byName.keys()],
    nameOf(customMode) {
      const main = (customMode >>> 16) & 0xff;
      const sub = (customMode >>> 24) & 0xff;
      const mainName = mainNames.get(main);
      if (mainName === undefined) return `UNKNOWN_${main}`;
      if (main !== PX4_MAIN_AUTO || sub === 0) return mainName;
      return `AUTO_${subNames.get(sub) ?? `UNKNOWN_${sub}`}`;
    },
    request(name) {
      const key = normalizeModeName(name);
      const mode = byName.get(key);
      if (mode === undefined) return undefined;
      return { name: key, customMode: px4CustomMode(mode.main, mode.sub), px4: mode };
    },
  };
})();

/** The mode table for a vehicle's HEARTBEAT autopilot and type, if Sigil knows one. */
export function modeTableFor(autopilot: number, type: number): ModeTable | undefined {
  if (autopilot === MAV_AUTOPILOT.MAV_AUTOPILOT_PX4) return PX4;
  if (autopilot === MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA) return ARDUPILOT_BY_TYPE.get(type);
  return undefined;
}

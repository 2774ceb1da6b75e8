// Mission items as the mission protocol carries them, one shape for all
// three mission types: what MISSION_ITEM_INT holds, without the addressing
// (target, seq, mission_type), which the transfer adds. x and y are the
// message's integers: degrees times 1e7 in global frames, metres times 1e4
// in local ones, the raw value in MAV_FRAME_MISSION. param1..4 and z are
// float32 on the wire; NaN ("no value", such as a yaw left to the vehicle)
// is a value like any other.

import { MAV_CMD, MAV_FRAME, MAV_MISSION_TYPE } from '../mavlink/dialect/enums';
import type { MISSION_ITEM_INT } from '../mavlink/dialect/types';

export type MissionType = 'mission' | 'fence' | 'rally';

export const MISSION_TYPES: readonly MissionType[] = ['mission', 'fence', 'rally'];

export interface MissionItem {
  /** MAV_FRAME. */
  frame: number;
  /** MAV_CMD. */
  command: number;
  current: boolean;
  autocontinue: boolean;
  param1: number;
  param2: number;
  param3: number;
  param4: number;
  x: number;
  y: number;
  z: number;
}

/** An item of nothing but `fields`: otherwise a waypoint at 0, 0, 0 above home, every param 0. */
export function itemWith(fields: Partial<MissionItem>): MissionItem {
  return {
    frame: MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT,
    command: MAV_CMD.MAV_CMD_NAV_WAYPOINT,
    current: false,
    autocontinue: true,
    param1: 0,
    param2: 0,
    param3: 0,
    param4: 0,
    x: 0,
    y: 0,
    z: 0,
    ...fields,
  };
}

const TYPE_IDS: { readonly [T in MissionType]: number } = {
  mission: MAV_MISSION_TYPE.MAV_MISSION_TYPE_MISSION,
  fence: MAV_MISSION_TYPE.MAV_MISSION_TYPE_FENCE,
  rally: MAV_MISSION_TYPE.MAV_MISSION_TYPE_RALLY,
};

export function missionTypeId(type: MissionType): number {
  return TYPE_IDS[type];
}

/** The mission type of a MAV_MISSION_TYPE value; undefined for ALL and unknown values. */
export function missionTypeOf(id: number): MissionType | undefined {
  return MISSION_TYPES.find((t) => TYPE_IDS[t] === id);
}

/** How a person names the plan of each type. */
export function missionTypeNoun(type: MissionType): string {
  return type === 'mission' ? 'mission' : type === 'fence' ? 'geofence' : 'rally points';
}

const GLOBAL_FRAMES: ReadonlySet<number> = new Set([
  MAV_FRAME.MAV_FRAME_GLOBAL,
  MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT,
  MAV_FRAME.MAV_FRAME_GLOBAL_INT,
  MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
  MAV_FRAME.MAV_FRAME_GLOBAL_TERRAIN_ALT,
  MAV_FRAME.MAV_FRAME_GLOBAL_TERRAIN_ALT_INT,
]);

/** Whether x and y are latitude and longitude (degrees times 1e7). */
export function isGlobalFrame(frame: number): boolean {
  return GLOBAL_FRAMES.has(frame);
}

/**
 * What MISSION_ITEM_INT's x and y hold in `frame`, scaled to the unit a
 * file or a person uses (degrees, metres): the scale to divide by.
 */
export function positionScale(frame: number): number {
  if (isGlobalFrame(frame)) return 1e7;
  if (frame === MAV_FRAME.MAV_FRAME_MISSION) return 1;
  return 1e4;
}

/** x or y as a file writes it (degrees, metres, or the raw value). */
export function positionToUnits(value: number, frame: number): number {
  return value / positionScale(frame);
}

/** x or y back from a file's units; rounds to the integer the message carries. */
export function positionFromUnits(value: number, frame: number): number {
  return Math.round(value * positionScale(frame));
}

/** The fields of a MISSION_ITEM_INT carrying `item` as item `seq` of `type`. */
export function itemFields(
  item: MissionItem,
  seq: number,
  type: MissionType,
  target: { readonly sysid: number; readonly compid: number },
): Partial<MISSION_ITEM_INT> {
  return {
    target_system: target.sysid,
    target_component: target.compid,
    seq,
    frame: item.frame,
    command: item.command,
    current: item.current ? 1 : 0,
    autocontinue: item.autocontinue ? 1 : 0,
    param1: item.param1,
    param2: item.param2,
    param3: item.param3,
    param4: item.param4,
    x: item.x,
    y: item.y,
    z: item.z,
    mission_type: missionTypeId(type),
  };
}

/** The item a MISSION_ITEM_INT carries. */
export function itemOf(f: MISSION_ITEM_INT): MissionItem {
  return {
    frame: f.frame,
    command: f.command,
    current: f.current !== 0,
    autocontinue: f.autocontinue !== 0,
    param1: f.param1,
    param2: f.param2,
    param3: f.param3,
    param4: f.param4,
    x: f.x,
    y: f.y,
    z: f.z,
  };
}

/** `item` as the vehicle will hold it: its floats rounded to float32, its integers to int32. */
export function asSent(item: MissionItem): MissionItem {
  return {
    ...item,
    param1: Math.fround(item.param1),
    param2: Math.fround(item.param2),
    param3: Math.fround(item.param3),
    param4: Math.fround(item.param4),
    x: item.x | 0,
    y: item.y | 0,
    z: Math.fround(item.z),
  };
}

/** Whether two items hold the same values (NaN equal to NaN). */
export function sameItem(a: MissionItem, b: MissionItem): boolean {
  return (
    a.frame === b.frame &&
    a.command === b.command &&
    a.current === b.current &&
    a.autocontinue === b.autocontinue &&
    same(a.param1, b.param1) &&
    same(a.param2, b.param2) &&
    same(a.param3, b.param3) &&
    same(a.param4, b.param4) &&
    a.x === b.x &&
    a.y === b.y &&
    same(a.z, b.z)
  );
}

function same(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

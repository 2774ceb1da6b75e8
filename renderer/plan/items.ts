// Items of a plan as the Api carries them (MISSION_ITEM_INT without its
// addressing): x and y are degrees times 1e7 in global frames; null in a
// float field is NaN on the vehicle ("no value"). And what reading a
// vehicle's items into the editor gives back.

import type { LatLon } from '../components/geo';

export type MissionType = 'mission' | 'fence' | 'rally';

export interface MissionItem {
  /** MAV_FRAME. */
  frame: number;
  /** MAV_CMD. */
  command: number;
  current: boolean;
  autocontinue: boolean;
  param1: number | null;
  param2: number | null;
  param3: number | null;
  param4: number | null;
  x: number;
  y: number;
  z: number | null;
}

/** Degrees as MISSION_ITEM_INT carries them. */
export function toE7(degrees: number): number {
  return Math.round(degrees * 1e7);
}

/** x and y of an item in a global frame, in degrees. */
export function latLonOf(item: MissionItem): LatLon {
  return { lat: item.x / 1e7, lon: item.y / 1e7 };
}

export interface FromItems<T> {
  value: T;
  /** What could not be read, in plain words (the rest is kept). */
  problems: string[];
}

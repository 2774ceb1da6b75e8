// Items of a plan as the Api carries them (protocol/wire-types.ts): their
// places in degrees, and what reading a vehicle's items into the editor
// gives back.

import type { MissionItem } from '../../protocol/wire-types';
import type { LatLon } from '../components/geo';

/** Degrees as MISSION_ITEM_INT carries them. */
export function toE7(degrees: number): number {
  return Math.round(degrees * 1e7);
}

/** x and y of an item in a global frame, in degrees. */
export function latLonOf(item: MissionItem): LatLon {
  return { lat: item.x / 1e7, lon: item.y / 1e7 };
}

/** An item at a place: `param1` given, the other parameters 0 (as files and vehicles write them). */
export function itemAt(
  command: number,
  frame: number,
  at: LatLon,
  param1: number,
  z: number,
): MissionItem {
  return {
    frame,
    command,
    current: false,
    autocontinue: true,
    param1,
    param2: 0,
    param3: 0,
    param4: 0,
    x: toE7(at.lat),
    y: toE7(at.lon),
    z,
  };
}

export interface FromItems<T> {
  value: T;
  /** What could not be read, in plain words (the rest is kept). */
  problems: string[];
}

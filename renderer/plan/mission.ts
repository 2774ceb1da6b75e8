// The mission being planned: home (item 0 on ArduPilot, which keeps its
// own home there) and the items the vehicle flies, 1 to n. Items are the
// wire's own, so an item the editor does not know (from a file, from the
// vehicle) goes back exactly as it came. Every change is a pure function
// giving a new mission; index i of `items` is item i + 1 on the vehicle.

import { MISSION_COMMANDS as C, MISSION_FRAMES as F } from '../../protocol/mission-numbers';
import type { MissionItem } from '../../protocol/wire-types';
import { midpoint, type LatLon } from '../components/geo';
import { commandSpec, initialParams, type CommandSpec } from './commands';
import {
  altitudeFrameOf,
  frameFor,
  isGlobalFrame,
  NO_PLACE_FRAME,
  type AltitudeFrame,
} from './frames';
import { itemAt, latLonOf, toE7 } from './items';

export interface Mission {
  /** Item 0: where the mission starts; null until a place is known. */
  readonly home: MissionItem | null;
  readonly items: readonly MissionItem[];
}

export const EMPTY_MISSION: Mission = { home: null, items: [] };

/** What a new item takes when nothing before it says otherwise. */
export interface ItemDefaults {
  altitude: number;
  frame: AltitudeFrame;
}

export const DEFAULT_ITEM: ItemDefaults = { altitude: 20, frame: 'relative' };

/** The place an item goes to; null when it is not a place, or is "where the vehicle is" (0, 0). */
export function itemPlace(item: MissionItem): LatLon | null {
  if (!isGlobalFrame(item.frame) || (item.x === 0 && item.y === 0)) return null;
  return latLonOf(item);
}

/** Whether the map shows the item as a place (commands without one have none). */
export function hasPlace(item: MissionItem): boolean {
  return itemPlace(item) !== null;
}

/** Home as a place, or null. */
export function homePlace(mission: Mission): LatLon | null {
  return mission.home === null ? null : itemPlace(mission.home);
}

/** A home item at `at`, `altitudeAmsl` metres above sea level, as ArduPilot sends its own. */
export function homeItem(at: LatLon, altitudeAmsl: number): MissionItem {
  return itemAt(C.MAV_CMD_NAV_WAYPOINT, F.MAV_FRAME_GLOBAL, at, 0, altitudeAmsl);
}

/** A new item of a command the editor knows, at `at` (null: in place, or not a place). */
export function newItem(spec: CommandSpec, at: LatLon | null, defaults: ItemDefaults): MissionItem {
  const [param1, param2, param3, param4] = initialParams(spec);
  const placed = spec.place !== 'none';
  return {
    frame: placed ? frameFor(defaults.frame) : NO_PLACE_FRAME,
    command: spec.command,
    current: false,
    autocontinue: true,
    param1,
    param2,
    param3,
    param4,
    x: placed && at !== null ? toE7(at.lat) : 0,
    y: placed && at !== null ? toE7(at.lon) : 0,
    z: placed ? defaults.altitude : 0,
  };
}

function spec(command: number): CommandSpec {
  const found = commandSpec(command);
  if (found === undefined) throw new Error(`command ${command} is not one the editor offers`);
  return found;
}

/** The altitude and frame of the last item before `index` that has them, else `fallback`. */
export function defaultsAt(mission: Mission, index: number, fallback: ItemDefaults): ItemDefaults {
  for (let i = Math.min(index, mission.items.length) - 1; i >= 0; i--) {
    const item = mission.items[i]!;
    const frame = altitudeFrameOf(item.frame);
    if (frame !== null && item.z !== null) return { altitude: item.z, frame };
  }
  return fallback;
}

function replaceAt(mission: Mission, index: number, item: MissionItem): Mission {
  if (index < 0 || index >= mission.items.length) return mission;
  const items = mission.items.slice();
  items[index] = item;
  return { ...mission, items };
}

/** `item` put in at `index` (0: first after home; the length: last). */
export function insertItem(mission: Mission, index: number, item: MissionItem): Mission {
  const at = Math.max(0, Math.min(index, mission.items.length));
  const items = mission.items.slice();
  items.splice(at, 0, item);
  return { ...mission, items };
}

/**
 * A click on the map: a waypoint there, at the altitude of the items before
 * it. An empty mission first gets a takeoff in place, which AUTO needs to
 * leave the ground; and a home there, if it has none yet.
 */
export function addWaypoint(mission: Mission, at: LatLon, fallback = DEFAULT_ITEM): Mission {
  let next = mission;
  if (next.home === null) next = { ...next, home: homeItem(at, 0) };
  if (next.items.length === 0)
    next = insertItem(next, 0, newItem(spec(C.MAV_CMD_NAV_TAKEOFF), null, fallback));
  const defaults = defaultsAt(next, next.items.length, fallback);
  return insertItem(next, next.items.length, newItem(spec(C.MAV_CMD_NAV_WAYPOINT), at, defaults));
}

/**
 * A waypoint put in before item `index`, halfway from the place before it
 * (or home) to the next place; at the next place when nothing is before it.
 */
export function insertWaypoint(mission: Mission, index: number, fallback = DEFAULT_ITEM): Mission {
  const before = placeBefore(mission, index);
  const after = placeFrom(mission, index);
  const at =
    before !== null && after !== null ? midpoint(before, after) : (after ?? before ?? null);
  if (at === null) return mission;
  const item = newItem(spec(C.MAV_CMD_NAV_WAYPOINT), at, defaultsAt(mission, index, fallback));
  return insertItem(mission, index, item);
}

/**
 * An item of `command` put last: at the last place for a command that
 * needs one (unchanged when there is none yet), in place otherwise.
 */
export function appendItem(mission: Mission, command: number, fallback = DEFAULT_ITEM): Mission {
  const target = commandSpec(command);
  if (target === undefined) return mission;
  const end = mission.items.length;
  const place = target.place === 'required' ? placeBefore(mission, end) : null;
  if (target.place === 'required' && place === null) return mission;
  return insertItem(mission, end, newItem(target, place, defaultsAt(mission, end, fallback)));
}

function placeBefore(mission: Mission, index: number): LatLon | null {
  for (let i = Math.min(index, mission.items.length) - 1; i >= 0; i--) {
    const place = itemPlace(mission.items[i]!);
    if (place !== null) return place;
  }
  return homePlace(mission);
}

function placeFrom(mission: Mission, index: number): LatLon | null {
  for (let i = Math.max(0, index); i < mission.items.length; i++) {
    const place = itemPlace(mission.items[i]!);
    if (place !== null) return place;
  }
  return null;
}

export function deleteItem(mission: Mission, index: number): Mission {
  if (index < 0 || index >= mission.items.length) return mission;
  return { ...mission, items: mission.items.filter((_, i) => i !== index) };
}

/** The item at `from` taken out and put in at `to` (indexes of the mission before the move). */
export function moveItem(mission: Mission, from: number, to: number): Mission {
  const n = mission.items.length;
  if (from < 0 || from >= n || to < 0 || to >= n || from === to) return mission;
  const items = mission.items.slice();
  const [item] = items.splice(from, 1);
  items.splice(to, 0, item!);
  return { ...mission, items };
}

/** The item dragged to `at`; it keeps its altitude and frame. */
export function placeItem(mission: Mission, index: number, at: LatLon): Mission {
  const item = mission.items[index];
  if (item === undefined) return mission;
  const frame = isGlobalFrame(item.frame) ? item.frame : frameFor(DEFAULT_ITEM.frame);
  return replaceAt(mission, index, { ...item, frame, x: toE7(at.lat), y: toE7(at.lon) });
}

export function placeHome(mission: Mission, at: LatLon): Mission {
  const home = mission.home ?? homeItem(at, 0);
  return { ...mission, home: { ...home, x: toE7(at.lat), y: toE7(at.lon) } };
}

export function setAltitude(mission: Mission, index: number, metres: number): Mission {
  const item = mission.items[index];
  if (item === undefined || !Number.isFinite(metres)) return mission;
  return replaceAt(mission, index, { ...item, z: metres });
}

export function setAltitudeFrame(mission: Mission, index: number, kind: AltitudeFrame): Mission {
  const item = mission.items[index];
  if (item === undefined || !isGlobalFrame(item.frame)) return mission;
  return replaceAt(mission, index, { ...item, frame: frameFor(kind, item.frame) });
}

/** param `n` (1..4) of an item; null is "no value". */
export function setParam(
  mission: Mission,
  index: number,
  n: 1 | 2 | 3 | 4,
  value: number | null,
): Mission {
  const item = mission.items[index];
  if (item === undefined || (value !== null && !Number.isFinite(value))) return mission;
  return replaceAt(mission, index, { ...item, [`param${n}`]: value });
}

/**
 * The item made another command: that command's parameters start afresh;
 * its place stays where the new command has one, else it is dropped (and
 * one is found, from the items before or home, for a command that needs it).
 */
export function setCommand(
  mission: Mission,
  index: number,
  command: number,
  fallback = DEFAULT_ITEM,
): Mission {
  const item = mission.items[index];
  const target = commandSpec(command);
  if (item === undefined || target === undefined || item.command === command) return mission;
  const place =
    itemPlace(item) ?? (target.place === 'required' ? placeBefore(mission, index) : null);
  if (target.place === 'required' && place === null) return mission;
  const defaults =
    altitudeFrameOf(item.frame) === null || item.z === null
      ? defaultsAt(mission, index, fallback)
      : { altitude: item.z, frame: altitudeFrameOf(item.frame)! };
  const fresh = newItem(target, place, defaults);
  return replaceAt(mission, index, { ...fresh, autocontinue: item.autocontinue });
}

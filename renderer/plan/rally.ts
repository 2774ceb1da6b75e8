// Rally points: where RTL may go instead of home (the nearest one, on
// ArduPilot), each at an altitude above home.

import { MISSION_COMMANDS as C, MISSION_FRAMES as F } from '../../protocol/mission-numbers';
import type { MissionItem } from '../../protocol/wire-types';
import type { LatLon } from '../components/geo';
import { itemAt, latLonOf, type FromItems } from './items';

export interface RallyPoint extends LatLon {
  /** Metres above home. */
  readonly alt: number;
  /** MAV_FRAME its item came in, kept so points read and sent again are the same. */
  readonly frame: number;
}

const RALLY_FRAME = F.MAV_FRAME_GLOBAL_RELATIVE_ALT;

export function addRallyPoint(
  points: readonly RallyPoint[],
  at: LatLon,
  alt: number,
): RallyPoint[] {
  return [...points, { lat: at.lat, lon: at.lon, alt, frame: RALLY_FRAME }];
}

export function moveRallyPoint(points: readonly RallyPoint[], i: number, at: LatLon): RallyPoint[] {
  return points.map((p, k) => (k === i ? { ...p, lat: at.lat, lon: at.lon } : p));
}

export function setRallyAltitude(
  points: readonly RallyPoint[],
  i: number,
  alt: number,
): RallyPoint[] {
  if (!Number.isFinite(alt)) return points.slice();
  return points.map((p, k) => (k === i ? { ...p, alt } : p));
}

export function deleteRallyPoint(points: readonly RallyPoint[], i: number): RallyPoint[] {
  return points.filter((_, k) => k !== i);
}

export function rallyToItems(points: readonly RallyPoint[]): MissionItem[] {
  return points.map((p) => itemAt(C.MAV_CMD_NAV_RALLY_POINT, p.frame, p, 0, p.alt));
}

export function rallyFromItems(items: readonly MissionItem[]): FromItems<RallyPoint[]> {
  const value: RallyPoint[] = [];
  const problems: string[] = [];
  items.forEach((item, i) => {
    if (item.command === C.MAV_CMD_NAV_RALLY_POINT)
      value.push({ ...latLonOf(item), alt: item.z ?? 0, frame: item.frame });
    else problems.push(`rally item ${i}: command ${item.command} is not a rally point`);
  });
  return { value, problems };
}

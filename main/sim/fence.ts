// The simulated copter's geofence, as ArduCopter's AC_Fence checks it:
// FENCE_TYPE picks the fences (1 maximum altitude, 2 a circle of
// FENCE_RADIUS around home, 4 the uploaded polygons and circles, 8 minimum
// altitude); the vehicle must be inside every inclusion zone and outside
// every exclusion zone. A breach is reported once, when it begins.

import { MAV_CMD } from '../mavlink/dialect';
import type { MissionItem } from '../vehicle/mission-items';
import { pointOffset, type GeoPoint } from './geo';

export const FENCE_ALT_MAX = 1;
export const FENCE_CIRCLE = 2;
export const FENCE_POLYGON = 4;
export const FENCE_ALT_MIN = 8;

/** In the order ArduPilot lists them in its messages. */
const NAMES: readonly [number, string][] = [
  [FENCE_ALT_MAX, 'Max Alt'],
  [FENCE_CIRCLE, 'Circle'],
  [FENCE_POLYGON, 'Polygon'],
  [FENCE_ALT_MIN, 'Min Alt'],
];

interface Point {
  north: number;
  east: number;
}

export interface Zones {
  inclusionPolygons: Point[][];
  exclusionPolygons: Point[][];
  inclusionCircles: { center: Point; radius: number }[];
  exclusionCircles: { center: Point; radius: number }[];
}

export interface FenceLimits {
  /** FENCE_TYPE bits. */
  types: number;
  altMax: number;
  altMin: number;
  radius: number;
}

/** The zones of a fence plan, in metres north and east of home. */
export function fenceZones(items: readonly MissionItem[], home: GeoPoint): Zones {
  const zones: Zones = {
    inclusionPolygons: [],
    exclusionPolygons: [],
    inclusionCircles: [],
    exclusionCircles: [],
  };
  const at = (item: MissionItem) => pointOffset(home, { lat: item.x / 1e7, lon: item.y / 1e7 });
  for (let i = 0; i < items.length;) {
    const item = items[i]!;
    switch (item.command) {
      case MAV_CMD.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION:
      case MAV_CMD.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION: {
        const count = Math.max(1, Math.round(item.param1));
        const polygon = items.slice(i, i + count).map(at);
        if (item.command === MAV_CMD.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION)
          zones.inclusionPolygons.push(polygon);
        else zones.exclusionPolygons.push(polygon);
        i += count;
        continue;
      }
      case MAV_CMD.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION:
        zones.inclusionCircles.push({ center: at(item), radius: item.param1 });
        break;
      case MAV_CMD.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION:
        zones.exclusionCircles.push({ center: at(item), radius: item.param1 });
        break;
    }
    i++;
  }
  return zones;
}

/** The fences (FENCE_* bits) the vehicle at `p`, `alt` metres above home, is outside of. */
export function breaches(p: Point, alt: number, zones: Zones, limits: FenceLimits): number {
  let out = 0;
  if (limits.types & FENCE_ALT_MAX && alt >= limits.altMax) out |= FENCE_ALT_MAX;
  if (limits.types & FENCE_ALT_MIN && alt <= limits.altMin) out |= FENCE_ALT_MIN;
  if (limits.types & FENCE_CIRCLE && Math.hypot(p.north, p.east) >= limits.radius)
    out |= FENCE_CIRCLE;
  if (limits.types & FENCE_POLYGON && outsidePolygonFences(p, zones)) out |= FENCE_POLYGON;
  return out;
}

function outsidePolygonFences(p: Point, z: Zones): boolean {
  const distance = (c: Point) => Math.hypot(p.north - c.north, p.east - c.east);
  return (
    z.inclusionPolygons.some((polygon) => !inside(p, polygon)) ||
    z.exclusionPolygons.some((polygon) => inside(p, polygon)) ||
    z.inclusionCircles.some((c) => distance(c.center) > c.radius) ||
    z.exclusionCircles.some((c) => distance(c.center) < c.radius)
  );
}

/** Ray casting: whether `p` is inside `polygon`. */
export function inside(p: Point, polygon: readonly Point[]): boolean {
  let within = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (
      a.north > p.north !== b.north > p.north &&
      p.east < ((b.east - a.east) * (p.north - a.north)) / (b.north - a.north) + a.east
    )
      within = !within;
  }
  return within;
}

/** "Polygon fence", "Circle and Polygon fences": as ArduPilot names breached fences. */
export function fenceNames(fences: number): string {
  const names = NAMES.filter(([bit]) => fences & bit).map(([, name]) => name);
  const list =
    names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${list} fence${names.length > 1 ? 's' : ''}`;
}

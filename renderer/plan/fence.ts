// The geofence being planned: inclusion and exclusion polygons and circles,
// and where to return on a breach; to and from the wire's items as
// ArduPilot and QGroundControl write them (a polygon is one vertex item per
// corner, each carrying the corner count; a circle one item with its radius).

import { MISSION_COMMANDS as C, MISSION_FRAMES as F } from '../../protocol/mission-numbers';
import type { MissionItem } from '../../protocol/wire-types';
import { offsetM, type LatLon } from '../components/geo';
import { itemAt, latLonOf, type FromItems } from './items';

export interface FencePolygon {
  /** Inside is allowed (inclusion) or forbidden (exclusion). */
  readonly inclusion: boolean;
  readonly vertices: readonly LatLon[];
  /** MAV_FRAME its items came in, kept so a fence read and sent again is the same. */
  readonly frame: number;
}

export interface FenceCircle {
  readonly inclusion: boolean;
  readonly center: LatLon;
  readonly radiusM: number;
  readonly frame: number;
}

export interface ReturnPoint extends LatLon {
  /** Metres above home. */
  readonly alt: number;
  readonly frame: number;
}

export interface Fence {
  readonly polygons: readonly FencePolygon[];
  readonly circles: readonly FenceCircle[];
  readonly returnPoint: ReturnPoint | null;
}

export const EMPTY_FENCE: Fence = { polygons: [], circles: [], returnPoint: null };

/** Fewest corners a polygon has. */
export const MIN_VERTICES = 3;

const PLACE_FRAME = F.MAV_FRAME_GLOBAL;
const RETURN_FRAME = F.MAV_FRAME_GLOBAL_RELATIVE_ALT;

// ---- changes ----

/** A square polygon `sizeM` metres across, centred on `at`. */
export function addPolygon(fence: Fence, at: LatLon, inclusion: boolean, sizeM = 100): Fence {
  const h = sizeM / 2;
  const vertices = [offsetM(at, h, -h), offsetM(at, h, h), offsetM(at, -h, h), offsetM(at, -h, -h)];
  return { ...fence, polygons: [...fence.polygons, { inclusion, vertices, frame: PLACE_FRAME }] };
}

export function addCircle(fence: Fence, at: LatLon, inclusion: boolean, radiusM = 50): Fence {
  return {
    ...fence,
    circles: [...fence.circles, { inclusion, center: at, radiusM, frame: PLACE_FRAME }],
  };
}

function withPolygon(
  fence: Fence,
  p: number,
  change: (polygon: FencePolygon) => FencePolygon,
): Fence {
  const polygon = fence.polygons[p];
  const changed = polygon === undefined ? undefined : change(polygon);
  if (changed === undefined || changed === polygon) return fence;
  const polygons = fence.polygons.slice();
  polygons[p] = changed;
  return { ...fence, polygons };
}

function withCircle(fence: Fence, c: number, change: (circle: FenceCircle) => FenceCircle): Fence {
  const circle = fence.circles[c];
  const changed = circle === undefined ? undefined : change(circle);
  if (changed === undefined || changed === circle) return fence;
  const circles = fence.circles.slice();
  circles[c] = changed;
  return { ...fence, circles };
}

export function moveVertex(fence: Fence, p: number, v: number, at: LatLon): Fence {
  return withPolygon(fence, p, (polygon) =>
    v < 0 || v >= polygon.vertices.length
      ? polygon
      : { ...polygon, vertices: polygon.vertices.map((old, i) => (i === v ? at : old)) },
  );
}

/** A corner put in before corner `v` (at the end when `v` is the count). */
export function insertVertex(fence: Fence, p: number, v: number, at: LatLon): Fence {
  return withPolygon(fence, p, (polygon) => {
    const vertices = polygon.vertices.slice();
    vertices.splice(Math.max(0, Math.min(v, vertices.length)), 0, at);
    return { ...polygon, vertices };
  });
}

/** A corner taken out; a polygon keeps at least three. */
export function deleteVertex(fence: Fence, p: number, v: number): Fence {
  return withPolygon(fence, p, (polygon) =>
    polygon.vertices.length <= MIN_VERTICES
      ? polygon
      : { ...polygon, vertices: polygon.vertices.filter((_, i) => i !== v) },
  );
}

export function setPolygonInclusion(fence: Fence, p: number, inclusion: boolean): Fence {
  return withPolygon(fence, p, (polygon) => ({ ...polygon, inclusion }));
}

export function deletePolygon(fence: Fence, p: number): Fence {
  return { ...fence, polygons: fence.polygons.filter((_, i) => i !== p) };
}

export function moveCircle(fence: Fence, c: number, at: LatLon): Fence {
  return withCircle(fence, c, (circle) => ({ ...circle, center: at }));
}

export function setCircleRadius(fence: Fence, c: number, radiusM: number): Fence {
  if (!Number.isFinite(radiusM) || radiusM <= 0) return fence;
  return withCircle(fence, c, (circle) => ({ ...circle, radiusM }));
}

export function setCircleInclusion(fence: Fence, c: number, inclusion: boolean): Fence {
  return withCircle(fence, c, (circle) => ({ ...circle, inclusion }));
}

export function deleteCircle(fence: Fence, c: number): Fence {
  return { ...fence, circles: fence.circles.filter((_, i) => i !== c) };
}

export function setReturnPoint(fence: Fence, at: LatLon | null, alt?: number): Fence {
  if (at === null) return { ...fence, returnPoint: null };
  const old = fence.returnPoint;
  return {
    ...fence,
    returnPoint: {
      lat: at.lat,
      lon: at.lon,
      alt: alt ?? old?.alt ?? 0,
      frame: old?.frame ?? RETURN_FRAME,
    },
  };
}

// ---- the wire ----

/** The fence as the vehicle holds it: polygons, then circles, then the return point. */
export function fenceToItems(fence: Fence): MissionItem[] {
  const items: MissionItem[] = [];
  for (const polygon of fence.polygons) {
    const command = polygon.inclusion
      ? C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION
      : C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION;
    for (const vertex of polygon.vertices)
      items.push(itemAt(command, polygon.frame, vertex, polygon.vertices.length, 0));
  }
  for (const circle of fence.circles) {
    const command = circle.inclusion
      ? C.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION
      : C.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION;
    items.push(itemAt(command, circle.frame, circle.center, circle.radiusM, 0));
  }
  const ret = fence.returnPoint;
  if (ret !== null)
    items.push(itemAt(C.MAV_CMD_NAV_FENCE_RETURN_POINT, ret.frame, ret, 0, ret.alt));
  return items;
}

/** A fence from the vehicle's (or a file's) items. */
export function fenceFromItems(items: readonly MissionItem[]): FromItems<Fence> {
  const polygons: FencePolygon[] = [];
  const circles: FenceCircle[] = [];
  let returnPoint: ReturnPoint | null = null;
  const problems: string[] = [];
  for (let i = 0; i < items.length;) {
    const item = items[i]!;
    switch (item.command) {
      case C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION:
      case C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION: {
        const count = Math.round(item.param1 ?? 0);
        const corners = items.slice(i, i + Math.max(1, count));
        const whole =
          count >= MIN_VERTICES &&
          corners.length === count &&
          corners.every((c) => c.command === item.command && Math.round(c.param1 ?? 0) === count);
        if (whole)
          polygons.push({
            inclusion: item.command === C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION,
            vertices: corners.map(latLonOf),
            frame: item.frame,
          });
        else problems.push(`fence item ${i}: a polygon that says ${count} corners is not whole`);
        i += whole ? count : 1;
        continue;
      }
      case C.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION:
      case C.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION:
        circles.push({
          inclusion: item.command === C.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION,
          center: latLonOf(item),
          radiusM: item.param1 ?? 0,
          frame: item.frame,
        });
        break;
      case C.MAV_CMD_NAV_FENCE_RETURN_POINT:
        returnPoint = { ...latLonOf(item), alt: item.z ?? 0, frame: item.frame };
        break;
      default:
        problems.push(
          `fence item ${i}: command ${item.command} is not a fence polygon, circle or return point`,
        );
    }
    i++;
  }
  return { value: { polygons, circles, returnPoint }, problems };
}

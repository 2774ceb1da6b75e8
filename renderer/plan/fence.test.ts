import { describe, expect, it } from 'vitest';
import { MISSION_COMMANDS as C, MISSION_FRAMES as F } from '../../protocol/mission-numbers';
import { distanceM } from '../components/geo';
import {
  addCircle,
  addPolygon,
  deleteCircle,
  deletePolygon,
  deleteVertex,
  EMPTY_FENCE,
  fenceFromItems,
  fenceToItems,
  insertVertex,
  moveCircle,
  moveVertex,
  setCircleInclusion,
  setCircleRadius,
  setPolygonInclusion,
  setReturnPoint,
  type Fence,
} from './fence';

const AT = { lat: -35.363261, lon: 149.16523 };
const THERE = { lat: -35.3641, lon: 149.1661 };

function sample(): Fence {
  let fence = addPolygon(EMPTY_FENCE, AT, true, 200);
  fence = addPolygon(fence, THERE, false, 20);
  fence = addCircle(fence, AT, true, 300);
  fence = addCircle(fence, THERE, false, 15);
  return setReturnPoint(fence, AT, 30);
}

describe('planning a geofence', () => {
  it('adds a square polygon of the size asked, centred where clicked', () => {
    const [square] = addPolygon(EMPTY_FENCE, AT, true, 100).polygons;
    expect(square!.inclusion).toBe(true);
    expect(square!.vertices).toHaveLength(4);
    expect(distanceM(square!.vertices[0]!, square!.vertices[1]!)).toBeCloseTo(100, 0);
    expect(distanceM(square!.vertices[0]!, square!.vertices[2]!)).toBeCloseTo(141.4, 0);
  });

  it('moves, inserts and deletes corners, keeping at least three', () => {
    let fence = addPolygon(EMPTY_FENCE, AT, true);
    fence = moveVertex(fence, 0, 1, THERE);
    expect(fence.polygons[0]!.vertices[1]).toEqual(THERE);
    fence = insertVertex(fence, 0, 1, AT);
    expect(fence.polygons[0]!.vertices).toHaveLength(5);
    expect(fence.polygons[0]!.vertices[1]).toEqual(AT);
    fence = deleteVertex(deleteVertex(fence, 0, 0), 0, 0);
    expect(fence.polygons[0]!.vertices).toHaveLength(3);
    expect(deleteVertex(fence, 0, 0)).toBe(fence);
  });

  it('turns polygons and circles between inclusion and exclusion', () => {
    const fence = setCircleInclusion(setPolygonInclusion(sample(), 0, false), 1, true);
    expect(fence.polygons[0]!.inclusion).toBe(false);
    expect(fence.circles[1]!.inclusion).toBe(true);
  });

  it('moves and sizes circles; a radius must be above zero', () => {
    let fence = moveCircle(sample(), 0, THERE);
    fence = setCircleRadius(fence, 0, 120);
    expect(fence.circles[0]).toMatchObject({ center: THERE, radiusM: 120 });
    expect(setCircleRadius(fence, 0, 0)).toBe(fence);
  });

  it('deletes polygons and circles and clears the return point', () => {
    const fence = setReturnPoint(deleteCircle(deletePolygon(sample(), 0), 0), null);
    expect(fence.polygons).toHaveLength(1);
    expect(fence.circles).toHaveLength(1);
    expect(fence.returnPoint).toBeNull();
  });
});

describe('a geofence as the vehicle holds it', () => {
  it('is one item per corner carrying the count, one per circle, and the return point', () => {
    const items = fenceToItems(sample());
    expect(items.map((i) => i.command)).toEqual([
      ...Array(4).fill(C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION),
      ...Array(4).fill(C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION),
      C.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION,
      C.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION,
      C.MAV_CMD_NAV_FENCE_RETURN_POINT,
    ]);
    expect(items.slice(0, 8).map((i) => i.param1)).toEqual(Array(8).fill(4));
    expect(items[8]).toMatchObject({
      frame: F.MAV_FRAME_GLOBAL,
      param1: 300,
      x: -353632610,
      y: 1491652300,
    });
    expect(items[10]).toMatchObject({ frame: F.MAV_FRAME_GLOBAL_RELATIVE_ALT, z: 30 });
  });

  it('reads back as the same fence, and the same items', () => {
    const items = fenceToItems(sample());
    const { value, problems } = fenceFromItems(items);
    expect(problems).toEqual([]);
    expect(fenceToItems(value)).toEqual(items);
    expect(value.polygons.map((p) => p.inclusion)).toEqual([true, false]);
    expect(value.returnPoint).toMatchObject({ ...AT, alt: 30 });
  });

  it('keeps the frame its items came in', () => {
    const items = fenceToItems(sample()).map((i) => ({ ...i, frame: F.MAV_FRAME_GLOBAL_INT }));
    expect(fenceToItems(fenceFromItems(items).value)).toEqual(items);
  });

  it('says which items it could not read, and keeps the rest', () => {
    const items = fenceToItems(sample());
    const broken = [items[0]!, items[1]!, ...items.slice(8), { ...items[8]!, command: 16 }];
    const { value, problems } = fenceFromItems(broken);
    expect(value.polygons).toEqual([]);
    expect(value.circles).toHaveLength(2);
    expect(problems).toEqual([
      'fence item 0: a polygon that says 4 corners is not whole',
      'fence item 1: a polygon that says 4 corners is not whole',
      'fence item 5: command 16 is not a fence polygon, circle or return point',
    ]);
  });
});

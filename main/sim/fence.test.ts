import { describe, expect, it } from 'vitest';
import {
  FENCE_ALT_MAX,
  FENCE_CIRCLE,
  FENCE_POLYGON,
  breaches,
  fenceNames,
  inside,
  type Zones,
} from './fence';

const square = [
  { north: -10, east: -10 },
  { north: 10, east: -10 },
  { north: 10, east: 10 },
  { north: -10, east: 10 },
];

const none: Zones = {
  inclusionPolygons: [],
  exclusionPolygons: [],
  inclusionCircles: [],
  exclusionCircles: [],
};

const limits = { types: 7, altMax: 100, altMin: -10, radius: 300 };

describe('the geofence', () => {
  it('tells inside from outside a polygon', () => {
    expect(inside({ north: 0, east: 0 }, square)).toBe(true);
    expect(inside({ north: 11, east: 0 }, square)).toBe(false);
    expect(inside({ north: 9.9, east: -9.9 }, square)).toBe(true);
  });

  it('is breached outside an inclusion zone and inside an exclusion zone', () => {
    const include = { ...none, inclusionPolygons: [square] };
    expect(breaches({ north: 0, east: 0 }, 5, include, limits)).toBe(0);
    expect(breaches({ north: 20, east: 0 }, 5, include, limits)).toBe(FENCE_POLYGON);
    const exclude = { ...none, exclusionCircles: [{ center: { north: 0, east: 0 }, radius: 5 }] };
    expect(breaches({ north: 1, east: 1 }, 5, exclude, limits)).toBe(FENCE_POLYGON);
    expect(breaches({ north: 6, east: 0 }, 5, exclude, limits)).toBe(0);
  });

  it('checks the altitude and the circle around home by FENCE_TYPE', () => {
    expect(breaches({ north: 400, east: 0 }, 120, none, limits)).toBe(FENCE_ALT_MAX | FENCE_CIRCLE);
    expect(breaches({ north: 400, east: 0 }, 120, none, { ...limits, types: 4 })).toBe(0);
  });

  it('names breached fences as ArduPilot does', () => {
    expect(fenceNames(FENCE_POLYGON)).toBe('Polygon fence');
    expect(fenceNames(FENCE_CIRCLE | FENCE_POLYGON)).toBe('Circle and Polygon fences');
    expect(fenceNames(FENCE_ALT_MAX | FENCE_CIRCLE | FENCE_POLYGON)).toBe(
      'Max Alt, Circle and Polygon fences',
    );
  });
});

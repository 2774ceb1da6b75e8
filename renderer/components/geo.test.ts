import { describe, expect, it } from 'vitest';
import { distanceM, midpoint, offsetM } from './geo';

describe('distances on the ground', () => {
  it('measures metres between nearby points', () => {
    // 0.001° of latitude is about 111 m.
    expect(distanceM({ lat: 47, lon: 8 }, { lat: 47.001, lon: 8 })).toBeCloseTo(111.2, 0);
  });

  it('measures long distances along the great circle', () => {
    // Zurich to Canberra: about 16,600 km.
    const km = distanceM({ lat: 47.378, lon: 8.54 }, { lat: -35.363, lon: 149.165 }) / 1000;
    expect(km).toBeGreaterThan(16_500);
    expect(km).toBeLessThan(16_700);
  });

  it('finds the place a number of metres north and east, and back', () => {
    const from = { lat: -35.363261, lon: 149.16523 };
    const there = offsetM(from, 30, 40);
    expect(distanceM(from, there)).toBeCloseTo(50, 1);
    expect(there.lat).toBeGreaterThan(from.lat);
    expect(there.lon).toBeGreaterThan(from.lon);
  });

  it('halves the way between two places', () => {
    expect(midpoint({ lat: 1, lon: 2 }, { lat: 3, lon: 6 })).toEqual({ lat: 2, lon: 4 });
  });
});

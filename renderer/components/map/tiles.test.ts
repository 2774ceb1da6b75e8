import { describe, expect, it } from 'vitest';
import {
  clampZoom,
  gridStepM,
  metresPerPixel,
  project,
  TILE_SIZE,
  unproject,
  visibleTiles,
  worldSize,
} from './tiles';

describe('Web Mercator', () => {
  it('puts 0,0 in the middle of the world and the corners at ±180, ±85.05', () => {
    expect(project(0, 0, 0)).toEqual({ x: 128, y: 128 });
    const nw = project(85.05112878, -180, 1);
    expect(nw.x).toBeCloseTo(0, 6);
    expect(nw.y).toBeCloseTo(0, 3);
    expect(project(-90, 180, 1).y).toBeCloseTo(worldSize(1), 3);
  });

  it('finds the same tile as the slippy-map formula (tan + sec form)', () => {
    const tileOf = (lat: number, lon: number, z: number) => {
      const r = (lat * Math.PI) / 180;
      return {
        x: Math.floor(((lon + 180) / 360) * 2 ** z),
        y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z),
      };
    };
    for (const [lat, lon, z] of [
      [47.378177, 8.540192, 15],
      [-35.363261, 149.16523, 17],
      [51.4779, -0.0015, 12],
    ] as const) {
      const p = project(lat, lon, z);
      expect({ x: Math.floor(p.x / TILE_SIZE), y: Math.floor(p.y / TILE_SIZE) }).toEqual(
        tileOf(lat, lon, z),
      );
    }
  });

  it('unproject undoes project', () => {
    const back = unproject(project(-35.363261, 149.16523, 17), 17);
    expect(back.lat).toBeCloseTo(-35.363261, 9);
    expect(back.lon).toBeCloseTo(149.16523, 9);
  });
});

describe('visible tiles', () => {
  it('cover the viewport, placed relative to its top-left corner', () => {
    const tiles = visibleTiles({ x: 512, y: 512 }, 512, 256, 3);
    expect(tiles.map((t) => [t.x, t.y, t.left, t.top])).toEqual([
      [1, 1, 0, -128],
      [2, 1, 256, -128],
      [1, 2, 0, 128],
      [2, 2, 256, 128],
    ]);
  });

  it('wrap columns across the antimeridian and drop rows off the world', () => {
    const tiles = visibleTiles({ x: 10, y: 10 }, 256, 256, 1);
    expect(tiles.map((t) => `${t.x}/${t.y}`)).toEqual(['1/0', '0/0']);
    // The viewport starts 118 px west of the antimeridian: tile 1 (wrapped from -1) begins 138 px further.
    expect(tiles[0]!.left).toBe(-138);
    expect(tiles[1]!.left).toBe(118);
  });
});

describe('scale', () => {
  it('metres per pixel at the equator and at 60°', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(156543.03, 1);
    expect(metresPerPixel(60, 10)).toBeCloseTo(156543.03 / 1024 / 2, 1);
  });

  it('grid steps are 1, 2 or 5 times a power of ten', () => {
    expect(gridStepM(0.3, 80)).toBe(50);
    expect(gridStepM(1, 80)).toBe(100);
    expect(gridStepM(2, 80)).toBe(200);
    expect(gridStepM(0.05, 80)).toBe(5);
  });

  it('zoom stays within the tiles there are', () => {
    expect(clampZoom(25)).toBe(19);
    expect(clampZoom(0)).toBe(2);
    expect(clampZoom(12.4)).toBe(12);
  });
});

import { describe, expect, it } from 'vitest';
import { boundsProblem, countTiles, isTile, tileRange, tilesIn, tileX, tileY } from './tile-coords';

/** The slippy-map formula as the OpenStreetMap wiki writes it (tan + sec form). */
function reference(lat: number, lon: number, z: number) {
  const r = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * 2 ** z),
    y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z),
  };
}

describe('tile coordinates', () => {
  it('find the tile the slippy-map formula finds', () => {
    for (const [lat, lon, z] of [
      [47.378177, 8.540192, 15],
      [-35.363261, 149.16523, 17],
      [51.4779, -0.0015, 12],
      [0.0001, 0.0001, 1],
    ] as const) {
      expect({ x: tileX(lon, z), y: tileY(lat, z) }).toEqual(reference(lat, lon, z));
    }
  });

  it('keep the edges of the world inside it', () => {
    expect(tileX(180, 3)).toBe(7);
    expect(tileX(-180, 3)).toBe(0);
    expect(tileY(90, 3)).toBe(0);
    expect(tileY(-90, 3)).toBe(7);
  });

  it('name a tile only with whole numbers within 2^z, up to zoom 22', () => {
    expect(isTile({ z: 0, x: 0, y: 0 })).toBe(true);
    expect(isTile({ z: 22, x: 2 ** 22 - 1, y: 0 })).toBe(true);
    expect(isTile({ z: 23, x: 0, y: 0 })).toBe(false);
    expect(isTile({ z: 3, x: 8, y: 0 })).toBe(false);
    expect(isTile({ z: 3, x: 0, y: -1 })).toBe(false);
    expect(isTile({ z: 3, x: 1.5, y: 0 })).toBe(false);
  });
});

describe('areas', () => {
  const canberra = { south: -35.4, west: 149.1, north: -35.3, east: 149.2 };

  it('cover the rows from north down to south and the columns from west to east', () => {
    const range = tileRange(canberra, 12);
    expect(range.x0).toBe(reference(-35.3, 149.1, 12).x);
    expect(range.x1).toBe(reference(-35.3, 149.2, 12).x);
    expect(range.y0).toBe(reference(-35.3, 149.1, 12).y);
    expect(range.y1).toBe(reference(-35.4, 149.1, 12).y);
  });

  it('count what they list, zoom by zoom', () => {
    const listed = [...tilesIn(canberra, 10, 14)];
    expect(countTiles(canberra, 10, 14)).toBe(listed.length);
    expect(new Set(listed.map((t) => `${t.z}/${t.x}/${t.y}`)).size).toBe(listed.length);
    expect(listed[0]!.z).toBe(10);
    expect(listed.at(-1)!.z).toBe(14);
    expect(listed.every(isTile)).toBe(true);
  });

  it('refuse boxes that are upside down, off the world or across 180°', () => {
    expect(boundsProblem(canberra)).toBeNull();
    expect(boundsProblem({ ...canberra, south: -35.2 })).toBe('south must be below north');
    expect(boundsProblem({ ...canberra, north: 91 })).toBe('latitudes run from -90 to 90');
    expect(boundsProblem({ ...canberra, east: 181 })).toBe('longitudes run from -180 to 180');
    expect(boundsProblem({ ...canberra, west: 179, east: -179 })).toContain('across 180°');
    expect(boundsProblem({ ...canberra, west: Number.NaN })).toBe('the bounds must be numbers');
  });
});

import { describe, expect, it } from 'vitest';
import { solidPng } from './testing/png';
import { decodeTileFile, encodeTileFile } from './tile-file';

const tile = { contentType: 'image/png', body: solidPng([10, 20, 30], 8) };

describe('tile files', () => {
  it('give back the image and its type, tagged by its hash', () => {
    const stored = decodeTileFile(encodeTileFile(tile))!;
    expect(stored.contentType).toBe('image/png');
    expect(Buffer.from(stored.body).equals(tile.body)).toBe(true);
    expect(stored.etag).toMatch(/^[0-9a-f]{32}$/);
    const other = decodeTileFile(encodeTileFile({ ...tile, body: solidPng([1, 2, 3], 8) }))!;
    expect(other.etag).not.toBe(stored.etag);
  });

  it('are refused when cut short, changed by one byte, or not ours', () => {
    const file = encodeTileFile(tile);
    expect(decodeTileFile(file.subarray(0, file.length - 1))).toBeNull();
    expect(decodeTileFile(file.subarray(0, 20))).toBeNull();
    const flipped = Buffer.from(file);
    flipped[flipped.length - 5]! ^= 1;
    expect(decodeTileFile(flipped)).toBeNull();
    expect(decodeTileFile(tile.body)).toBeNull();
    expect(decodeTileFile(new Uint8Array(0))).toBeNull();
  });

  it('never hold a type that is not a raster image', () => {
    expect(decodeTileFile(encodeTileFile({ ...tile, contentType: 'image/svg+xml' }))).toBeNull();
  });
});

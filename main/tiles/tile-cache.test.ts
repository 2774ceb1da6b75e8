// The tile cache on a real folder: the size bound kept by dropping the
// least recently used, use remembered across a restart, and files that
// are not whole never served.

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock';
import { tempDir } from '../testing/temp-dir';
import { TileCache, USE_SAVE_INTERVAL_MS } from './tile-cache';
import { encodeTileFile } from './tile-file';

const SOURCE = '0123456789abcdef';
/** The cache does not look inside the image: a hundred bytes of one value is a tile of one size. */
const image = (n: number) => ({ contentType: 'image/png', body: Buffer.alloc(100, n) });
/** What one tile takes on disk (they all weigh the same). */
const TILE_BYTES = encodeTileFile(image(0)).length;
const at = (x: number) => ({ z: 5, x, y: 1 });

function cache(dir: string, tiles: number, clock = new ManualClock(1_700_000_000_000)) {
  return new TileCache({ dir, limitBytes: tiles * TILE_BYTES, clock });
}

describe('tile cache', () => {
  it('gives back what it stored, and nothing for what it did not', async () => {
    const tiles = cache(tempDir('sigil-tiles-'), 10);
    await tiles.put(SOURCE, at(1), image(1));
    const stored = await tiles.get(SOURCE, at(1));
    expect(Buffer.from(stored!.body).equals(image(1).body)).toBe(true);
    expect(await tiles.get(SOURCE, at(2))).toBeNull();
    expect(await tiles.stats()).toEqual({
      tiles: 1,
      bytes: TILE_BYTES,
      limitBytes: 10 * TILE_BYTES,
    });
  });

  it('drops the least recently used tile when a new one would pass the bound', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const tiles = cache(tempDir('sigil-tiles-'), 3, clock);
    for (const x of [1, 2, 3]) {
      await tiles.put(SOURCE, at(x), image(x));
      clock.advance(1000);
    }
    expect(await tiles.get(SOURCE, at(1))).not.toBeNull();
    await tiles.put(SOURCE, at(4), image(4));
    expect((await tiles.stats()).bytes).toBeLessThanOrEqual(3 * TILE_BYTES);
    expect(await tiles.get(SOURCE, at(2))).toBeNull();
    for (const x of [1, 3, 4]) expect(await tiles.get(SOURCE, at(x))).not.toBeNull();
  });

  it('remembers the order of use across a restart', async () => {
    const dir = tempDir('sigil-tiles-');
    const clock = new ManualClock(1_700_000_000_000);
    const first = cache(dir, 3, clock);
    for (const x of [1, 2, 3]) {
      await first.put(SOURCE, at(x), image(x));
      clock.advance(USE_SAVE_INTERVAL_MS);
    }
    // Tile 1 is read a minute and more after it was stored: its file's time moves on.
    await first.get(SOURCE, at(1));

    const again = cache(dir, 3, clock);
    expect(await again.stats()).toMatchObject({ tiles: 3, bytes: 3 * TILE_BYTES });
    await again.put(SOURCE, at(4), image(4));
    expect(await again.get(SOURCE, at(2))).toBeNull();
    expect(await again.get(SOURCE, at(1))).not.toBeNull();
  });

  it('keeps the bound when it is lowered, and at start when the folder holds more', async () => {
    const dir = tempDir('sigil-tiles-');
    const tiles = cache(dir, 5);
    for (const x of [1, 2, 3, 4, 5]) await tiles.put(SOURCE, at(x), image(x));
    expect((await tiles.setLimit(2 * TILE_BYTES)).tiles).toBe(2);
    expect(
      readdirSync(join(dir, SOURCE, '5')).flatMap((x) => readdirSync(join(dir, SOURCE, '5', x))),
    ).toHaveLength(2);
    const smaller = cache(dir, 1);
    expect((await smaller.stats()).tiles).toBe(1);
  });

  it('removes a file that fails its checksum instead of serving it', async () => {
    const dir = tempDir('sigil-tiles-');
    const tiles = cache(dir, 10);
    await tiles.put(SOURCE, at(1), image(1));
    const path = join(dir, SOURCE, '5', '1', '1.tile');
    const whole = readFileSync(path);
    writeFileSync(path, whole.subarray(0, whole.length - 10));
    expect(await tiles.get(SOURCE, at(1))).toBeNull();
    expect(() => statSync(path)).toThrow();
    expect((await tiles.stats()).tiles).toBe(0);
  });

  it('removes at start the half-written files a crash left, and counts only whole tiles', async () => {
    const dir = tempDir('sigil-tiles-');
    const tiles = cache(dir, 10);
    await tiles.put(SOURCE, at(1), image(1));
    const temp = join(dir, SOURCE, '5', '1', '.2.tile.0a1b2c3d4e5f.tmp');
    writeFileSync(temp, 'half a tile');
    const again = cache(dir, 10);
    expect((await again.stats()).tiles).toBe(1);
    expect(() => statSync(temp)).toThrow();
  });

  it('clears every source', async () => {
    const dir = tempDir('sigil-tiles-');
    const tiles = cache(dir, 10);
    await tiles.put(SOURCE, at(1), image(1));
    await tiles.put('fedcba9876543210', at(1), image(1));
    expect(await tiles.clear()).toEqual({ tiles: 0, bytes: 0, limitBytes: 10 * TILE_BYTES });
    expect(readdirSync(dir)).toEqual([]);
    expect(await tiles.get(SOURCE, at(1))).toBeNull();
  });
});

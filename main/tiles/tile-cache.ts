// The tiles Sigil has fetched, kept on disk (one file a tile, under a
// folder per tile source: `<source>/<z>/<x>/<y>.tile`) within a size
// bound. When a new tile would pass the bound, the least recently used go
// first. Use is remembered across restarts through each file's
// modification time, which a read moves on (at most once a minute per
// tile, to spare the disk); at start the folder is read back in that
// order, and half-written files a crash left behind are removed. A file
// that fails its checksum is removed when read and never served.

import { readdir, readFile, rm, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock } from '../clock';
import { writeFileAtomic } from '../storage/atomic-write';
import type { TileCoords } from './tile-coords';
import { decodeTileFile, encodeTileFile, type StoredTile, type TileImage } from './tile-file';

export interface CacheStats {
  readonly tiles: number;
  readonly bytes: number;
  readonly limitBytes: number;
}

export interface TileCacheOptions {
  /** The cache's folder (made on the first write). */
  dir: string;
  limitBytes: number;
  /** Wall-clock time: the order of use that survives a restart. */
  clock?: Clock;
}

interface Entry {
  path: string;
  bytes: number;
  /** The last use written to the file's time. */
  savedMs: number;
}

/** A read moves the file's time on only when it is older than this. */
export const USE_SAVE_INTERVAL_MS = 60_000;

const SOURCE_DIR = /^[0-9a-f]{16}$/;
const NUMBER = /^(0|[1-9]\d*)$/;
const TILE_FILE = /^(0|[1-9]\d*)\.tile$/;
const TEMP_FILE = /^\..*\.tmp$/;

export class TileCache {
  readonly dir: string;
  private limit: number;
  private readonly clock: Clock;
  /** Insertion order is the order of use: the first entry is the least recently used. */
  private readonly entries = new Map<string, Entry>();
  private total = 0;
  private readonly ready: Promise<void>;

  constructor(options: TileCacheOptions) {
    this.dir = options.dir;
    this.limit = options.limitBytes;
    this.clock = options.clock ?? systemClock;
    this.ready = this.scan();
  }

  /** Waits for the folder to be read back. */
  opened(): Promise<void> {
    return this.ready;
  }

  async stats(): Promise<CacheStats> {
    await this.ready;
    return { tiles: this.entries.size, bytes: this.total, limitBytes: this.limit };
  }

  /**
   * Whether the cache holds the tile, by what it knows now (once opened; a
   * file may still turn out corrupt when read).
   */
  holds(source: string, coords: TileCoords): boolean {
    return this.entries.has(keyOf(source, coords));
  }

  /** The average size of a stored tile of `source`, or null when it has too few to tell. */
  async averageBytes(source: string, atLeast = 16): Promise<number | null> {
    await this.ready;
    let count = 0;
    let bytes = 0;
    const prefix = `${source}/`;
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(prefix)) continue;
      count++;
      bytes += entry.bytes;
    }
    return count >= atLeast ? bytes / count : null;
  }

  /** The stored tile, or null when there is none or it did not pass its checksum (then it is gone). */
  async get(source: string, coords: TileCoords): Promise<StoredTile | null> {
    await this.ready;
    const key = keyOf(source, coords);
    const path = this.pathOf(source, coords);
    let file: Buffer;
    try {
      file = await readFile(path);
    } catch {
      this.forget(key);
      return null;
    }
    const tile = decodeTileFile(file);
    if (tile === null) {
      this.forget(key);
      await unlink(path).catch(() => undefined);
      return null;
    }
    await this.touch(key, path, file.length);
    return tile;
  }

  /** Stores a tile (whole or not at all), then makes room for it. */
  async put(source: string, coords: TileCoords, tile: TileImage): Promise<StoredTile> {
    await this.ready;
    const data = encodeTileFile(tile);
    const path = this.pathOf(source, coords);
    await writeFileAtomic(path, data, { createFolder: true });
    const now = this.clock.now();
    await utimes(path, now / 1000, now / 1000).catch(() => undefined);
    const key = keyOf(source, coords);
    this.forget(key);
    this.entries.set(key, { path, bytes: data.length, savedMs: now });
    this.total += data.length;
    await this.evict();
    return decodeTileFile(data)!;
  }

  async setLimit(limitBytes: number): Promise<CacheStats> {
    await this.ready;
    this.limit = limitBytes;
    await this.evict();
    return this.stats();
  }

  /** Removes every tile of every source. */
  async clear(): Promise<CacheStats> {
    await this.ready;
    this.entries.clear();
    this.total = 0;
    let names: string[] = [];
    try {
      names = await readdir(this.dir);
    } catch {
      // no folder: nothing to remove
    }
    for (const name of names) {
      if (SOURCE_DIR.test(name)) await rm(join(this.dir, name), { recursive: true, force: true });
    }
    return this.stats();
  }

  private pathOf(source: string, { z, x, y }: TileCoords): string {
    if (!SOURCE_DIR.test(source)) throw new Error(`'${source}' does not name a tile source`);
    return join(this.dir, source, String(z), String(x), `${y}.tile`);
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  private async touch(key: string, path: string, bytes: number): Promise<void> {
    const now = this.clock.now();
    const before = this.entries.get(key);
    // A file another Sigil wrote (sigil tiles download beside a running host) joins here.
    const savedMs = before?.savedMs ?? now;
    this.forget(key);
    const entry: Entry = { path, bytes, savedMs };
    this.entries.set(key, entry);
    this.total += bytes;
    if (before === undefined) await this.evict();
    if (now - savedMs >= USE_SAVE_INTERVAL_MS) {
      entry.savedMs = now;
      await utimes(path, now / 1000, now / 1000).catch(() => undefined);
    }
  }

  private async evict(): Promise<void> {
    const removals: Promise<void>[] = [];
    for (const [key, { path }] of this.entries) {
      if (this.total <= this.limit) break;
      this.forget(key);
      removals.push(unlink(path).catch(() => undefined));
    }
    await Promise.all(removals);
  }

  /** Reads the folder back: every tile file by its time of last use, temp files removed. */
  private async scan(): Promise<void> {
    const found: { key: string; path: string; bytes: number; usedMs: number }[] = [];
    for (const source of await names(this.dir)) {
      if (!SOURCE_DIR.test(source)) continue;
      for (const z of await names(join(this.dir, source))) {
        if (!NUMBER.test(z)) continue;
        for (const x of await names(join(this.dir, source, z))) {
          if (!NUMBER.test(x)) continue;
          const folder = join(this.dir, source, z, x);
          await Promise.all(
            (await names(folder)).map(async (name) => {
              const path = join(folder, name);
              if (TEMP_FILE.test(name)) return unlink(path).catch(() => undefined);
              const match = TILE_FILE.exec(name);
              if (match === null) return;
              const info = await stat(path).catch(() => null);
              if (info === null || !info.isFile()) return;
              found.push({
                key: `${source}/${z}/${x}/${match[1]}`,
                path,
                bytes: info.size,
                usedMs: info.mtimeMs,
              });
            }),
          );
        }
      }
    }
    found.sort((a, b) => a.usedMs - b.usedMs);
    for (const { key, path, bytes, usedMs } of found) {
      this.entries.set(key, { path, bytes, savedMs: usedMs });
      this.total += bytes;
    }
    await this.evict();
  }
}

function keyOf(source: string, { z, x, y }: TileCoords): string {
  return `${source}/${z}/${x}/${y}`;
}

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

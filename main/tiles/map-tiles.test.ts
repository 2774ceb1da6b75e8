// Map tiles against a real tile server on a loopback port: what is fetched,
// what is kept, what is answered when the server is slow, wrong or gone,
// and area downloads. No test reaches the internet.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { ManualClock } from '../testing/manual-clock';
import { tempDir } from '../testing/temp-dir';
import { waitFor } from '../testing/wait-for';
import { SIGIL_VERSION } from '../version';
import type { DownloadProgress } from './area-download';
import { MapTiles, TILE_CACHE_DIR, type MapTilesOptions, type TileAnswer } from './map-tiles';
import { startTileServer, type TileServer } from './testing/tile-server';
import { countTiles, tilesIn } from './tile-coords';
import { tileSettingsPath } from './tile-settings';
import { OPENSTREETMAP, OPENSTREETMAP_BULK_REFUSAL, sourceId } from './tile-source';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function server(): Promise<TileServer> {
  const tiles = await startTileServer();
  cleanup.push(() => tiles.stop());
  return tiles;
}

/** Map tiles on a fresh data folder, taking tiles from `source`. */
async function mapTiles(
  source: TileServer,
  options: Partial<MapTilesOptions> = {},
): Promise<MapTiles> {
  const tiles = new MapTiles({ dataDir: tempDir('sigil-map-'), ...options });
  cleanup.push(() => tiles.close());
  await tiles.setSource({ urlTemplate: source.template, attribution: 'Test tiles', maxZoom: 18 });
  return tiles;
}

const TILE = { z: 12, x: 3768, y: 2457 };
const path = ({ z, x, y }: typeof TILE) => `/${z}/${x}/${y}.png`;

function image(answer: TileAnswer): Buffer {
  if (answer.kind !== 'tile') throw new Error(`expected a tile, got ${JSON.stringify(answer)}`);
  return Buffer.from(answer.tile.body);
}

describe('map tiles', () => {
  it('fetch a tile the cache lacks from the source, store it and answer it', async () => {
    const source = await server();
    const tiles = await mapTiles(source);
    expect(image(await tiles.tile(TILE)).equals(source.png(12, 3768, 2457))).toBe(true);
    expect(source.requests.get(path(TILE))).toBe(1);
    expect((await tiles.status()).cache.tiles).toBe(1);
  });

  it('answer a cached tile without asking the source again', async () => {
    const source = await server();
    const tiles = await mapTiles(source);
    await tiles.tile(TILE);
    const again = await tiles.tile(TILE);
    expect(image(again).equals(source.png(12, 3768, 2457))).toBe(true);
    expect(source.requestCount()).toBe(1);
  });

  it('name Sigil and its version to the source', async () => {
    const source = await server();
    const tiles = await mapTiles(source);
    await tiles.tile(TILE);
    expect(source.userAgents).toEqual([`Sigil/${SIGIL_VERSION} (MAVLink ground-control station)`]);
  });

  it('ask the source once for a tile many want at the same time', async () => {
    const source = await server();
    source.delayMs = 50;
    const tiles = await mapTiles(source);
    const answers = await Promise.all([1, 2, 3, 4].map(() => tiles.tile(TILE)));
    expect(answers.every((a) => a.kind === 'tile')).toBe(true);
    expect(source.requestCount()).toBe(1);
  });

  it('fetch at most two tiles from the source at once', async () => {
    const source = await server();
    source.delayMs = 30;
    const tiles = await mapTiles(source);
    const answers = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((dx) => tiles.tile({ ...TILE, x: TILE.x + dx })),
    );
    expect(answers.every((a) => a.kind === 'tile')).toBe(true);
    expect(source.requestCount()).toBe(6);
    expect(source.active.most).toBe(2);
  });

  it('serve cached tiles once the source is gone, and answer the others unavailable at once', async () => {
    const source = await server();
    const tiles = await mapTiles(source);
    await tiles.tile(TILE);
    await source.stop();

    expect(image(await tiles.tile(TILE)).equals(source.png(12, 3768, 2457))).toBe(true);
    const missing = await tiles.tile({ ...TILE, x: TILE.x + 1 });
    expect(missing.kind).toBe('unavailable');
    expect(missing.kind !== 'tile' && missing.reason).toMatch(
      /^the tile source cannot be reached: cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\), and this tile is not in the cache$/,
    );
    expect((await tiles.status()).unreachable).toContain('cannot be reached');
  });

  it('try the source again only after a while once it could not be reached', async () => {
    const source = await server();
    const clock = new ManualClock(Date.now());
    const tiles = await mapTiles(source, { clock, retryAfterMs: 15_000 });
    await source.stop();
    expect((await tiles.tile(TILE)).kind).toBe('unavailable');
    await source.start();
    expect((await tiles.tile(TILE)).kind).toBe('unavailable');
    expect(source.requestCount()).toBe(0);
    clock.advance(15_000);
    expect((await tiles.tile(TILE)).kind).toBe('tile');
    expect((await tiles.status()).unreachable).toBeNull();
  });

  it('give up on a source that does not answer within the time limit', async () => {
    const source = await server();
    source.hang = true;
    const tiles = await mapTiles(source, { timeoutMs: 300 });
    const started = Date.now();
    const answer = await tiles.tile(TILE);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(answer).toEqual({
      kind: 'unavailable',
      reason: `the tile source cannot be reached: 127.0.0.1:${source.port} did not answer within 0.3 s, and this tile is not in the cache`,
    });
  });

  it('answer missing a tile the source does not have, and keep nothing for it', async () => {
    const source = await server();
    source.missing.add('12/3768/2457');
    const tiles = await mapTiles(source);
    expect(await tiles.tile(TILE)).toEqual({
      kind: 'missing',
      reason: 'the tile source has no such tile (404)',
    });
    expect((await tiles.status()).cache.tiles).toBe(0);
  });

  it('answer missing past the source’s deepest zoom, without asking it', async () => {
    const source = await server();
    const tiles = await mapTiles(source);
    expect(await tiles.tile({ z: 19, x: 0, y: 0 })).toEqual({
      kind: 'missing',
      reason: 'the tile source goes to zoom 18',
    });
    expect(source.requestCount()).toBe(0);
  });

  it('refuse what is not a raster image or is too big to be a tile', async () => {
    const source = await server();
    const tiles = await mapTiles(source);
    source.answer = (p) =>
      p.startsWith('/12/1/')
        ? { status: 200, contentType: 'image/svg+xml', body: Buffer.from('<svg/>') }
        : p.startsWith('/12/2/')
          ? { status: 200, contentType: 'image/png', body: Buffer.alloc(2 * 1024 * 1024) }
          : { status: 500, contentType: 'text/plain', body: Buffer.from('oops') };
    expect(await tiles.tile({ z: 12, x: 1, y: 1 })).toEqual({
      kind: 'bad-source',
      reason: 'the tile source sent image/svg+xml, not a PNG, JPEG, WebP or GIF image',
    });
    expect(await tiles.tile({ z: 12, x: 2, y: 1 })).toEqual({
      kind: 'bad-source',
      reason: 'the tile source sent more than 1048576 bytes',
    });
    expect(await tiles.tile({ z: 12, x: 3, y: 1 })).toEqual({
      kind: 'bad-source',
      reason: 'the tile source answered 500',
    });
    expect((await tiles.status()).cache.tiles).toBe(0);
  });

  it('fetch again a cached tile whose file is corrupt, and never serve the corrupt one', async () => {
    const source = await server();
    const dataDir = tempDir('sigil-map-');
    const tiles = await mapTiles(source, { dataDir });
    await tiles.tile(TILE);
    const id = sourceId({ urlTemplate: source.template, attribution: '', maxZoom: 18 });
    const file = join(dataDir, TILE_CACHE_DIR, id, '12', '3768', '2457.tile');
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length / 2));

    expect(image(await tiles.tile(TILE)).equals(source.png(12, 3768, 2457))).toBe(true);
    expect(source.requests.get(path(TILE))).toBe(2);
    expect(readFileSync(file).equals(whole)).toBe(true);
  });

  it('keep the cache within its bound, dropping the least recently used', async () => {
    const source = await server();
    const tiles = await mapTiles(source);
    await tiles.tile(TILE);
    const oneTile = (await tiles.status()).cache.bytes;
    await tiles.setCacheLimit(3 * oneTile);
    for (const dx of [1, 2, 3, 4]) await tiles.tile({ ...TILE, x: TILE.x + dx });
    const { cache } = await tiles.status();
    expect(cache).toEqual({ tiles: 3, bytes: 3 * oneTile, limitBytes: 3 * oneTile });
    await source.stop();
    expect((await tiles.tile(TILE)).kind).toBe('unavailable');
    expect((await tiles.tile({ ...TILE, x: TILE.x + 4 })).kind).toBe('tile');
  });
});

describe('tile settings', () => {
  it('keep the source and the cache bound in the data folder across a restart', async () => {
    const source = await server();
    const dataDir = tempDir('sigil-map-');
    const first = await mapTiles(source, { dataDir });
    await first.setCacheLimit(64 * 1024 * 1024);
    await first.tile(TILE);
    await first.close();

    const again = new MapTiles({ dataDir });
    cleanup.push(() => again.close());
    expect(await again.source()).toEqual({
      source: { urlTemplate: source.template, attribution: 'Test tiles', maxZoom: 18 },
      areaDownloadRefusal: null,
      problem: null,
    });
    const { cache } = await again.status();
    expect(cache).toMatchObject({ tiles: 1, limitBytes: 64 * 1024 * 1024 });
    await source.stop();
    expect((await again.tile(TILE)).kind).toBe('tile');
  });

  it('start with OpenStreetMap and 500 MiB, and refuse a source it cannot use', async () => {
    const tiles = new MapTiles({ dataDir: tempDir('sigil-map-') });
    cleanup.push(() => tiles.close());
    expect(await tiles.source()).toEqual({
      source: OPENSTREETMAP,
      areaDownloadRefusal: OPENSTREETMAP_BULK_REFUSAL,
      problem: null,
    });
    expect((await tiles.status()).cache.limitBytes).toBe(500 * 1024 * 1024);
    await expect(
      tiles.setSource({ urlTemplate: 'ftp://x/{z}/{x}/{y}', attribution: '', maxZoom: 3 }),
    ).rejects.toThrow('the URL template must be an http:// or https:// address');
    expect((await tiles.source()).source).toEqual(OPENSTREETMAP);
  });

  it('leave a tiles.json it cannot use as it is, saying why', async () => {
    const dataDir = tempDir('sigil-map-');
    writeFileSync(tileSettingsPath(dataDir), '{"source": 3, "cacheLimitBytes": 1000}');
    const tiles = new MapTiles({ dataDir });
    cleanup.push(() => tiles.close());
    const info = await tiles.source();
    expect(info.source).toEqual(OPENSTREETMAP);
    expect(info.problem).toBe(
      `${tileSettingsPath(dataDir)} is not used (source must hold urlTemplate, attribution and maxZoom): ` +
        'the map uses OpenStreetMap and a 500 MiB cache until it is saved again',
    );
    expect(readFileSync(tileSettingsPath(dataDir), 'utf8')).toContain('"source": 3');
  });
});

describe('area downloads', () => {
  const bounds = { south: -35.4, west: 149.1, north: -35.35, east: 149.15 };
  const area = { bounds, minZoom: 12, maxZoom: 15 };
  const [first, last] = [[...tilesIn(bounds, 12, 15)][0]!, [...tilesIn(bounds, 12, 15)].at(-1)!];
  const key = ({ z, x, y }: typeof first) => `${z}/${x}/${y}`;

  /** Every progress event, from now on. */
  function watch(tiles: MapTiles): { events: DownloadProgress[] } {
    const events: DownloadProgress[] = [];
    const off = tiles.events.on('download', (p) => events.push(p));
    cleanup.push(async () => off());
    return { events };
  }

  it('estimate the tiles, those cached and the size of the rest', async () => {
    const source = await server();
    const tiles = await mapTiles(source);
    const total = countTiles(bounds, 12, 15);
    const before = await tiles.estimate(area);
    expect(before).toEqual({ tiles: total, cached: 0, bytes: total * 20 * 1024, refusal: null });
    await tiles.tile(first);
    expect((await tiles.estimate(area)).cached).toBe(1);
  });

  it('download every tile of the area, telling its progress, and serve them offline', async () => {
    const source = await server();
    source.missing.add(key(last));
    const tiles = await mapTiles(source);
    const { events } = watch(tiles);
    const started = await tiles.startDownload(area);
    expect(started).toMatchObject({ state: 'running', total: countTiles(bounds, 12, 15), done: 0 });
    const end = (await tiles.downloadFinished())!;

    const total = countTiles(bounds, 12, 15);
    expect(end).toMatchObject({ state: 'finished', total, done: total - 1, failed: 1 });
    expect(end.reason).toBe(`${key(last)}: the tile source has no such tile (404)`);
    const fetched = [...tilesIn(bounds, 12, 15)].slice(0, -1);
    expect(end.bytes).toBe(fetched.reduce((sum, t) => sum + source.png(t.z, t.x, t.y).length, 0));
    expect(events[0]).toMatchObject({ state: 'running', done: 0 });
    expect(events.at(-1)).toEqual(end);
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.done).toBeGreaterThanOrEqual(events[i - 1]!.done);
    }

    await source.stop();
    expect((await tiles.tile(first)).kind).toBe('tile');
    expect((await tiles.tile(last)).kind).toBe('unavailable');
  });

  it('count tiles already cached as done without fetching them again', async () => {
    const source = await server();
    const tiles = await mapTiles(source);
    await tiles.startDownload(area);
    await tiles.downloadFinished();
    const asked = source.requestCount();
    await tiles.startDownload(area);
    const again = (await tiles.downloadFinished())!;
    expect(again).toMatchObject({ state: 'finished', done: again.total, bytes: 0 });
    expect(source.requestCount()).toBe(asked);
  });

  it('stop at once when cancelled', async () => {
    const source = await server();
    source.delayMs = 40;
    const tiles = await mapTiles(source);
    const big = { bounds, minZoom: 12, maxZoom: 17 };
    await tiles.startDownload(big);
    await waitFor('a first tile', () => source.requestCount() >= 1);
    const cancelled = tiles.cancelDownload()!;
    expect(cancelled.state).toBe('cancelled');
    const end = (await tiles.downloadFinished())!;
    expect(end.state).toBe('cancelled');
    const asked = source.requestCount();
    await new Promise((r) => setTimeout(r, 200));
    expect(source.requestCount()).toBe(asked);
    expect(end.done).toBeLessThan(end.total);
  });

  it('stop, saying why, when the source cannot be reached', async () => {
    const source = await server();
    const tiles = await mapTiles(source);
    await source.stop();
    await tiles.startDownload(area);
    const end = (await tiles.downloadFinished())!;
    expect(end.state).toBe('stopped');
    expect(end.reason).toMatch(
      /^the tile source cannot be reached: .*ECONNREFUSED.*: stopped with \d+ tiles to go$/,
    );
  });

  it("refuse OpenStreetMap's servers, saying so plainly, and fetch nothing", async () => {
    const tiles = new MapTiles({ dataDir: tempDir('sigil-map-'), clock: systemClock });
    cleanup.push(() => tiles.close());
    expect((await tiles.estimate(area)).refusal).toBe(OPENSTREETMAP_BULK_REFUSAL);
    await expect(tiles.startDownload(area)).rejects.toThrow(OPENSTREETMAP_BULK_REFUSAL);
    expect((await tiles.status()).download).toBeNull();
  });

  it('refuse more tiles than one download may hold, or more than the cache holds', async () => {
    const source = await server();
    const tiles = await mapTiles(source, { maxAreaTiles: 50 });
    expect((await tiles.estimate(area)).refusal).toBe(
      `${countTiles(bounds, 12, 15)} tiles are more than the 50 one download may hold: choose a smaller area or fewer zoom levels`,
    );
    const roomy = await mapTiles(source);
    await roomy.setCacheLimit(1024 * 1024);
    expect((await roomy.estimate(area)).refusal).toBe(
      'about 1.1 MiB would not fit in the tile cache (1.0 MiB): raise its limit, or choose a smaller area or fewer zoom levels',
    );
    await expect(roomy.startDownload(area)).rejects.toThrow('would not fit');
  });

  it('refuse zooms the source does not have, and areas that make no sense', async () => {
    const source = await server();
    const tiles = await mapTiles(source);
    expect((await tiles.estimate({ ...area, maxZoom: 19 })).refusal).toBe(
      'the tile source goes to zoom 18, not 19',
    );
    await expect(tiles.estimate({ ...area, minZoom: 16 })).rejects.toThrow('the zoom range');
    await expect(
      tiles.estimate({ ...area, bounds: { ...bounds, south: 0, north: -1 } }),
    ).rejects.toThrow('south must be below north');
  });

  it('run one download at a time', async () => {
    const source = await server();
    source.delayMs = 40;
    const tiles = await mapTiles(source);
    await tiles.startDownload(area);
    await expect(tiles.startDownload(area)).rejects.toThrow(
      /^an area download is under way \(\d+ of \d+\): cancel it first$/,
    );
    tiles.cancelDownload();
  });
});

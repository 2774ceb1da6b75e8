// `sigil tiles` in-process against a tile server on a loopback port: an
// area downloaded with its progress and summary, then served offline by the
// same data folder; the cache's stats and clear; the source; refusals.

import { afterEach, describe, expect, it } from 'vitest';
import { MapTiles } from '../../main/tiles/map-tiles';
import { startTileServer, type TileServer } from '../../main/tiles/testing/tile-server';
import { countTiles, tilesIn } from '../../main/tiles/tile-coords';
import { OPENSTREETMAP_BULK_REFUSAL } from '../../main/tiles/tile-source';
import { tempDir } from '../../main/testing/temp-dir';
import { run } from './main';
import { captureIo } from './testing/captured-io';

const servers: TileServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function sigil(...args: string[]) {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function tileServer(): Promise<TileServer> {
  const server = await startTileServer();
  servers.push(server);
  return server;
}

const BOUNDS = '-35.40,149.10,-35.35,149.15';
const bounds = { south: -35.4, west: 149.1, north: -35.35, east: 149.15 };

/** `sigil tiles download` of the area above at `zoom`, into `dataDir`. */
function download(zoom: string, dataDir: string, ...more: string[]) {
  return sigil(
    'tiles',
    'download',
    '--bounds',
    BOUNDS,
    '--zoom',
    zoom,
    '--data-dir',
    dataDir,
    ...more,
  );
}

describe('sigil tiles', () => {
  it('download says what it will take, shows its progress and prints a summary', async () => {
    const source = await tileServer();
    const dataDir = tempDir('sigil-cli-tiles-');
    await sigil('tiles', 'source', '--url', source.template, '--data-dir', dataDir);
    const total = countTiles(bounds, 12, 14);
    const { code, out, err } = await download('12-14', dataDir);
    expect(code).toBe(0);
    const summary = JSON.parse(out) as Record<string, unknown>;
    expect(summary).toMatchObject({ state: 'finished', total, done: total, failed: 0, cached: 0 });
    expect(summary.bytes).toBeGreaterThan(0);
    const lines = err.trim().split('\n');
    expect(lines[0]).toBe(
      `sigil tiles: ${total} tiles at zoom 12-14 (0 cached already), about ${((total * 20) / 1024).toFixed(1)} MiB to fetch`,
    );
    expect(lines.at(-1)).toMatch(
      new RegExp(`^${total} of ${total} tiles \\(100%\\), .* MiB, 0 failed$`),
    );
    expect(source.requestCount()).toBe(total);

    // A Sigil on that data folder has the area with the source gone.
    await source.stop();
    const tiles = new MapTiles({ dataDir });
    for (const tile of tilesIn(bounds, 14, 14)) expect((await tiles.tile(tile)).kind).toBe('tile');
    await tiles.close();
  });

  it('download --source takes tiles from another template, and --estimate only says what it would take', async () => {
    const source = await tileServer();
    const dataDir = tempDir('sigil-cli-tiles-');
    const from = ['--source', source.template];
    const estimate = await download('13', dataDir, ...from, '--estimate');
    expect(estimate.code).toBe(0);
    const tiles = countTiles(bounds, 13, 13);
    expect(JSON.parse(estimate.out)).toEqual({
      tiles,
      cached: 0,
      bytes: tiles * 20 * 1024,
      refusal: null,
    });
    expect(source.requestCount()).toBe(0);
    const { code, out } = await download('13', dataDir, ...from);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ state: 'finished', done: tiles });
  });

  it("refuses OpenStreetMap's servers, saying why, and exits 1", async () => {
    const dataDir = tempDir('sigil-cli-tiles-');
    const { code, out, err } = await download('12-16', dataDir);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(`sigil tiles: ${OPENSTREETMAP_BULK_REFUSAL}\n`);
  });

  it('exits 1 with the reason when the source cannot be reached', async () => {
    const source = await tileServer();
    await source.stop();
    const dataDir = tempDir('sigil-cli-tiles-');
    const { code, out, err } = await download('12', dataDir, '--source', source.template);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ state: 'stopped', done: 0 });
    expect(err).toMatch(/sigil tiles: the tile source cannot be reached: .*ECONNREFUSED/);
  });

  it('stats and clear tell and empty the cache; source shows the source', async () => {
    const source = await tileServer();
    const dataDir = tempDir('sigil-cli-tiles-');
    await sigil(
      'tiles',
      'source',
      '--url',
      source.template,
      '--attribution',
      '© Us',
      '--max-zoom',
      '18',
      '--data-dir',
      dataDir,
    );
    await download('12', dataDir);
    const stats = JSON.parse((await sigil('tiles', 'stats', '--data-dir', dataDir)).out);
    expect(stats).toMatchObject({
      tiles: countTiles(bounds, 12, 12),
      limitBytes: 500 * 1024 * 1024,
      source: { urlTemplate: source.template, attribution: '© Us', maxZoom: 18 },
    });
    const cleared = JSON.parse((await sigil('tiles', 'clear', '--data-dir', dataDir)).out);
    expect(cleared).toMatchObject({
      tiles: 0,
      bytes: 0,
      removedTiles: stats.tiles,
      removedBytes: stats.bytes,
    });
    const shown = JSON.parse((await sigil('tiles', 'source', '--data-dir', dataDir)).out);
    expect(shown).toEqual({
      urlTemplate: source.template,
      attribution: '© Us',
      maxZoom: 18,
      areaDownloadRefusal: null,
    });
  });

  it.each([
    [['tiles'], "expected 'download', 'stats', 'clear' or 'source'"],
    [['tiles', 'download', '--zoom', '12'], 'download needs --bounds S,W,N,E'],
    [
      ['tiles', 'download', '--bounds', '1,2,3', '--zoom', '12'],
      "--bounds is south,west,north,east in degrees, not '1,2,3'",
    ],
    [
      ['tiles', 'download', '--bounds', BOUNDS, '--zoom', '12..16'],
      "--zoom is MIN-MAX, as 12-16, not '12..16'",
    ],
    [['tiles', 'stats', '--zoom', '12'], 'stats takes no --zoom'],
    [['tiles', 'source', '--attribution', 'x'], '--attribution and --max-zoom go with --url'],
  ])('exits 2 for %j', async (args, message) => {
    const { code, err } = await sigil(...args, '--data-dir', tempDir('sigil-cli-tiles-'));
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('exits 1 for an area that makes no sense or a source it cannot use', async () => {
    const dataDir = tempDir('sigil-cli-tiles-');
    const upside = await sigil(
      'tiles',
      'download',
      '--bounds',
      '-35.3,149.1,-35.4,149.2',
      '--zoom',
      '12',
      '--data-dir',
      dataDir,
    );
    expect(upside).toMatchObject({ code: 1, err: 'sigil tiles: south must be below north\n' });
    const bad = await sigil(
      'tiles',
      'source',
      '--url',
      'ftp://x/{z}/{x}/{y}',
      '--data-dir',
      dataDir,
    );
    expect(bad).toMatchObject({
      code: 1,
      err: 'sigil tiles: the URL template must be an http:// or https:// address\n',
    });
  });
});

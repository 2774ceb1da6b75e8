// The tile route both shells answer: strict paths, the image with its tag,
// and a status a map can show for everything else.

import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dir';
import { MapTiles } from './map-tiles';
import { startTileServer, type TileServer } from './testing/tile-server';
import { answerTileRequest, BAD_TILE_PATH, parseTilePath } from './tile-route';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function route(): Promise<{ tiles: MapTiles; source: TileServer }> {
  const source = await startTileServer();
  cleanup.push(() => source.stop());
  const tiles = new MapTiles({ dataDir: tempDir('sigil-route-') });
  cleanup.push(() => tiles.close());
  await tiles.setSource({ urlTemplate: source.template, attribution: '', maxZoom: 18 });
  return { tiles, source };
}

const text = (body: Uint8Array | null) => Buffer.from(body ?? new Uint8Array()).toString('utf8');

describe('tile route', () => {
  it('reads z/x/y as whole numbers within the world', () => {
    expect(parseTilePath('/tiles/0/0/0.png')).toEqual({ z: 0, x: 0, y: 0 });
    expect(parseTilePath('/tiles/17/120000/80000.png')).toEqual({ z: 17, x: 120000, y: 80000 });
  });

  it.each([
    '/tiles/3/8/0.png',
    '/tiles/23/0/0.png',
    '/tiles/01/0/0.png',
    '/tiles/1/-1/0.png',
    '/tiles/1/0/0.5.png',
    '/tiles/1/0/0.jpg',
    '/tiles/1/0/0',
    '/tiles/1/0/0.png/',
    '/tiles/../../secret/0.png',
    '/tiles/1/%30/0.png',
    '/tiles/1/0/0.png%00',
    '/tiles/99999999999999999999/0/0.png',
  ])('refuses %s with a 400 and asks the source nothing', async (path) => {
    const { tiles, source } = await route();
    const answer = await answerTileRequest(tiles, { method: 'GET', path });
    expect(answer.status).toBe(400);
    expect(text(answer.body)).toBe(`${BAD_TILE_PATH}\n`);
    expect(source.requestCount()).toBe(0);
  });

  it('answers the image with its type and tag, and 304 to a browser that has it', async () => {
    const { tiles, source } = await route();
    const answer = await answerTileRequest(tiles, { method: 'GET', path: '/tiles/3/2/1.png' });
    expect(answer.status).toBe(200);
    expect(Buffer.from(answer.body!).equals(source.png(3, 2, 1))).toBe(true);
    expect(answer.headers['Content-Type']).toBe('image/png');
    expect(answer.headers['Cache-Control']).toBe('no-cache');
    expect(answer.headers['Cross-Origin-Resource-Policy']).toBe('same-origin');
    const etag = answer.headers.ETag!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await answerTileRequest(tiles, {
      method: 'GET',
      path: '/tiles/3/2/1.png',
      ifNoneMatch: etag,
    });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    const head = await answerTileRequest(tiles, { method: 'HEAD', path: '/tiles/3/2/1.png' });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  it('answers 404 for a tile the source lacks, 503 offline, 502 for a source gone wrong', async () => {
    const { tiles, source } = await route();
    source.missing.add('3/0/0');
    source.answer = (p) =>
      p === '/3/1/0.png'
        ? { status: 200, contentType: 'text/html', body: Buffer.from('<p>') }
        : null;
    const missing = await answerTileRequest(tiles, { method: 'GET', path: '/tiles/3/0/0.png' });
    expect(missing.status).toBe(404);
    expect(text(missing.body)).toBe('the tile source has no such tile (404)\n');
    const wrong = await answerTileRequest(tiles, { method: 'GET', path: '/tiles/3/1/0.png' });
    expect(wrong.status).toBe(502);
    await source.stop();
    const offline = await answerTileRequest(tiles, { method: 'GET', path: '/tiles/3/2/0.png' });
    expect(offline.status).toBe(503);
    expect(offline.headers['Retry-After']).toBe('15');
    expect(text(offline.body)).toMatch(/^the tile source cannot be reached: .*not in the cache\n$/);
  });

  it("refuses other sites' pages and asks the source nothing for them", async () => {
    const { tiles, source } = await route();
    for (const fetchSite of ['cross-site', 'same-site']) {
      const answer = await answerTileRequest(tiles, {
        method: 'GET',
        path: '/tiles/3/2/1.png',
        fetchSite,
      });
      expect(answer.status).toBe(403);
    }
    expect(source.requestCount()).toBe(0);
    const own = { method: 'GET', path: '/tiles/3/2/1.png', fetchSite: 'same-origin' };
    expect((await answerTileRequest(tiles, own)).status).toBe(200);
  });

  it('answers only GET and HEAD', async () => {
    const { tiles } = await route();
    const answer = await answerTileRequest(tiles, { method: 'POST', path: '/tiles/3/2/1.png' });
    expect(answer.status).toBe(405);
    expect(answer.headers.Allow).toBe('GET, HEAD');
  });
});

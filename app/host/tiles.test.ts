// The headless host's tile route over real HTTP: tiles come through the
// service's cache from a tile server on a loopback port, keep coming once
// that server is gone, and the page's policy lets images come from the
// host alone.

import { afterEach, describe, expect, it } from 'vitest';
import { ApiService } from '../../main/api/service';
import { startTileServer, type TileServer } from '../../main/tiles/testing/tile-server';
import { BAD_TILE_PATH } from '../../main/tiles/tile-route';
import { tempDir } from '../../main/testing/temp-dir';
import { startHost } from './server';
import { contentSecurityPolicy } from './static-files';
import { fakeUi } from './testing/fake-ui';
import { rawRequest } from './testing/raw-clients';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function hostWithTiles(): Promise<{ base: string; port: number; source: TileServer }> {
  const source = await startTileServer();
  cleanup.push(() => source.stop());
  const ui = await fakeUi();
  cleanup.push(() => ui.remove());
  const service = await ApiService.start({
    dataDir: tempDir('sigil-host-tiles-'),
    defaultLink: null,
  });
  cleanup.push(() => service.close());
  await service.tiles.setSource({ urlTemplate: source.template, attribution: '', maxZoom: 18 });
  const running = await startHost({
    service,
    root: ui.root,
    tiles: service.tiles,
    host: '127.0.0.1',
    port: 0,
  });
  cleanup.push(() => running.close('the test is over'));
  return { base: `http://127.0.0.1:${running.port}`, port: running.port, source };
}

describe('the tile route of sigil serve', () => {
  it('serves a tile from the source, then from its cache once the source is gone', async () => {
    const { base, source } = await hostWithTiles();
    const first = await fetch(`${base}/tiles/12/3744/2478.png`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(first.headers.get('content-security-policy')).toBe(contentSecurityPolicy('websocket'));
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    const png = source.png(12, 3744, 2478);
    expect(Buffer.from(await first.arrayBuffer()).equals(png)).toBe(true);

    await source.stop();
    const cached = await fetch(`${base}/tiles/12/3744/2478.png`);
    expect(cached.status).toBe(200);
    expect(Buffer.from(await cached.arrayBuffer()).equals(png)).toBe(true);
    const missing = await fetch(`${base}/tiles/12/3745/2478.png`);
    expect(missing.status).toBe(503);
    expect(await missing.text()).toContain('not in the cache');
    expect(source.requestCount()).toBe(1);
  });

  it('answers 304 to a browser that has the tile', async () => {
    const { base } = await hostWithTiles();
    const first = await fetch(`${base}/tiles/3/1/1.png`);
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${base}/tiles/3/1/1.png`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it.each(['/tiles/3/9/1.png', '/tiles/../secret.txt', '/tiles/3/1/1.png/..%2f..%2fsecret.txt'])(
    'refuses %s with a 400, reaching no file and no source',
    async (target) => {
      const { port, source } = await hostWithTiles();
      const answer = await rawRequest(port, target);
      expect(answer.status).toBe(400);
      expect(answer.body).toBe(`${BAD_TILE_PATH}\n`);
      expect(source.requestCount()).toBe(0);
    },
  );

  it("refuses another site's page", async () => {
    const { port, source } = await hostWithTiles();
    const answer = await rawRequest(port, '/tiles/3/1/1.png', {
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(answer.status).toBe(403);
    expect(source.requestCount()).toBe(0);
  });

  it('keeps the host check: a name other than loopback gets nothing', async () => {
    const { port, source } = await hostWithTiles();
    const answer = await rawRequest(port, '/tiles/3/1/1.png', { host: 'evil.example' });
    expect(answer.status).toBe(403);
    expect(source.requestCount()).toBe(0);
  });

  it('lets the page take images from its own origin alone', () => {
    for (const mode of ['websocket', 'ipc'] as const) {
      const imgSrc = contentSecurityPolicy(mode)
        .split('; ')
        .find((d) => d.startsWith('img-src'));
      expect(imgSrc).toBe("img-src 'self' data:");
    }
  });
});

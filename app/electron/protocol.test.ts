// The app:// protocol handler with Node's own Request and Response: the
// built files with the security headers, and nothing outside them.

import { afterEach, describe, expect, it } from 'vitest';
import { MapTiles } from '../../main/tiles/map-tiles';
import { startTileServer } from '../../main/tiles/testing/tile-server';
import { BAD_TILE_PATH } from '../../main/tiles/tile-route';
import { tempDir } from '../../main/testing/temp-dir';
import { contentSecurityPolicy } from '../host/static-files';
import { APP_JS, INDEX_HTML, SECRET, fakeUi } from '../host/testing/fake-ui';
import { APP_SCHEME_PRIVILEGES, APP_URL, createAppProtocolHandler, originOf } from './protocol';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

async function handler(tiles: MapTiles | null = null) {
  const ui = await fakeUi();
  cleanup.push(() => ui.remove());
  return createAppProtocolHandler(ui.root, tiles);
}

/** Map tiles taking their tiles from a tile server on a loopback port. */
async function withTiles() {
  const source = await startTileServer();
  cleanup.push(() => source.stop());
  const tiles = new MapTiles({ dataDir: tempDir('sigil-app-tiles-') });
  cleanup.push(() => tiles.close());
  await tiles.setSource({ urlTemplate: source.template, attribution: '', maxZoom: 18 });
  return { tiles, source };
}

describe('app:// protocol', () => {
  it('serves index.html with the CSP and no caching', async () => {
    const handle = await handler();
    const response = await handle(new Request(APP_URL));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX_HTML);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy('ipc'));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const root = await handle(new Request('app://sigil/'));
    expect(await root.text()).toBe(INDEX_HTML);
  });

  it('serves assets by relative path', async () => {
    const handle = await handler();
    const response = await handle(new Request('app://sigil/assets/app.js'));
    expect(await response.text()).toBe(APP_JS);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    'app://sigil/%2e%2e/package.json',
    'app://sigil/..%2fsecret.txt',
    'app://sigil/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://sigil/escape.txt',
    'app://other/index.html',
    'app://sigil/missing.js',
  ])('answers 404 to %s', async (url) => {
    const handle = await handler();
    const response = await handle(new Request(url));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SECRET);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy('ipc'));
  });

  it('refuses anything but GET and HEAD', async () => {
    const handle = await handler();
    const response = await handle(new Request(APP_URL, { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });

  it('serves map tiles through the cache, and from it once the source is gone', async () => {
    const { tiles, source } = await withTiles();
    const handle = await handler(tiles);
    const first = await handle(new Request('app://sigil/tiles/12/3744/2478.png'));
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(first.headers.get('content-security-policy')).toBe(contentSecurityPolicy('ipc'));
    const png = source.png(12, 3744, 2478);
    expect(Buffer.from(await first.arrayBuffer()).equals(png)).toBe(true);
    await source.stop();
    const cached = await handle(new Request('app://sigil/tiles/12/3744/2478.png'));
    expect(Buffer.from(await cached.arrayBuffer()).equals(png)).toBe(true);
    const missing = await handle(new Request('app://sigil/tiles/12/3745/2478.png'));
    expect(missing.status).toBe(503);
    expect(source.requestCount()).toBe(1);
  });

  it('refuses a tile path that is not z/x/y, and has no tiles without the service', async () => {
    const { tiles, source } = await withTiles();
    const handle = await handler(tiles);
    const bad = await handle(new Request('app://sigil/tiles/3/9/1.png'));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe(`${BAD_TILE_PATH}\n`);
    expect(source.requestCount()).toBe(0);
    const none = await (await handler())(new Request('app://sigil/tiles/3/1/1.png'));
    expect(none.status).toBe(404);
  });

  it('registers the scheme as standard and secure, without bypassing the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });

  it('knows the origin of our URLs', () => {
    expect(originOf(APP_URL)).toBe('app://sigil');
    expect(originOf('app://sigil/')).toBe('app://sigil');
    expect(originOf('https://a.example:8443/x')).toBe('https://a.example:8443');
    expect(originOf('not a url')).toBeNull();
  });
});

// tiles.*: the map's source, cache and area downloads through the Api,
// against a tile server on a loopback port.

import { afterEach, describe, expect, it } from 'vitest';
import { OPENSTREETMAP_BULK_REFUSAL } from '../tiles/tile-source';
import { startTileServer, type TileServer } from '../tiles/testing/tile-server';
import { countTiles } from '../tiles/tile-coords';
import type { ApiService } from './service';
import {
  call,
  closeServices,
  eventually,
  recordEvents,
  refused,
  startService,
} from './testing/services';

const servers: TileServer[] = [];
afterEach(async () => {
  await closeServices();
  for (const server of servers.splice(0)) await server.stop();
});

async function withTileServer(): Promise<{ service: ApiService; source: TileServer }> {
  const source = await startTileServer();
  servers.push(source);
  const service = await startService();
  await call(service, 'tiles.setSource', {
    urlTemplate: source.template,
    attribution: '© Test tiles',
    maxZoom: 18,
  });
  return { service, source };
}

const bounds = { south: -35.4, west: 149.1, north: -35.35, east: 149.15 };
const area = { bounds, minZoom: 12, maxZoom: 14 };

describe('tiles.*', () => {
  it('start with OpenStreetMap, saying that it allows no area download', async () => {
    const service = await startService();
    expect(await call(service, 'tiles.source', {})).toEqual({
      source: {
        urlTemplate: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
        attribution: '© OpenStreetMap contributors',
        maxZoom: 19,
        areaDownloadRefusal: OPENSTREETMAP_BULK_REFUSAL,
        settingsProblem: null,
      },
    });
  });

  it('set a source and answer it; a source that cannot be used is refused in words', async () => {
    const { service, source } = await withTileServer();
    expect((await call(service, 'tiles.source', {})).source).toMatchObject({
      urlTemplate: source.template,
      attribution: '© Test tiles',
      areaDownloadRefusal: null,
    });
    const answer = await refused(service, {
      packetId: 's1',
      packetType: 'tiles.setSource',
      urlTemplate: 'http://tiles.example/{z}/{x}.png',
      attribution: '',
      maxZoom: 18,
    });
    expect(answer.message).toBe(
      'tiles.setSource: the URL template needs {y}, as in .../{z}/{x}/{y}.png',
    );
  });

  it('refuse a zoom past 22 and a cache limit under 16 MiB before any handler runs', async () => {
    const service = await startService();
    const zoom = await refused(service, {
      packetId: 'z1',
      packetType: 'tiles.estimate',
      ...area,
      maxZoom: 23,
    });
    expect(zoom.message).toContain('maxZoom');
    const limit = await refused(service, {
      packetId: 'l1',
      packetType: 'tiles.setCacheLimit',
      bytes: 1024,
    });
    expect(limit.message).toContain('bytes');
  });

  it('tell the cache, set its limit and clear it', async () => {
    const { service } = await withTileServer();
    await service.tiles.tile({ z: 12, x: 3744, y: 2478 });
    const { cache, unreachable, download } = await call(service, 'tiles.stats', {});
    expect(cache.tiles).toBe(1);
    expect(cache.bytes).toBeGreaterThan(0);
    expect(cache.limitBytes).toBe(500 * 1024 * 1024);
    expect(unreachable).toBeNull();
    expect(download).toBeNull();
    expect((await call(service, 'tiles.setCacheLimit', { bytes: 64 * 1024 * 1024 })).cache).toEqual(
      { ...cache, limitBytes: 64 * 1024 * 1024 },
    );
    expect((await call(service, 'tiles.clear', {})).cache).toEqual({
      tiles: 0,
      bytes: 0,
      limitBytes: 64 * 1024 * 1024,
    });
  });

  it('estimate an area, then download it with progress events to the end', async () => {
    const { service, source } = await withTileServer();
    const total = countTiles(bounds, 12, 14);
    expect((await call(service, 'tiles.estimate', area)).estimate).toEqual({
      tiles: total,
      cached: 0,
      bytes: total * 20 * 1024,
      refusal: null,
    });
    const events = recordEvents(service);
    const { download } = await call(service, 'tiles.download', area);
    expect(download).toMatchObject({ area, state: 'running', total, done: 0, failed: 0 });
    const end = await eventually('the download to finish', async () =>
      events.of('tiles.progress').find((e) => e.download.state !== 'running'),
    );
    expect(end.download).toMatchObject({ state: 'finished', total, done: total, failed: 0 });
    expect(end.download.bytes).toBeGreaterThan(0);
    expect(source.requestCount()).toBe(total);
    expect((await call(service, 'tiles.stats', {})).download).toEqual(end.download);
  });

  it('cancel a download', async () => {
    const { service, source } = await withTileServer();
    source.delayMs = 50;
    await call(service, 'tiles.download', { bounds, minZoom: 12, maxZoom: 17 });
    const { download } = await call(service, 'tiles.cancelDownload', {});
    expect(download?.state).toBe('cancelled');
    expect(download!.done).toBeLessThan(download!.total);
  });

  it("refuse an area download from OpenStreetMap's servers, saying why", async () => {
    const service = await startService();
    const answer = await refused(service, {
      packetId: 'd1',
      packetType: 'tiles.download',
      ...area,
    });
    expect(answer.message).toBe(`tiles.download: ${OPENSTREETMAP_BULK_REFUSAL}`);
    expect((await call(service, 'tiles.cancelDownload', {})).download).toBeNull();
  });
});

// The tile route as both shells answer it (app/host/server.ts for `sigil
// serve`, app/electron/protocol.ts for the desktop app): the path checked
// strictly (whole numbers without leading zeros, x and y within 2^z; any
// other path is a 400, so no request names a file of its own choosing),
// requests from other sites' pages refused, the tile from MapTiles, and an
// answer a map can show: the image, or a status with one plain sentence
// (404 no such tile, 503 offline and not cached, 502 the source sent
// something else).

import { TILE_ROUTE_PREFIX } from '../../protocol/tile-route';
import { isTile, MAX_TILE_ZOOM, type TileCoords } from './tile-coords';
import type { MapTiles } from './map-tiles';

export interface TileRequest {
  readonly method: string;
  /** The URL's path, without its query. */
  readonly path: string;
  readonly ifNoneMatch?: string | null;
  /** The browser's Sec-Fetch-Site header, if it sent one. */
  readonly fetchSite?: string | null;
}

export interface TileResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** null for HEAD and 304. */
  readonly body: Uint8Array | null;
}

const TILE_PATH = /^\/tiles\/(0|[1-9]\d?)\/(0|[1-9]\d{0,7})\/(0|[1-9]\d{0,7})\.png$/;

export const BAD_TILE_PATH =
  `not a tile: the route is ${TILE_ROUTE_PREFIX}{z}/{x}/{y}.png, z from 0 to ${MAX_TILE_ZOOM}, ` +
  'x and y from 0 to 2^z - 1';

export function isTileRoute(path: string): boolean {
  return path.startsWith(TILE_ROUTE_PREFIX);
}

/** The tile a path names, or null when it names none. */
export function parseTilePath(path: string): TileCoords | null {
  const match = TILE_PATH.exec(path);
  if (match === null) return null;
  const coords = { z: Number(match[1]), x: Number(match[2]), y: Number(match[3]) };
  return isTile(coords) ? coords : null;
}

function text(status: number, message: string, extra: Record<string, string> = {}): TileResponse {
  const body = Buffer.from(`${message}\n`, 'utf8');
  return {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(body.length),
      'Cache-Control': 'no-store',
      ...extra,
    },
    body,
  };
}

export async function answerTileRequest(
  tiles: MapTiles,
  request: TileRequest,
): Promise<TileResponse> {
  const head = request.method === 'HEAD';
  if (request.method !== 'GET' && !head) {
    return text(405, 'tiles are read with GET', { Allow: 'GET, HEAD' });
  }
  // Another site's page must not learn from our tiles where the pilot flies
  // (a cached tile loads, an uncached one offline does not), nor fill the cache.
  if (request.fetchSite === 'cross-site' || request.fetchSite === 'same-site') {
    return text(403, 'tiles are for the pages this host serves');
  }
  const coords = parseTilePath(request.path);
  if (coords === null) return text(400, BAD_TILE_PATH);
  const answer = await tiles.tile(coords);
  switch (answer.kind) {
    case 'tile': {
      const etag = `"${answer.tile.etag}"`;
      // The host's cache is the one that counts: the browser asks each time and gets a 304.
      const headers = {
        ETag: etag,
        'Cache-Control': 'no-cache',
        // Nor may another site's page show them (the browser enforces it).
        'Cross-Origin-Resource-Policy': 'same-origin',
      };
      if (request.ifNoneMatch === etag) return { status: 304, headers, body: null };
      return {
        status: 200,
        headers: {
          ...headers,
          'Content-Type': answer.tile.contentType,
          'Content-Length': String(answer.tile.body.byteLength),
        },
        body: head ? null : answer.tile.body,
      };
    }
    case 'missing':
      return text(404, answer.reason);
    case 'unavailable':
      return text(503, answer.reason, { 'Retry-After': '15' });
    case 'bad-source':
      return text(502, answer.reason);
  }
}

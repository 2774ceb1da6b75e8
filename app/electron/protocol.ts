// The page comes from `app://sigil/`, a scheme of our own, rather than from
// file://. Its answers are ours to make: each carries the CSP and security
// headers as real HTTP headers, only files inside the built user interface
// are reachable (the host's containment check), the page gets a real,
// stable origin (file:// pages share one opaque origin with every local
// file), and file:// keeps no extra privileges (a fuse turns them off).
// The map's tiles come the same way, from app://sigil/tiles/, answered by
// the route the headless host answers too (main/tiles/tile-route.ts).

import { readFile } from 'node:fs/promises';
import type { MapTiles } from '../../main/tiles/map-tiles';
import { answerTileRequest, isTileRoute } from '../../main/tiles/tile-route';
import { resolveStaticFile, securityHeaders } from '../host/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sigil';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/**
 * For `protocol.registerSchemesAsPrivileged` before the app is ready:
 * standard (real origins, relative URLs), secure (like https, so the page is
 * a secure context) and fetch-capable. Not `bypassCSP`: our CSP applies.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/**
 * `scheme://host[:port]` of a URL, or null. Not URL.origin: for a scheme
 * Node does not know (ours) that is the string "null".
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

function notFound(status = 404): Response {
  return new Response('not found', {
    status,
    headers: { ...securityHeaders('ipc'), 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * The handler for `protocol.handle(APP_SCHEME, ...)`: files of the built UI
 * under `root`, and the map's tiles when it has them.
 */
export function createAppProtocolHandler(
  root: string,
  tiles: MapTiles | null = null,
): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
    if (tiles !== null && isTileRoute(url.pathname)) {
      const answer = await answerTileRequest(tiles, {
        method: request.method,
        path: url.pathname,
        ifNoneMatch: request.headers.get('if-none-match'),
        fetchSite: request.headers.get('sec-fetch-site'),
      });
      return new Response(answer.body, {
        status: answer.status,
        headers: { ...securityHeaders('ipc'), ...answer.headers },
      });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(405);
    const file = await resolveStaticFile(root, url.pathname);
    if (file === null) return notFound();
    const body = request.method === 'HEAD' ? null : await readFile(file.path);
    return new Response(body, {
      status: 200,
      headers: {
        ...securityHeaders('ipc'),
        'Content-Type': file.contentType,
        'Cache-Control': file.cacheControl,
      },
    });
  };
}

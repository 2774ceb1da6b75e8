// The built user interface as files on disk, for the headless host's HTTP
// server and the desktop app's `app://` protocol alike: which file a URL
// path names (never one outside the folder), its content type, and the
// security headers every answer carries.

import { realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

/** Content types by extension; anything else is not served. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Where the page may connect: the host's own WebSocket, or nothing but itself (Electron IPC). */
export type CspMode = 'websocket' | 'ipc';

/**
 * The Content-Security-Policy of the user interface. No inline script or
 * style, no eval, no plugins, no framing; images only from the page's own
 * origin, which serves the map's tiles too (a map library's blank
 * placeholder tile is a data: URL). In the browser the page reaches the Api
 * over a WebSocket, which `'self'` does not cover in every browser, hence
 * `ws: wss:`; in Electron it has IPC and needs no network at all beyond its
 * own origin.
 */
export function contentSecurityPolicy(mode: CspMode): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    mode === 'websocket' ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Headers for every answer, file or not. */
export function securityHeaders(mode: CspMode): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(mode),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}

export interface StaticFile {
  /** The real path of the file, inside the root. */
  path: string;
  contentType: string;
  size: number;
  /** index.html changes with every build and carries no hash: it must not be cached. */
  cacheControl: string;
}

/**
 * The file that a URL path names under `root`, or null (answer 404) when it
 * does not exist, is not a regular file, has an unknown type, or lies
 * outside `root` by `..`, an encoded separator or a symbolic link.
 * `/` is `index.html`. `root` must be an absolute, real path (see `uiRoot`).
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  // A NUL byte or a backslash has no business in a file name of ours.
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join(sep);
  const candidate = resolve(root, relative);
  if (!candidate.startsWith(root + sep)) return null;
  let real: string;
  try {
    // A symbolic link inside the folder may point anywhere: judge where it leads.
    real = await realpath(candidate);
  } catch {
    return null;
  }
  if (!real.startsWith(root + sep)) return null;
  const contentType = CONTENT_TYPES[extname(real).toLowerCase()];
  if (contentType === undefined) return null;
  let size: number;
  try {
    const info = await stat(real);
    if (!info.isFile()) return null;
    size = info.size;
  } catch {
    return null;
  }
  const isIndex = real === join(root, 'index.html');
  return {
    path: real,
    contentType,
    size,
    cacheControl: isIndex ? 'no-store' : 'no-cache',
  };
}

/** The real, absolute path of a built user interface, or an Error saying it is not built. */
export async function uiRoot(dir: string): Promise<string> {
  let root: string;
  try {
    root = await realpath(resolve(dir));
    const index = await stat(join(root, 'index.html'));
    if (!index.isFile()) throw new Error('index.html is not a file');
  } catch {
    throw new Error(
      `the user interface is not built: run npm run build:renderer (no index.html in ${dir})`,
    );
  }
  return root;
}

// One tile from the tile source over HTTP, as Sigil asks for it: with a
// User-Agent that names Sigil and its version (OpenStreetMap's tile usage
// policy refuses anonymous applications), within a time limit, and no
// bigger than a tile can be. What comes back is sorted for the map: a
// tile, no such tile, a source that answered wrongly, or no answer.

import { SIGIL_VERSION } from '../version';
import { TILE_CONTENT_TYPES, type TileImage } from './tile-file';

export const SIGIL_USER_AGENT = `Sigil/${SIGIL_VERSION} (MAVLink ground-control station)`;
/** A 256-pixel tile is tens of kilobytes; anything past this is not a tile. */
export const MAX_TILE_BYTES = 1024 * 1024;

export type UpstreamAnswer =
  | { readonly kind: 'tile'; readonly tile: TileImage }
  /** The source has no such tile (404, 410, 204). */
  | { readonly kind: 'missing'; readonly reason: string }
  /** The source answered, but not with a tile: an error status, a wrong type, too many bytes. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** No answer: no network, no such host, a refused connection, too slow. */
  | { readonly kind: 'unreachable'; readonly reason: string };

export interface FetchTileOptions {
  timeoutMs: number;
  /** Aborts the request for its owner (a cancelled download); the abort is thrown, not answered. */
  signal?: AbortSignal;
  maxBytes?: number;
}

class TooLarge extends Error {}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function networkReason(error: unknown, url: string): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail =
    typeof cause?.code === 'string'
      ? cause.code
      : typeof cause?.message === 'string'
        ? cause.message
        : error instanceof Error
          ? error.message
          : String(error);
  return `cannot reach ${hostOf(url)} (${detail})`;
}

async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw new TooLarge();
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel();
      throw new TooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}

export async function fetchTile(url: string, options: FetchTileOptions): Promise<UpstreamAnswer> {
  const maxBytes = options.maxBytes ?? MAX_TILE_BYTES;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal =
    options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  const slow = `${hostOf(url)} did not answer within ${options.timeoutMs / 1000} s`;
  let response: Response;
  try {
    response = await fetch(url, {
      signal,
      headers: {
        'User-Agent': SIGIL_USER_AGENT,
        Accept: 'image/png,image/jpeg,image/webp,image/gif;q=0.9',
      },
    });
  } catch (error) {
    options.signal?.throwIfAborted();
    return { kind: 'unreachable', reason: timeout.aborted ? slow : networkReason(error, url) };
  }
  try {
    if (response.status === 404 || response.status === 410 || response.status === 204) {
      await response.body?.cancel();
      return { kind: 'missing', reason: `the tile source has no such tile (${response.status})` };
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      return { kind: 'refused', reason: `the tile source answered ${response.status}` };
    }
    const contentType = (response.headers.get('content-type') ?? '')
      .split(';', 1)[0]!
      .trim()
      .toLowerCase();
    if (!TILE_CONTENT_TYPES.has(contentType)) {
      await response.body?.cancel();
      return {
        kind: 'refused',
        reason: `the tile source sent ${contentType === '' ? 'no content type' : contentType}, not a PNG, JPEG, WebP or GIF image`,
      };
    }
    const body = await readLimited(response, maxBytes);
    if (body.byteLength === 0) return { kind: 'refused', reason: 'the tile source sent no image' };
    return { kind: 'tile', tile: { contentType, body } };
  } catch (error) {
    options.signal?.throwIfAborted();
    if (error instanceof TooLarge) {
      return { kind: 'refused', reason: `the tile source sent more than ${maxBytes} bytes` };
    }
    return { kind: 'unreachable', reason: timeout.aborted ? slow : networkReason(error, url) };
  }
}

// One cached tile as a file: a magic, the SHA-256 of what follows, the
// content type and the image. A file cut short (a full disk, a crash
// outside the atomic write) or changed on disk fails its checksum and is
// never served; the hash also names the tile's version for the browser
// (its ETag).

import { createHash } from 'node:crypto';

const MAGIC = Buffer.from('SIGTILE1', 'ascii');
const HASH_BYTES = 32;
const HEADER_BYTES = MAGIC.length + HASH_BYTES + 1;
const MAX_TYPE_LENGTH = 64;

/** Images a map can show and nothing that can hold a script (SVG is not one of them). */
export const TILE_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
]);

export interface TileImage {
  readonly contentType: string;
  readonly body: Uint8Array;
}

export interface StoredTile extends TileImage {
  /** A short hex digest of the tile: the same bytes, the same tag. */
  readonly etag: string;
}

function digest(type: Uint8Array, body: Uint8Array): Buffer {
  return createHash('sha256').update(type).update(body).digest();
}

export function encodeTileFile(tile: TileImage): Buffer {
  const type = Buffer.from(tile.contentType, 'ascii');
  if (type.length === 0 || type.length > MAX_TYPE_LENGTH) {
    throw new Error(`a content type of ${type.length} bytes cannot be stored`);
  }
  return Buffer.concat([
    MAGIC,
    digest(type, tile.body),
    Buffer.from([type.length]),
    type,
    tile.body,
  ]);
}

/** The tile a file holds, or null when it is not one of ours or not whole. */
export function decodeTileFile(file: Uint8Array): StoredTile | null {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const typeLength = bytes[HEADER_BYTES - 1]!;
  const bodyStart = HEADER_BYTES + typeLength;
  if (typeLength === 0 || bytes.length <= bodyStart) return null;
  const type = bytes.subarray(HEADER_BYTES, bodyStart);
  const body = bytes.subarray(bodyStart);
  const stored = bytes.subarray(MAGIC.length, MAGIC.length + HASH_BYTES);
  const actual = digest(type, body);
  if (!actual.equals(stored)) return null;
  const contentType = type.toString('ascii');
  if (!TILE_CONTENT_TYPES.has(contentType)) return null;
  return { contentType, body, etag: actual.subarray(0, 16).toString('hex') };
}

// Bytes for the remote-session protocol, the same in a browser and in Node:
// no Buffer, only Uint8Array, TextEncoder, btoa and atob.
//
// Every byte array handed to WebCrypto is backed by a plain ArrayBuffer
// (the DOM's BufferSource type insists), hence the copies below.

export type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();

export function utf8(text: string): Bytes {
  return copy(encoder.encode(text));
}

export function copy(bytes: Uint8Array): Bytes {
  const out = new Uint8Array(new ArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(new ArrayBuffer(parts.reduce((n, p) => n + p.length, 0)));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function randomBytes(length: number): Bytes {
  return globalThis.crypto.getRandomValues(new Uint8Array(new ArrayBuffer(length)));
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * The bytes of a base64url text without padding, or null when it is not
 * one (other characters, padding, an impossible length, spare bits set) or
 * does not have `length` bytes. Each value has exactly one accepted text.
 */
export function fromBase64Url(text: unknown, length?: number): Bytes | null {
  if (typeof text !== 'string' || !BASE64URL.test(text) || text.length % 4 === 1) return null;
  let binary: string;
  try {
    binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (length !== undefined && bytes.length !== length) return null;
  // "QQ" and "QR" both decode to "A": only the spelling with zero spare bits counts.
  if (toBase64Url(bytes) !== text) return null;
  return bytes;
}

/** Whether two byte arrays are equal, looking at every byte whatever the first difference. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

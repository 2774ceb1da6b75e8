// CRC-16/MCRF4XX ("X.25" in MAVLink's words): the checksum of every frame and
// the hash behind CRC_EXTRA.

export const CRC_INIT = 0xffff;

/** Folds one byte into a running checksum. */
export function crcAccumulate(byte: number, crc: number): number {
  let tmp = (byte ^ crc) & 0xff;
  tmp = (tmp ^ (tmp << 4)) & 0xff;
  return ((crc >> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >> 4)) & 0xffff;
}

// crcAccumulate(b, crc) is (crc >> 8) ^ f((b ^ crc) & 0xff), and f is
// linear (f(x ^ y) = f(x) ^ f(y)). T1 tabulates f. Tk[x] is the effect of a
// byte x followed by k - 1 zero bytes, so four bytes fold in with four
// independent lookups: the 16-bit state mixes into the first two only.
const T1 = new Uint16Array(256);
const T2 = new Uint16Array(256);
const T3 = new Uint16Array(256);
const T4 = new Uint16Array(256);
for (let i = 0; i < 256; i++) T1[i] = crcAccumulate(i, 0);
for (let i = 0; i < 256; i++) {
  T2[i] = (T1[i]! >>> 8) ^ T1[T1[i]! & 0xff]!;
  T3[i] = (T2[i]! >>> 8) ^ T1[T2[i]! & 0xff]!;
  T4[i] = (T3[i]! >>> 8) ^ T1[T3[i]! & 0xff]!;
}

/** Checksum of `bytes[start, end)` continued from `crc`. */
export function crcBytes(bytes: Uint8Array, start: number, end: number, crc = CRC_INIT): number {
  let c = crc;
  let i = start;
  for (const last = end - 4; i <= last; i += 4) {
    c =
      T4[(c ^ bytes[i]!) & 0xff]! ^
      T3[((c >>> 8) ^ bytes[i + 1]!) & 0xff]! ^
      T2[bytes[i + 2]!]! ^
      T1[bytes[i + 3]!]!;
  }
  for (; i < end; i++) c = (c >>> 8) ^ T1[(c ^ bytes[i]!) & 0xff]!;
  return c;
}

/** Checksum of a string's character codes (ASCII, as the XML names are). */
export function crcString(text: string, crc = CRC_INIT): number {
  let c = crc;
  for (let i = 0; i < text.length; i++) c = crcAccumulate(text.charCodeAt(i) & 0xff, c);
  return c;
}

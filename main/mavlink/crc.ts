// CRC-16/MCRF4XX ("X.25" in MAVLink's words): the checksum of every frame and
// the hash behind CRC_EXTRA.

export const CRC_INIT = 0xffff;

/** Folds one byte into a running checksum. */
export function crcAccumulate(byte: number, crc: number): number {
  let tmp = (byte ^ crc) & 0xff;
  tmp = (tmp ^ (tmp << 4)) & 0xff;
  return ((crc >> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >> 4)) & 0xffff;
}

// crcAccumulate(b, crc) is (crc >> 8) ^ f((b ^ crc) & 0xff): tabulate f for the hot loop.
const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) TABLE[i] = crcAccumulate(i, 0);

/** Checksum of `bytes[start, end)` continued from `crc`. */
export function crcBytes(bytes: Uint8Array, start: number, end: number, crc = CRC_INIT): number {
  let c = crc;
  for (let i = start; i < end; i++) c = (c >>> 8) ^ TABLE[(c ^ bytes[i]!) & 0xff]!;
  return c;
}

/** Checksum of a string's character codes (ASCII, as the XML names are). */
export function crcString(text: string, crc = CRC_INIT): number {
  let c = crc;
  for (let i = 0; i < text.length; i++) c = crcAccumulate(text.charCodeAt(i) & 0xff, c);
  return c;
}

// MAVLink signing timestamps: 48-bit counts of 10 microseconds since
// 2015-01-01T00:00:00Z, stored little-endian in the signature block.

/** 2015-01-01T00:00:00Z in Unix milliseconds. */
export const SIGNING_EPOCH_MS = 1_420_070_400_000;
/** Timestamp units per second (one unit is 10 microseconds). */
export const UNITS_PER_SECOND = 100_000;
/** Units per millisecond: Date.now() converts with one multiplication. */
const UNITS_PER_MS = 100;
/** The largest timestamp six bytes hold (about the year 2104). */
export const MAX_TIMESTAMP = 2 ** 48 - 1;
/**
 * 60 s: how far behind the receiver's clock a new stream may start, and
 * how far ahead of its last saved timestamp a restarted signer begins.
 */
export const STALE_WINDOW = 60 * UNITS_PER_SECOND;
/**
 * 24 h: how far ahead of the receiver's reference a timestamp may be. A
 * frame further ahead is refused as `future`: accepted, it would raise the
 * clocks, and one key holder could run the 48-bit clock out.
 */
export const FUTURE_HORIZON = 24 * 3600 * UNITS_PER_SECOND;

/** A signing timestamp for a wall-clock time in Unix milliseconds (whole units, rounded down). */
export function timestampFromUnixMs(ms: number): number {
  return Math.max(0, Math.floor((ms - SIGNING_EPOCH_MS) * UNITS_PER_MS));
}

/** The signing timestamp of the wall clock now. */
export function wallClockTimestamp(): number {
  return timestampFromUnixMs(Date.now());
}

export function isTimestamp(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= MAX_TIMESTAMP;
}

/** Reads a 6-byte little-endian timestamp (fits a double exactly). */
export function readTimestamp(buffer: Uint8Array, at: number): number {
  return (
    buffer[at]! +
    buffer[at + 1]! * 0x100 +
    buffer[at + 2]! * 0x1_0000 +
    buffer[at + 3]! * 0x100_0000 +
    buffer[at + 4]! * 0x1_0000_0000 +
    buffer[at + 5]! * 0x100_0000_0000
  );
}

/** Writes a 6-byte little-endian timestamp; the caller has checked `isTimestamp`. */
export function writeTimestamp(buffer: Uint8Array, at: number, timestamp: number): void {
  const low = timestamp % 0x1_0000_0000;
  const high = (timestamp - low) / 0x1_0000_0000;
  buffer[at] = low & 0xff;
  buffer[at + 1] = (low >>> 8) & 0xff;
  buffer[at + 2] = (low >>> 16) & 0xff;
  buffer[at + 3] = (low >>> 24) & 0xff;
  buffer[at + 4] = high & 0xff;
  buffer[at + 5] = (high >>> 8) & 0xff;
}

// tlog files: records of an 8-byte big-endian Unix time in microseconds and
// one raw frame, as Mission Planner, QGroundControl, MAVProxy and pymavlink
// write them.

import { MAGIC_V1, MAGIC_V2 } from '../mavlink/frame';
import { TLOG_TIME_LENGTH, type StreamFormat } from '../mavlink/parser';

// A tlog's first record time must fall in this range for auto-detection.
const EARLIEST_US = Date.UTC(2000, 0, 1) * 1000;
const LATEST_US = Date.UTC(2100, 0, 1) * 1000;

/** One tlog record: the time, then the frame's bytes. */
export function tlogRecord(timeUs: number, frame: Uint8Array): Uint8Array {
  const record = new Uint8Array(TLOG_TIME_LENGTH + frame.length);
  writeTime(record, 0, timeUs);
  record.set(frame, TLOG_TIME_LENGTH);
  return record;
}

/** Writes a record time, big-endian; byte by byte, so a record costs no DataView. */
export function writeTime(out: Uint8Array, offset: number, timeUs: number): void {
  const hi = Math.floor(timeUs / 0x1_0000_0000);
  const lo = timeUs - hi * 0x1_0000_0000;
  out[offset] = hi >>> 24;
  out[offset + 1] = (hi >>> 16) & 0xff;
  out[offset + 2] = (hi >>> 8) & 0xff;
  out[offset + 3] = hi & 0xff;
  out[offset + 4] = lo >>> 24;
  out[offset + 5] = (lo >>> 16) & 0xff;
  out[offset + 6] = (lo >>> 8) & 0xff;
  out[offset + 7] = lo & 0xff;
}

/**
 * Tells a tlog from a raw capture by its first bytes: a tlog starts with a
 * plausible wall-clock time followed by a start marker; a raw capture
 * starts with a marker (or garbage), which never reads as such a time.
 */
export function detectFormat(head: Uint8Array): StreamFormat {
  if (head.length <= TLOG_TIME_LENGTH) return 'raw';
  const marker = head[TLOG_TIME_LENGTH];
  if (marker !== MAGIC_V1 && marker !== MAGIC_V2) return 'raw';
  const dv = new DataView(head.buffer, head.byteOffset, TLOG_TIME_LENGTH);
  const timeUs = dv.getUint32(0) * 0x1_0000_0000 + dv.getUint32(4);
  return timeUs >= EARLIEST_US && timeUs < LATEST_US ? 'tlog' : 'raw';
}

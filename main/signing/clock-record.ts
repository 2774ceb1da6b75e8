// One saved value of the signing clock as a line of JSON: a version, the
// timestamp and a checksum over both, so a record that a bad write, a bad
// disk or a hand edit has changed is told apart from a good one. Reading
// never throws: a record is a timestamp or a reason it is not one.

import { createHash } from 'node:crypto';
import { MAX_TIMESTAMP, isTimestamp } from './timestamp';

export const RECORD_VERSION = 2;
/** Records of the first format (one file, no checksum) are still read. */
const LEGACY_VERSION = 1;

export type RecordRead =
  | { readonly ok: true; readonly timestamp: number }
  | { readonly ok: false; readonly reason: string };

function checksum(timestamp: number): string {
  return createHash('sha256')
    .update(`sigil signing clock v${RECORD_VERSION}: ${timestamp}`)
    .digest('hex')
    .slice(0, 16);
}

export function encodeClockRecord(timestamp: number): string {
  return (
    JSON.stringify({ version: RECORD_VERSION, timestamp, checksum: checksum(timestamp) }) + '\n'
  );
}

export function decodeClockRecord(text: string): RecordRead {
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof data !== 'object' || data === null) {
    return { ok: false, reason: 'not a signing clock record' };
  }
  const fields = data as { version?: unknown; timestamp?: unknown; lastTimestamp?: unknown };
  if (fields.version === LEGACY_VERSION) return timestampOf(fields.lastTimestamp);
  if (fields.version !== RECORD_VERSION) {
    return { ok: false, reason: `version ${String(fields.version)} is not one this Sigil reads` };
  }
  const read = timestampOf(fields.timestamp);
  if (read.ok && (data as { checksum?: unknown }).checksum !== checksum(read.timestamp)) {
    return { ok: false, reason: 'the checksum does not match' };
  }
  return read;
}

function timestampOf(value: unknown): RecordRead {
  if (typeof value !== 'number' || !isTimestamp(value)) {
    return {
      ok: false,
      reason: `${JSON.stringify(value) ?? 'nothing'} is not a timestamp (0 to ${MAX_TIMESTAMP})`,
    };
  }
  return { ok: true, timestamp: value };
}

// Streaming MAVLink v1/v2 framer for raw byte streams and tlogs. Bytes
// arrive in chunks of any size; every intact frame is delivered once, in
// order, whatever the chunking.

import {
  BAD_CRC,
  FrameView,
  MAGIC_V1,
  MAGIC_V2,
  MAX_FRAME_LENGTH,
  NEED_MORE,
  probeFrame,
  type MessageLookup,
} from './frame';

export interface ParserStats {
  /** Frames delivered, unknown ids included. */
  frames: number;
  /** Candidates of a known id whose checksum failed. */
  badCrc: number;
  /** Frames delivered whose message id the dialect does not know. */
  unknown: number;
  /** Bytes that were not part of any delivered frame. */
  discardedBytes: number;
}

/**
 * `raw`: frames back to back with anything between them. `tlog`: each frame
 * preceded by its receive time, 8 bytes big-endian Unix microseconds.
 */
export type StreamFormat = 'raw' | 'tlog';

export const TLOG_TIME_LENGTH = 8;

/** `timeUs` is the tlog record time; undefined for a raw stream. */
export type FrameHandler = (frame: FrameView, timeUs: number | undefined) => void;

export class FrameParser {
  readonly stats: ParserStats = { frames: 0, badCrc: 0, unknown: 0, discardedBytes: 0 };
  private readonly view = new FrameView();
  // Bytes kept from the previous chunk: the start of a frame not yet complete.
  private pending = new Uint8Array(4 * MAX_FRAME_LENGTH);
  private pendingLength = 0;
  private readonly prefix: number;

  constructor(
    private readonly lookup: MessageLookup,
    private readonly onFrame: FrameHandler,
    format: StreamFormat = 'raw',
  ) {
    this.prefix = format === 'tlog' ? TLOG_TIME_LENGTH : 0;
  }

  /** Feeds bytes. Frames found are delivered synchronously, before push returns. */
  push(chunk: Uint8Array): void {
    if (this.pendingLength === 0) {
      this.scan(chunk, chunk.length, false);
      return;
    }
    const total = this.pendingLength + chunk.length;
    if (total > this.pending.length) {
      const grown = new Uint8Array(Math.max(total, this.pending.length * 2));
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    this.pending.set(chunk, this.pendingLength);
    this.pendingLength = 0;
    this.scan(this.pending, total, false);
  }

  /** The stream has ended: decide what was waiting for more bytes. */
  end(): void {
    const length = this.pendingLength;
    this.pendingLength = 0;
    if (length > 0) this.scan(this.pending, length, true);
  }

  /** Forgets buffered bytes (after a reconnect, say) without counting them. */
  reset(): void {
    this.pendingLength = 0;
  }

  private scan(buffer: Uint8Array, end: number, final: boolean): void {
    const stats = this.stats;
    const view = this.view;
    const prefix = this.prefix;
    let pos = 0;
    while (pos < end) {
      const at = pos + prefix;
      if (at >= end) {
        if (!final) break;
        stats.discardedBytes += end - pos;
        pos = end;
        break;
      }
      const b = buffer[at];
      if (b !== MAGIC_V2 && b !== MAGIC_V1) {
        pos++;
        stats.discardedBytes++;
        continue;
      }
      const result = probeFrame(buffer, at, end, final, this.lookup, view);
      if (result > 0) {
        stats.frames++;
        if (view.def === undefined) stats.unknown++;
        const timeUs = prefix === 0 ? undefined : readTime(buffer, pos);
        pos = at + result;
        this.onFrame(view, timeUs);
      } else if (result === NEED_MORE) {
        break;
      } else {
        // Search again from the byte after this start, so a false header
        // cannot hide the frames behind it.
        if (result === BAD_CRC) stats.badCrc++;
        pos++;
        stats.discardedBytes++;
      }
    }
    this.keep(buffer, pos, end);
  }

  private keep(buffer: Uint8Array, from: number, end: number): void {
    const length = end - from;
    if (length === 0) return;
    if (length > this.pending.length) this.pending = new Uint8Array(length * 2);
    if (buffer === this.pending) this.pending.copyWithin(0, from, end);
    else this.pending.set(buffer.subarray(from, end));
    this.pendingLength = length;
  }
}

function readTime(buffer: Uint8Array, pos: number): number {
  const hi =
    ((buffer[pos]! << 24) |
      (buffer[pos + 1]! << 16) |
      (buffer[pos + 2]! << 8) |
      buffer[pos + 3]!) >>>
    0;
  const lo =
    ((buffer[pos + 4]! << 24) |
      (buffer[pos + 5]! << 16) |
      (buffer[pos + 6]! << 8) |
      buffer[pos + 7]!) >>>
    0;
  return hi * 0x1_0000_0000 + lo;
}

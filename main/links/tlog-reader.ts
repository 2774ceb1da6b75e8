// Reading a tlog in chunks from any offset, for the replay: each frame
// comes out with its record time and the offset of its record in the file,
// and a queue holds one chunk's frames until they are played.

import type { FileHandle } from 'node:fs/promises';
import type { FrameView, MessageLookup } from '../mavlink/frame';
import { FrameParser, TLOG_TIME_LENGTH } from '../mavlink/parser';

const CHUNK = 64 * 1024;

export type FrameSink = (frame: FrameView, timeUs: number, recordOffset: number) => void;

/** Parses a tlog from any offset, telling each frame's record offset in the file. */
export class TlogReader {
  private readonly parser: FrameParser;
  private readonly chunk = Buffer.allocUnsafe(CHUNK);
  private filePos = 0;
  private ended = false;
  // Record offsets come from counting: every byte between two frames is a discarded one.
  private recordEnd = 0;
  private discardedAtRecordEnd = 0;

  constructor(
    private readonly handle: FileHandle,
    lookup: MessageLookup,
    sink: FrameSink,
  ) {
    this.parser = new FrameParser(
      lookup,
      (frame, timeUs) => {
        const discarded = this.parser.stats.discardedBytes;
        const offset = this.recordEnd + (discarded - this.discardedAtRecordEnd);
        this.recordEnd = offset + TLOG_TIME_LENGTH + frame.length;
        this.discardedAtRecordEnd = discarded;
        sink(frame, timeUs!, offset);
      },
      'tlog',
    );
  }

  seek(offset: number): void {
    this.parser.reset();
    this.filePos = offset;
    this.recordEnd = offset;
    this.discardedAtRecordEnd = this.parser.stats.discardedBytes;
    this.ended = false;
  }

  /** Reads and parses one chunk; false once the file is exhausted. */
  async next(): Promise<boolean> {
    if (this.ended) return false;
    const { bytesRead } = await this.handle.read(this.chunk, 0, CHUNK, this.filePos);
    if (bytesRead === 0) {
      this.ended = true;
      this.parser.end();
      return false;
    }
    this.filePos += bytesRead;
    this.parser.push(this.chunk.subarray(0, bytesRead));
    return true;
  }
}

/** Frames parsed from one chunk, copied out of the parser's buffer until played. */
export class FrameQueue {
  bytes = new Uint8Array(2 * CHUNK);
  private used = 0;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  readonly times: number[] = [];
  private head = 0;

  get empty(): boolean {
    return this.head >= this.starts.length;
  }

  add(frame: Uint8Array, timeUs: number, recordEnd: number): void {
    if (this.used + frame.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + frame.length));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    this.bytes.set(frame, this.used);
    this.starts.push(this.used);
    this.used += frame.length;
    this.ends.push(recordEnd);
    this.times.push(timeUs);
  }

  nextTime(): number {
    return this.times[this.head]!;
  }

  /** The next frame's bytes and record end; the queue empties itself once all are taken. */
  take(): { frame: Uint8Array; recordEnd: number } {
    const i = this.head++;
    const start = this.starts[i]!;
    const end = i + 1 < this.starts.length ? this.starts[i + 1]! : this.used;
    const taken = { frame: this.bytes.subarray(start, end), recordEnd: this.ends[i]! };
    if (this.empty) this.clear();
    return taken;
  }

  clear(): void {
    this.used = 0;
    this.head = 0;
    this.starts.length = 0;
    this.ends.length = 0;
    this.times.length = 0;
  }
}

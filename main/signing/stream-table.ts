// The receive side's memory of every signed stream: the last timestamp seen
// per (sysid, compid, link id). One bounded table for all links, so a frame
// recorded on one link and replayed on another finds its stream. When it is
// full, a stream that has gone quiet for more than 60 s may make room: a
// replay of its frames would start a new stream that old, refused as
// `stale`, so forgetting it opens nothing.
//
// Streams live in typed arrays indexed by slot: a timestamp (48 bits, so a
// double) kept in an object field would be boxed anew on every update.

export interface StreamInfo {
  readonly sysid: number;
  readonly compid: number;
  readonly linkId: number;
  /** The last accepted timestamp. */
  readonly timestamp: number;
  /** Frames accepted on this stream. */
  readonly accepted: number;
}

export const DEFAULT_MAX_STREAMS = 64;
/** What `find` returns for a stream not in the table. */
export const NO_STREAM = -1;

// sysid, compid and link id are one byte each: one small integer key, so a
// lookup allocates nothing.
function streamKey(sysid: number, compid: number, linkId: number): number {
  return (sysid << 16) | (compid << 8) | linkId;
}

export class StreamTable {
  private readonly slots = new Map<number, number>();
  private readonly keys: Uint32Array;
  private readonly timestamps: Float64Array;
  private readonly accepted: Float64Array;

  constructor(readonly capacity = DEFAULT_MAX_STREAMS) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`the stream table holds at least 1 stream, not ${capacity}`);
    }
    this.keys = new Uint32Array(capacity);
    this.timestamps = new Float64Array(capacity);
    this.accepted = new Float64Array(capacity);
  }

  get size(): number {
    return this.slots.size;
  }

  get full(): boolean {
    return this.slots.size >= this.capacity;
  }

  /** The stream's slot, or NO_STREAM. */
  find(sysid: number, compid: number, linkId: number): number {
    return this.slots.get(streamKey(sysid, compid, linkId)) ?? NO_STREAM;
  }

  /**
   * Forgets the stream with the oldest last timestamp if that is below
   * `before`; true if one was forgotten (there is room for one more).
   */
  evictOlderThan(before: number): boolean {
    const size = this.slots.size;
    let oldest = NO_STREAM;
    for (let slot = 0; slot < size; slot++) {
      if (oldest === NO_STREAM || this.timestamps[slot]! < this.timestamps[oldest]!) oldest = slot;
    }
    if (oldest === NO_STREAM || !(this.timestamps[oldest]! < before)) return false;
    // The last slot moves into the freed one, so slots stay 0..size-1.
    const last = size - 1;
    this.slots.delete(this.keys[oldest]!);
    if (oldest !== last) {
      const key = this.keys[last]!;
      this.keys[oldest] = key;
      this.timestamps[oldest] = this.timestamps[last]!;
      this.accepted[oldest] = this.accepted[last]!;
      this.slots.set(key, oldest);
    }
    return true;
  }

  /** Adds a stream (the caller has checked `full`) and returns its slot. */
  add(sysid: number, compid: number, linkId: number): number {
    if (this.full) throw new RangeError('the stream table is full');
    const slot = this.slots.size;
    const key = streamKey(sysid, compid, linkId);
    this.slots.set(key, slot);
    this.keys[slot] = key;
    this.timestamps[slot] = 0;
    this.accepted[slot] = 0;
    return slot;
  }

  lastTimestamp(slot: number): number {
    return this.timestamps[slot]!;
  }

  /** Records an accepted frame's timestamp on its stream. */
  accept(slot: number, timestamp: number): void {
    this.timestamps[slot] = timestamp;
    this.accepted[slot]!++;
  }

  /** A copy of every stream (in the order first seen, until an eviction reorders them). */
  snapshot(): StreamInfo[] {
    const out: StreamInfo[] = [];
    for (let slot = 0; slot < this.slots.size; slot++) {
      const key = this.keys[slot]!;
      out.push({
        sysid: key >>> 16,
        compid: (key >>> 8) & 0xff,
        linkId: key & 0xff,
        timestamp: this.timestamps[slot]!,
        accepted: this.accepted[slot]!,
      });
    }
    return out;
  }
}

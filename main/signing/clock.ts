// The GCS's signing clock, one per GCS: every link's signer takes its
// timestamps from it and the verifier raises it with every timestamp it
// accepts, so what we send is never below the wall clock, below anything
// we sent, or below anything a peer sent us.

import { MAX_TIMESTAMP, wallClockTimestamp } from './timestamp';

export interface SigningClockOptions {
  /** The lowest first value (a restored floor). Default 0. */
  start?: number;
  /** Wall-clock time as a signing timestamp; injectable for tests and offline checks. */
  wallClock?: () => number;
}

/**
 * Called, synchronously, before the clock hands out a value above its
 * limit; returns the new limit. The timestamp store uses it to make sure no
 * value is ever used that a restart could hand out again.
 */
export type ExtendLimit = (value: number) => number;

export class SigningClock {
  // [0]: the highest timestamp handed out or accepted. A typed array, so
  // raising it with a 48-bit value (a double) does not box the value.
  private readonly state = new Float64Array(1);
  private readonly wallClock: () => number;
  private limit = Infinity;
  private extend: ExtendLimit | undefined;

  constructor(options: SigningClockOptions = {}) {
    this.wallClock = options.wallClock ?? wallClockTimestamp;
    this.state[0] = Math.max(0, (options.start ?? 0) - 1);
  }

  /** A timestamp above every one before it and not below the wall clock. */
  next(): number {
    const value = Math.max(this.state[0]! + 1, this.wallClock());
    if (value > MAX_TIMESTAMP) throw new RangeError('the signing clock has run out of 48 bits');
    if (value > this.limit && this.extend !== undefined) this.limit = this.extend(value);
    this.state[0] = value;
    return value;
  }

  /** Raises the clock to a timestamp accepted from a peer: what we send next is above it. */
  accept(timestamp: number): void {
    if (timestamp > this.state[0]!) this.state[0] = timestamp;
  }

  /**
   * The local timestamp new streams are judged against: the highest value
   * used or accepted, or the wall clock if that is later. Takes nothing.
   */
  now(): number {
    return Math.max(this.state[0]!, this.wallClock());
  }

  /** The highest value handed out or accepted so far (what must be persisted). */
  get highest(): number {
    return this.state[0]!;
  }

  /** Values up to `limit` are handed out freely; above it, `extend` runs first. */
  setLimit(limit: number, extend: ExtendLimit): void {
    this.limit = limit;
    this.extend = extend;
  }

  /** Raises the limit (after a save elsewhere made more values safe). */
  raiseLimit(limit: number): void {
    if (limit > this.limit) this.limit = limit;
  }
}

// The outgoing signing clock, one per GCS: every link's signer takes its
// timestamps from it and it follows the verifier's reference (see
// `follow`), so what we send is never below the wall clock, below anything
// we sent, or below anything a peer sent us. It is not the verifier's
// reference (see reference.ts): its restart margin must not judge peers.
//
// It never throws. When it cannot hand out a timestamp it can stand
// behind, `next` returns HELD and the frame is not sent:
// - `unproven`: what an earlier run used is unknown (its saved clock could
//   not be read) until a peer's accepted timestamp shows where to go on
//   from (see persistent-clock.ts for why that suffices);
// - `unsaved`: the value is past what may be used without a save, and the
//   save failed;
// - `exhausted`: the 48 bits are used up (the clock saturates there).

import type { ReferenceTime } from './reference';
import { MAX_TIMESTAMP, wallClockTimestamp } from './timestamp';

/** What `next` returns instead of a timestamp when the frame must be held. */
export const HELD = -1;

export type HoldReason = 'unproven' | 'unsaved' | 'exhausted';

export interface SigningClockOptions {
  /** The lowest first value (a restored floor). Default 0. */
  start?: number;
  /** Wall-clock time as a signing timestamp; injectable for tests and offline checks. */
  wallClock?: () => number;
  /**
   * False when earlier runs' timestamps are unknown: nothing is handed out
   * until a peer's timestamp is accepted. Default true.
   */
  proven?: boolean;
}

/**
 * Called, synchronously, before the clock hands out a value above its
 * limit; returns the new limit (not above the value: the value is held).
 * The persistent clock uses it to make sure no value is ever used that a
 * restart could hand out again.
 */
export type ExtendLimit = (value: number) => number;

export class SigningClock {
  // [0]: the highest timestamp handed out or accepted. A typed array, so
  // raising it with a 48-bit value (a double) does not box the value.
  private readonly state = new Float64Array(1);
  private readonly wallClock: () => number;
  private limit = Infinity;
  private extend: ExtendLimit | undefined;
  private isProven: boolean;
  private heldFrames = 0;
  private holding: HoldReason | null = null;
  private listener: (() => void) | undefined;
  private reference: ReferenceTime | undefined;

  constructor(options: SigningClockOptions = {}) {
    this.wallClock = options.wallClock ?? wallClockTimestamp;
    this.state[0] = Math.min(MAX_TIMESTAMP, Math.max(0, (options.start ?? 0) - 1));
    this.isProven = options.proven ?? true;
  }

  /** A timestamp above every one before it and not below the wall clock, or HELD. */
  next(): number {
    this.pull();
    if (!this.isProven) return this.hold('unproven');
    const value = Math.max(this.state[0]! + 1, this.wallClock());
    if (value > MAX_TIMESTAMP) return this.hold('exhausted');
    if (value > this.limit) {
      if (this.extend !== undefined) this.limit = this.extend(value);
      if (value > this.limit) return this.hold('unsaved');
    }
    this.state[0] = value;
    if (this.holding !== null) {
      this.holding = null;
      this.listener?.();
    }
    return value;
  }

  /**
   * Raises the clock to a timestamp accepted from a peer: what we send next
   * is above it. It also proves an unproven clock (see the header).
   */
  accept(timestamp: number): void {
    if (timestamp > this.state[0]!) this.state[0] = Math.min(timestamp, MAX_TIMESTAMP);
    if (!this.isProven) {
      this.isProven = true;
      this.listener?.();
    }
  }

  /**
   * Goes on above every timestamp `reference` accepts from a peer, and is
   * proven by the first: the clock reads the reference whenever it is used
   * or read. (Read, not raised by every accepted frame: one more call on
   * the verifier's per-frame path took it past V8's inlining budget, and a
   * timestamp returned by a call left out of line is boxed, one allocation
   * per frame.)
   */
  follow(reference: ReferenceTime): void {
    if (this.reference !== undefined && this.reference !== reference) {
      throw new Error('a signing clock follows one reference');
    }
    this.reference = reference;
  }

  private pull(): void {
    const accepted = this.reference?.highestAccepted ?? -1;
    if (accepted >= 0) this.accept(accepted);
  }

  /** What the clock stands at: the highest value used or accepted, or the wall clock if later. */
  current(): number {
    this.pull();
    return Math.min(MAX_TIMESTAMP, Math.max(this.state[0]!, this.wallClock()));
  }

  /** The highest value handed out or accepted so far (what must be persisted). */
  get highest(): number {
    this.pull();
    return this.state[0]!;
  }

  /** Whether timestamps can be handed out at all (see `proven` in the options). */
  get proven(): boolean {
    this.pull();
    return this.isProven;
  }

  /** Frames held so far. */
  get held(): number {
    return this.heldFrames;
  }

  /** Why the last frame was held, until a timestamp is handed out again. */
  get holdReason(): HoldReason | null {
    return this.holding;
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

  /** Told (synchronously) when the clock starts or stops holding, or is proven (see `follow`). */
  onChange(listener: () => void): void {
    this.listener = listener;
  }

  private hold(reason: HoldReason): number {
    this.heldFrames++;
    if (this.holding !== reason) {
      this.holding = reason;
      this.listener?.();
    }
    return HELD;
  }
}

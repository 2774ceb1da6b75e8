// The verifier's reference time: what a new stream's first timestamp is
// judged against (at most 60 s behind it) and what a far-future timestamp
// is measured from. It is the wall clock, raised by every timestamp
// accepted from a peer, and nothing else: our own outgoing clock runs
// ahead of the wall clock by its restart margin, and judging peers by it
// would turn an honest wall-clock vehicle `stale` after a few restarts.

import { wallClockTimestamp } from './timestamp';

export class ReferenceTime {
  // [0]: the highest timestamp accepted, -1 before the first. A typed
  // array, so raising it with a 48-bit value (a double) does not box it.
  private readonly accepted = new Float64Array([-1]);

  /** `wallClock`: wall-clock time as a signing timestamp (injectable: tests, `sigil verify --now`). */
  constructor(private readonly wallClock: () => number = wallClockTimestamp) {}

  /** The reference now: the wall clock, or the highest accepted timestamp if that is later. */
  now(): number {
    return Math.max(this.accepted[0]!, this.wallClock());
  }

  /** The highest timestamp accepted from a peer, or -1 if none has been. */
  get highestAccepted(): number {
    return this.accepted[0]!;
  }

  /**
   * Whether the timestamp `values[index]` is more than `horizon` ahead of
   * the reference. The wall clock is read only when the highest accepted
   * timestamp does not settle it, so a known stream's frames cost no clock
   * read. (Typed array and index, not the timestamp itself: a 48-bit value
   * passed to a call the JIT does not inline is boxed on the heap, one
   * allocation per frame.)
   */
  isBeyond(values: Float64Array, index: number, horizon: number): boolean {
    const timestamp = values[index]!;
    return timestamp - this.accepted[0]! > horizon && timestamp - this.now() > horizon;
  }

  /** Raises the reference to a timestamp accepted from a peer. */
  raise(timestamp: number): void {
    if (timestamp > this.accepted[0]!) this.accepted[0] = timestamp;
  }

  /** `raise(values[index])`, for the per-frame path (see isBeyond). */
  raiseFrom(values: Float64Array, index: number): void {
    if (values[index]! > this.accepted[0]!) this.accepted[0] = values[index]!;
  }
}

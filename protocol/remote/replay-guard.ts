// Replay protection for remote sessions, with MAVLink signing's rule
// (main/signing/verifier.ts): on a known stream a value must be strictly
// greater than the last one accepted (equal is a replay), a new stream must
// not start stale, and only a message that passed its signature or MAC
// check is recorded, so a forged one cannot move the mark and lock the real
// client out. Here a stream is one session (its proof times) or one
// direction of a session's frames (their seq).
//
// Why not main/signing/stream-table.ts itself: its streams are keyed by
// the one-byte triple (sysid, compid, link id), packed into typed arrays so
// that a frame costs no allocation, in one bounded table shared by all
// links. A session is keyed by a random token and lives in its own object,
// and its proof times are judged against a window on both sides of the
// wall clock (MAVLink only bounds a new stream's age). The rule is the same;
// the table would only be in the way.

export type ProofTimeVerdict = 'ok' | 'stale' | 'replay';

/** A value that must grow: equal or lower is a replay. */
export class IncreasingMark {
  private last: number;

  constructor(start = 0) {
    this.last = start;
  }

  get value(): number {
    return this.last;
  }

  /** Whether `value` would be accepted; changes nothing. */
  isFresh(value: number): boolean {
    return value > this.last;
  }

  /** Records a value that passed every check, its signature or MAC first. */
  accept(value: number): void {
    if (value > this.last) this.last = value;
  }
}

/** A session's proof times: within `windowMs` of the clock, and strictly increasing. */
export class ReplayGuard {
  private readonly mark = new IncreasingMark(-1);

  constructor(readonly windowMs: number) {}

  /** The last accepted time, or -1. */
  get lastTime(): number {
    return this.mark.value;
  }

  /** The verdict on a time whose signature verified; changes nothing. */
  judge(time: number, now: number): ProofTimeVerdict {
    // Stale first: a replayed old proof is also outside the window, and says so.
    if (Math.abs(time - now) > this.windowMs) return 'stale';
    if (!this.mark.isFresh(time)) return 'replay';
    return 'ok';
  }

  accept(time: number): void {
    this.mark.accept(time);
  }
}

// When to ask a vehicle for its telemetry streams. ArduPilot sends nothing
// but HEARTBEAT on a telemetry port until asked, and forgets what it was
// asked when it reboots; it keeps what one link asked for to that link. So
// a vehicle is asked at first contact, on each link it is first heard on
// (a new link, a reconnected one, a move to another), after a reboot or a
// signing change (the last requests may have gone unsigned and been
// ignored), and whenever its telemetry is missing while it is heard.
//
// Requests go out only at the vehicle's heartbeats, so at most about once a
// second; for missing telemetry, on a schedule that backs off while it
// stays missing, so a vehicle that does not stream is not stormed.

/** Why a vehicle is asked for its telemetry. */
export type StreamRequestReason =
  'first contact' | 'link not asked' | 'reboot' | 'signing changed' | 'telemetry missing';

/** Waits after each request for missing telemetry, the last one repeated. */
export const RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000, 15_000, 30_000];

export class StreamRequests<L extends object> {
  /** Links it was asked on since the last change that voids a request. */
  private asked = new WeakSet<L>();
  private pending: StreamRequestReason | null = 'first contact';
  /** Requests in a row for telemetry that stayed missing. */
  private retries = 0;
  private notBeforeMs = -Infinity;

  /** Something voided the requests made: ask again, on whichever link it is heard. */
  invalidate(reason: StreamRequestReason): void {
    this.pending ??= reason;
    this.asked = new WeakSet();
  }

  /** The link reconnected (or closed): what was asked on it is gone. */
  forgetLink(link: L): void {
    this.asked.delete(link);
  }

  /**
   * At a heartbeat heard on `link`: why to ask now, or null. `missing`:
   * whether the vehicle's streamed telemetry is missing.
   */
  due(link: L, missing: boolean, nowMs: number): StreamRequestReason | null {
    if (this.pending !== null) return this.pending;
    if (!this.asked.has(link)) return 'link not asked';
    if (!missing) {
      // Flowing: the next gap starts the schedule from its first step.
      this.retries = 0;
      return null;
    }
    return nowMs >= this.notBeforeMs ? 'telemetry missing' : null;
  }

  /** The requests went out on `link`. */
  sent(link: L, reason: StreamRequestReason, nowMs: number): void {
    this.pending = null;
    this.asked.add(link);
    const step = reason === 'telemetry missing' ? this.retries++ : 0;
    this.notBeforeMs = nowMs + RETRY_DELAYS_MS[Math.min(step, RETRY_DELAYS_MS.length - 1)]!;
  }
}

// When to play each tlog frame: at its recorded pace times a rate. Pure
// arithmetic on times so it can be tested without waiting.

/**
 * A longer silence in the recording is skipped: logs appended to across
 * sessions (MAVProxy's mav.tlog) have gaps of hours that nobody wants to sit
 * through.
 */
export const MAX_GAP_US = 10_000_000;

export function checkRate(rate: number): void {
  if (!(rate > 0)) throw new RangeError(`replay rate must be above 0, not ${rate}`);
}

export class Pacer {
  // Wall time (ms) at which the recording time `anchorUs` was played; undefined:
  // the next frame plays at once and becomes the anchor.
  private anchorMs: number | undefined;
  private anchorUs = 0;
  private lastUs: number | undefined;
  private currentRate: number;

  /** `rate`: 1 is real time, 2 twice as fast, Infinity as fast as possible. */
  constructor(rate = 1) {
    checkRate(rate);
    this.currentRate = rate;
  }

  get rate(): number {
    return this.currentRate;
  }

  /** Changes the rate from now on, keeping the time already played. */
  setRate(rate: number, nowMs: number): void {
    checkRate(rate);
    this.currentRate = rate;
    if (this.lastUs === undefined) this.anchorMs = undefined;
    else this.anchor(nowMs, this.lastUs);
  }

  /** The next frame plays at once (after a seek, or on resuming from a pause). */
  restart(): void {
    this.anchorMs = undefined;
  }

  /** Milliseconds until the frame recorded at `timeUs` is due; 0 or less: now. */
  delayMs(timeUs: number, nowMs: number): number {
    if (this.currentRate === Infinity) return 0;
    const last = this.lastUs;
    // The recording's clock jumped back, or skipped ahead past MAX_GAP_US: carry on from here.
    const jumped = last !== undefined && (timeUs < last || timeUs - last > MAX_GAP_US);
    if (this.anchorMs === undefined || jumped) {
      this.anchor(nowMs, timeUs);
      return 0;
    }
    return this.anchorMs + (timeUs - this.anchorUs) / 1000 / this.currentRate - nowMs;
  }

  /** The frame recorded at `timeUs` was delivered. */
  played(timeUs: number): void {
    this.lastUs = timeUs;
  }

  /** Forgets what was played (a seek): time may go anywhere next. */
  forget(): void {
    this.lastUs = undefined;
    this.anchorMs = undefined;
  }

  private anchor(nowMs: number, timeUs: number): void {
    this.anchorMs = nowMs;
    this.anchorUs = timeUs;
  }
}

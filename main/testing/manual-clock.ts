// A Clock for tests: time stands still until the test moves it, and then
// every timer that falls due runs, in time order, at its own time.

import type { Clock, TimerHandle } from '../clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  private time: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Moves time on by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (let timer = this.due(end); timer !== undefined; timer = this.due(end)) this.fire(timer);
    this.time = end;
  }

  /**
   * As `advance`, for code that carries on in promises: before each timer,
   * and at the end, what its callbacks started runs (their promise
   * continuations and callbacks queued since), so a timer set after an
   * `await` still runs within `ms`.
   */
  async advanceAsync(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      const timer = this.due(end);
      if (timer === undefined) break;
      this.fire(timer);
    }
    this.time = end;
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  private due(end: number): Timer | undefined {
    let next: Timer | undefined;
    for (const t of this.timers)
      if (t.at <= end && (next === undefined || t.at < next.at)) next = t;
    return next;
  }

  private fire(timer: Timer): void {
    this.timers = this.timers.filter((t) => t !== timer);
    this.time = timer.at;
    timer.callback();
  }
}

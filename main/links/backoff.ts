// How long a link waits before trying again: short at first so a brief
// outage (a vehicle rebooting, a cable wiggled) heals quickly, longer later
// so an absent peer is not hammered.

import { systemClock, type Clock, type TimerHandle } from '../clock';

export interface BackoffOptions {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** The delay doubles after each failed try, up to this. */
  readonly maxMs: number;
}

/** 0.5 s, 1 s, 2 s, 4 s, then every 8 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 8000 };

/** One pending retry at a time, with a delay that grows until `reset`. */
export class Retry {
  private delayMs: number;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly clock: Clock = systemClock,
  ) {
    this.delayMs = options.initialMs;
  }

  /** Runs `attempt` after the current delay (replacing any pending one); returns the delay. */
  schedule(attempt: () => void): number {
    this.cancel();
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.options.maxMs);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      attempt();
    }, delay);
    return delay;
  }

  /** A good connection: the next outage starts again from the shortest delay. */
  reset(): void {
    this.delayMs = this.options.initialMs;
  }

  /** Drops the pending retry so nothing keeps the process alive. */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }
}

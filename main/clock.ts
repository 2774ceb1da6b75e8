// Time and timers as the core's timed parts take them: injected, so a test
// moves time by hand (main/testing/manual-clock.ts) instead of waiting for
// it, and production passes Node's own.

export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds. Which clock (wall or monotonic) is the owner's choice, said where it is passed. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Wall-clock milliseconds (Date.now) and Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Milliseconds that never jump (performance.now) and Node's timers: for pacing, where only intervals count. */
export const monotonicClock: Clock = {
  ...systemClock,
  now: () => performance.now(),
};

/** Lets the process exit while this timer waits; a handle that is not Node's is left alone. */
export function unrefTimer(handle: TimerHandle): void {
  const timer = handle as { unref?: unknown } | null;
  if (typeof timer?.unref === 'function') (timer as { unref(): void }).unref();
}

import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock';
import { DEFAULT_BACKOFF, Retry } from './backoff';

describe('Retry', () => {
  it('waits 0.5 s, then doubles up to 8 s by default', () => {
    const retry = new Retry();
    const delays = Array.from({ length: 7 }, () => retry.schedule(() => undefined));
    retry.cancel();
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(DEFAULT_BACKOFF).toEqual({ initialMs: 500, maxMs: 8000 });
  });

  it('starts again from the shortest delay after reset', () => {
    const retry = new Retry({ initialMs: 10, maxMs: 100 });
    retry.schedule(() => undefined);
    retry.schedule(() => undefined);
    retry.reset();
    expect(retry.schedule(() => undefined)).toBe(10);
    retry.cancel();
  });

  it('runs the attempt after the delay', () => {
    const clock = new ManualClock();
    const retry = new Retry({ initialMs: 5, maxMs: 5 }, clock);
    let runs = 0;
    retry.schedule(() => runs++);
    expect(retry.pending).toBe(true);
    clock.advance(4);
    expect(runs).toBe(0);
    clock.advance(1);
    expect(runs).toBe(1);
    expect(retry.pending).toBe(false);
  });

  it('runs nothing once cancelled', () => {
    const clock = new ManualClock();
    const retry = new Retry({ initialMs: 5, maxMs: 5 }, clock);
    let runs = 0;
    retry.schedule(() => runs++);
    retry.cancel();
    clock.advance(30);
    expect(runs).toBe(0);
  });

  it('keeps one pending attempt when scheduled twice', () => {
    const clock = new ManualClock();
    const retry = new Retry({ initialMs: 5, maxMs: 5 }, clock);
    let runs = 0;
    retry.schedule(() => runs++);
    retry.schedule(() => runs++);
    clock.advance(30);
    expect(runs).toBe(1);
  });
});

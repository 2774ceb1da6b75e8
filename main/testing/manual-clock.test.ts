import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock';

describe('ManualClock', () => {
  it('stands still until moved, then runs each timer due at its own time, in order', () => {
    const clock = new ManualClock(1000);
    const ran: [string, number][] = [];
    clock.setTimeout(() => ran.push(['b', clock.now()]), 20);
    clock.setTimeout(() => ran.push(['a', clock.now()]), 10);
    clock.setTimeout(() => ran.push(['c', clock.now()]), 30);
    expect(clock.now()).toBe(1000);
    clock.advance(25);
    expect(ran).toEqual([
      ['a', 1010],
      ['b', 1020],
    ]);
    expect(clock.now()).toBe(1025);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('runs a timer set by a timer within the same advance, and none that was cleared', () => {
    const clock = new ManualClock(0);
    const ran: number[] = [];
    const every = (): void => {
      ran.push(clock.now());
      clock.setTimeout(every, 10);
    };
    clock.setTimeout(every, 10);
    clock.clearTimeout(clock.setTimeout(() => ran.push(-1), 5));
    clock.advance(35);
    expect(ran).toEqual([10, 20, 30]);
  });

  it('lets promise continuations set their next timer when advanced asynchronously', async () => {
    const clock = new ManualClock(0);
    const ran: number[] = [];
    const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(10);
        ran.push(clock.now());
      }
    })();
    // A plain advance fires the first timer, but what follows its await runs only afterwards.
    clock.advance(30);
    expect(ran).toEqual([]);
    await clock.advanceAsync(30);
    expect(ran).toEqual([30, 40, 50]);
  });
});

import { describe, expect, it } from 'vitest';
import { IncreasingMark, ReplayGuard } from './replay-guard';

describe('IncreasingMark', () => {
  it('takes only values above the last accepted one; equal is a replay', () => {
    const mark = new IncreasingMark();
    expect(mark.isFresh(0)).toBe(false);
    expect(mark.isFresh(1)).toBe(true);
    mark.accept(1);
    expect(mark.isFresh(1)).toBe(false);
    expect(mark.isFresh(3)).toBe(true);
    mark.accept(3);
    // A gap is fine (frames lost with a socket); going back is not.
    expect(mark.isFresh(2)).toBe(false);
    expect(mark.value).toBe(3);
  });

  it('changes nothing when only asked (a check that failed its MAC never records)', () => {
    const mark = new IncreasingMark();
    expect(mark.isFresh(1_000_000)).toBe(true);
    expect(mark.value).toBe(0);
    expect(mark.isFresh(1)).toBe(true);
  });
});

describe('ReplayGuard', () => {
  const now = 1_700_000_000_000;

  it('refuses times more than the window away, either way', () => {
    const guard = new ReplayGuard(30_000);
    expect(guard.judge(now - 30_000, now)).toBe('ok');
    expect(guard.judge(now + 30_000, now)).toBe('ok');
    expect(guard.judge(now - 30_001, now)).toBe('stale');
    expect(guard.judge(now + 30_001, now)).toBe('stale');
  });

  it('refuses a time equal to or below the last accepted one', () => {
    const guard = new ReplayGuard(30_000);
    expect(guard.judge(now, now)).toBe('ok');
    guard.accept(now);
    expect(guard.judge(now, now)).toBe('replay');
    expect(guard.judge(now - 1, now)).toBe('replay');
    expect(guard.judge(now + 1, now)).toBe('ok');
    expect(guard.lastTime).toBe(now);
  });

  it('keeps its mark when a time is only judged', () => {
    const guard = new ReplayGuard(30_000);
    expect(guard.judge(now + 20_000, now)).toBe('ok');
    // Not accepted (say its signature was bad): an earlier real one still passes.
    expect(guard.judge(now, now)).toBe('ok');
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_GAP_US, Pacer } from './tlog-pacer';

const T0 = 1_700_000_000_000_000; // a plausible tlog time, µs

/** Plays `times` through a pacer whose clock jumps to each due time; returns the due times. */
function schedule(pacer: Pacer, times: number[], startMs = 1000): number[] {
  let now = startMs;
  const due: number[] = [];
  for (const t of times) {
    now += Math.max(0, pacer.delayMs(t, now));
    pacer.played(t);
    due.push(now);
  }
  return due;
}

describe('Pacer', () => {
  it('plays the first frame at once', () => {
    expect(new Pacer(1).delayMs(T0, 5000)).toBe(0);
  });

  it('spaces frames as recorded at 1x', () => {
    const due = schedule(new Pacer(1), [T0, T0 + 20_000, T0 + 50_000]);
    expect(due).toEqual([1000, 1020, 1050]);
  });

  it('divides the spacing by the rate', () => {
    const due = schedule(new Pacer(4), [T0, T0 + 20_000, T0 + 100_000]);
    expect(due).toEqual([1000, 1005, 1025]);
  });

  it('never waits at Infinity', () => {
    const pacer = new Pacer(Infinity);
    pacer.delayMs(T0, 0);
    pacer.played(T0);
    expect(pacer.delayMs(T0 + 60_000_000, 0)).toBe(0);
  });

  it('counts late frames as due now, without drifting the schedule', () => {
    const pacer = new Pacer(1);
    pacer.delayMs(T0, 1000);
    pacer.played(T0);
    // The loop was late: the frame due at 1010 is asked about at 1030.
    expect(pacer.delayMs(T0 + 10_000, 1030)).toBe(-20);
    pacer.played(T0 + 10_000);
    expect(pacer.delayMs(T0 + 40_000, 1030)).toBe(10);
  });

  it('carries on at once when the recorded clock goes back', () => {
    const due = schedule(new Pacer(1), [T0, T0 + 10_000, T0 - 5_000_000, T0 - 4_990_000]);
    expect(due).toEqual([1000, 1010, 1010, 1020]);
  });

  it('skips silences longer than MAX_GAP_US', () => {
    const due = schedule(new Pacer(1), [T0, T0 + MAX_GAP_US + 1, T0 + MAX_GAP_US + 10_001]);
    expect(due).toEqual([1000, 1000, 1010]);
  });

  it('keeps the time played when the rate changes', () => {
    const pacer = new Pacer(1);
    pacer.delayMs(T0, 1000);
    pacer.played(T0);
    pacer.setRate(2, 1004);
    expect(pacer.delayMs(T0 + 20_000, 1004)).toBe(10);
  });

  it('plays at once after restart (resume) or forget (seek)', () => {
    const pacer = new Pacer(1);
    pacer.delayMs(T0, 0);
    pacer.played(T0);
    pacer.restart();
    expect(pacer.delayMs(T0 + 5_000_000, 10)).toBe(0);
    pacer.forget();
    expect(pacer.delayMs(T0 - 1, 20)).toBe(0);
  });

  it('refuses rates that are not above 0', () => {
    expect(() => new Pacer(0)).toThrow(RangeError);
    expect(() => new Pacer(-1)).toThrow(RangeError);
    expect(() => new Pacer(Number.NaN)).toThrow(RangeError);
    expect(() => new Pacer(1).setRate(0, 0)).toThrow('replay rate must be above 0, not 0');
  });
});

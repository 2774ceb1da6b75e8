// Telemetry ages: each group is stale once older than a few of its own
// periods (never sooner than a second), or when it dates from before the
// vehicle's last reboot.

import { describe, expect, it } from 'vitest';
import { BootClock } from './boot-clock';
import { Freshness, MIN_STALE_MS, STALE_PERIODS, TELEMETRY_GROUPS } from './freshness';

/** A group heard every `periodMs` from 0 to `untilMs`. */
function heardEvery(freshness: Freshness, name: string, periodMs: number, untilMs: number): void {
  for (let t = 0; t <= untilMs; t += periodMs) freshness.note(name, t);
}

describe('Freshness', () => {
  it('knows nothing of a group never heard', () => {
    const f = new Freshness();
    expect(f.age('attitude', 1000)).toBeNull();
    expect(f.ages(1000)).toEqual({
      attitude: null,
      position: null,
      gps: null,
      battery: null,
      hud: null,
      sysStatus: null,
      home: null,
    });
  });

  it('gives each message its group and ignores messages of none', () => {
    const f = new Freshness();
    expect(f.note('ATTITUDE', 0)).toBe('attitude');
    expect(f.note('GLOBAL_POSITION_INT', 0)).toBe('position');
    expect(f.note('GPS_RAW_INT', 0)).toBe('gps');
    expect(f.note('BATTERY_STATUS', 0)).toBe('battery');
    expect(f.note('VFR_HUD', 0)).toBe('hud');
    expect(f.note('SYS_STATUS', 0)).toBe('sysStatus');
    expect(f.note('HOME_POSITION', 0)).toBe('home');
    expect(f.note('STATUSTEXT', 0)).toBeUndefined();
  });

  it('says how old a group is', () => {
    const f = new Freshness();
    f.note('ATTITUDE', 1000);
    expect(f.age('attitude', 1250)).toEqual({ ageMs: 250, stale: false });
  });

  it('marks a 2 Hz group stale after three of its periods', () => {
    const f = new Freshness();
    heardEvery(f, 'GPS_RAW_INT', 500, 20_000);
    expect(f.staleAfterMs('gps')).toBeCloseTo(STALE_PERIODS * 500, -1);
    expect(f.age('gps', 20_000 + 1400)!.stale).toBe(false);
    expect(f.age('gps', 20_000 + 1600)!.stale).toBe(true);
  });

  it('never marks a fast group stale within a second', () => {
    const f = new Freshness();
    heardEvery(f, 'ATTITUDE', 20, 5000);
    expect(f.staleAfterMs('attitude')).toBe(MIN_STALE_MS);
    expect(f.age('attitude', 5000 + 900)!.stale).toBe(false);
    expect(f.age('attitude', 5000 + 1100)!.stale).toBe(true);
  });

  it('learns a slower rate, and a long silence does not become the norm', () => {
    const f = new Freshness();
    heardEvery(f, 'SYS_STATUS', 100, 2000);
    // A minute of silence, then 1 Hz.
    for (let t = 62_000; t <= 80_000; t += 1000) f.note('SYS_STATUS', t);
    expect(f.staleAfterMs('sysStatus')).toBeGreaterThan(2900);
    expect(f.staleAfterMs('sysStatus')).toBeLessThan(3500);
  });

  it('never marks home stale for its age, only for a reboot since', () => {
    const f = new Freshness();
    f.note('HOME_POSITION', 0);
    expect(f.age('home', 3_600_000)).toEqual({ ageMs: 3_600_000, stale: false });
    f.restart(3_600_000);
    expect(f.age('home', 3_600_001)!.stale).toBe(true);
  });

  it('marks everything heard before a reboot stale, and what comes after fresh', () => {
    const f = new Freshness();
    f.note('ATTITUDE', 1000);
    f.note('VFR_HUD', 1000);
    f.restart(1100);
    f.note('ATTITUDE', 1100);
    expect(f.age('attitude', 1150)!.stale).toBe(false);
    expect(f.age('hud', 1150)!.stale).toBe(true);
  });

  it('sums up which groups are stale in one number, to compare cheaply', () => {
    const f = new Freshness();
    heardEvery(f, 'ATTITUDE', 100, 10_000);
    heardEvery(f, 'VFR_HUD', 250, 5000);
    expect(f.staleMask(10_050)).toBe(1 << TELEMETRY_GROUPS.indexOf('hud'));
    expect(f.staleMask(12_000)).toBe(
      (1 << TELEMETRY_GROUPS.indexOf('hud')) | (1 << TELEMETRY_GROUPS.indexOf('attitude')),
    );
  });

  describe('missing', () => {
    it('is true while no streamed telemetry has come', () => {
      const f = new Freshness();
      expect(f.missing(0)).toBe(true);
      f.note('HOME_POSITION', 0);
      expect(f.missing(0)).toBe(true);
    });

    it('is false while what came keeps coming, groups never sent left aside', () => {
      const f = new Freshness();
      heardEvery(f, 'ATTITUDE', 100, 10_000);
      expect(f.missing(10_050)).toBe(false);
    });

    it('is true once one group heard before has gone stale', () => {
      const f = new Freshness();
      heardEvery(f, 'ATTITUDE', 100, 10_000);
      heardEvery(f, 'GPS_RAW_INT', 500, 5000);
      expect(f.missing(10_050)).toBe(true);
    });
  });
});

describe('BootClock', () => {
  it('sees time since boot going forward as no reboot', () => {
    const clock = new BootClock();
    expect(clock.observe(1000)).toBe(false);
    expect(clock.observe(1100)).toBe(false);
    expect(clock.uptimeMs).toBe(1100);
  });

  it('takes messages stamped a little out of order for what they are', () => {
    const clock = new BootClock();
    clock.observe(10_000);
    expect(clock.observe(9_700)).toBe(false);
  });

  it('sees time since boot going back as a reboot', () => {
    const clock = new BootClock();
    clock.observe(600_000);
    expect(clock.observe(120)).toBe(true);
    expect(clock.observe(140)).toBe(false);
  });
});

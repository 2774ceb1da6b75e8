import { describe, expect, it } from 'vitest';
import { HELD, SigningClock } from './clock';

function clockAt(start: number) {
  const wall = { now: start };
  return { wall, clock: new SigningClock({ wallClock: () => wall.now }) };
}

describe('SigningClock', () => {
  it('follows the wall clock when it moves faster than frames are sent', () => {
    const { wall, clock } = clockAt(1_000);
    expect(clock.next()).toBe(1_000);
    wall.now = 5_000;
    expect(clock.next()).toBe(5_000);
  });

  it('climbs by one per use while the wall clock stands still', () => {
    const { clock } = clockAt(1_000);
    expect([clock.next(), clock.next(), clock.next()]).toEqual([1_000, 1_001, 1_002]);
  });

  it('never goes back when the wall clock does', () => {
    const { wall, clock } = clockAt(1_000);
    clock.next();
    wall.now = 10;
    expect(clock.next()).toBe(1_001);
  });

  it('sends above any timestamp it accepted from a peer', () => {
    const { clock } = clockAt(1_000);
    clock.accept(9_000);
    expect(clock.current()).toBe(9_000);
    expect(clock.next()).toBe(9_001);
  });

  it('is not lowered by accepting an older timestamp', () => {
    const { clock } = clockAt(1_000);
    clock.accept(9_000);
    clock.accept(2_000);
    expect(clock.next()).toBe(9_001);
  });

  it('starts no lower than its floor', () => {
    const clock = new SigningClock({ start: 50_000, wallClock: () => 1_000 });
    expect(clock.next()).toBe(50_000);
  });

  it('asks for a new limit before handing out a value above its limit', () => {
    const { wall, clock } = clockAt(1_000);
    const asked: number[] = [];
    clock.setLimit(1_001, (value) => {
      asked.push(value);
      return value + 10;
    });
    clock.next();
    clock.next();
    expect(asked).toEqual([]);
    clock.accept(5_000);
    expect(clock.next()).toBe(5_001);
    wall.now = 5_005;
    expect(clock.next()).toBe(5_005);
    expect(asked).toEqual([5_001]);
  });

  it('saturates at 2^48-1: holds every frame after it, and says so, without throwing', () => {
    const clock = new SigningClock({ start: 2 ** 48 - 1, wallClock: () => 0 });
    expect(clock.next()).toBe(2 ** 48 - 1);
    expect(clock.next()).toBe(HELD);
    expect(clock.next()).toBe(HELD);
    expect(clock.held).toBe(2);
    expect(clock.holdReason).toBe('exhausted');
  });

  it('accepting a peer timestamp of 2^48-1 leaves the clock exhausted, not broken', () => {
    const { clock } = clockAt(1_000);
    clock.accept(2 ** 48 - 1);
    expect(clock.highest).toBe(2 ** 48 - 1);
    expect(clock.next()).toBe(HELD);
  });

  it('starts exhausted from a floor past 48 bits', () => {
    const clock = new SigningClock({ start: 2 ** 48 + 6_000_000, wallClock: () => 0 });
    expect(clock.highest).toBe(2 ** 48 - 1);
    expect(clock.next()).toBe(HELD);
  });

  it('holds every frame while unproven, until a peer timestamp is accepted', () => {
    const { clock } = clockAt(1_000);
    const unproven = new SigningClock({ proven: false, wallClock: () => 1_000 });
    expect(unproven.next()).toBe(HELD);
    expect(unproven.holdReason).toBe('unproven');
    unproven.accept(7_000);
    expect(unproven.proven).toBe(true);
    expect(unproven.next()).toBe(7_001);
    expect(unproven.holdReason).toBeNull();
    expect(clock.proven).toBe(true);
  });

  it('holds a value above its limit when the limit cannot be raised', () => {
    const { clock } = clockAt(1_000);
    clock.setLimit(1_001, (value) => value - 1);
    expect([clock.next(), clock.next(), clock.next()]).toEqual([1_000, 1_001, HELD]);
    expect(clock.holdReason).toBe('unsaved');
  });

  it('tells its listener once when it starts holding and once when it stops', () => {
    const clock = new SigningClock({ proven: false, wallClock: () => 1_000 });
    let changes = 0;
    clock.onChange(() => changes++);
    clock.next();
    clock.next();
    expect(changes).toBe(1);
    clock.accept(2_000); // proven
    clock.next(); // hands out again
    expect(changes).toBe(3);
  });
});

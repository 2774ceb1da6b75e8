import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITER, FailureLimiter, limitKey } from './rate-limit';

function limiter(options = {}) {
  let now = 1_000_000;
  const it = new FailureLimiter(() => now, { ...DEFAULT_LIMITER, ...options });
  return { it, advance: (ms: number) => (now += ms) };
}

describe('FailureLimiter', () => {
  it('locks an address out for a minute at its fifth wrong key in a minute', () => {
    const { it: limit, advance } = limiter();
    for (let i = 0; i < 4; i++) {
      expect(limit.recordFailure('10.0.0.9')).toBe(0);
      advance(1000);
    }
    expect(limit.lockedFor('10.0.0.9')).toBe(0);
    expect(limit.recordFailure('10.0.0.9')).toBe(60_000);
    expect(limit.lockedFor('10.0.0.9')).toBe(60_000);
    expect(limit.lockedFor('10.0.0.10')).toBe(0);
    advance(59_999);
    expect(limit.lockedFor('10.0.0.9')).toBe(1);
    advance(1);
    expect(limit.lockedFor('10.0.0.9')).toBe(0);
  });

  it('forgets wrong keys older than the window', () => {
    const { it: limit, advance } = limiter();
    for (let i = 0; i < 4; i++) limit.recordFailure('a');
    advance(60_000);
    expect(limit.recordFailure('a')).toBe(0);
  });

  it('doubles the lockout each time, up to an hour, and forgives after a quiet hour', () => {
    const { it: limit, advance } = limiter();
    const lockouts: number[] = [];
    for (let round = 0; round < 8; round++) {
      let locked = 0;
      for (let i = 0; i < 5; i++) locked = limit.recordFailure('b');
      lockouts.push(locked);
      advance(locked);
    }
    expect(lockouts).toEqual([1, 2, 4, 8, 16, 32, 60, 60].map((m) => m * 60_000));
    advance(60 * 60_000 + 1);
    let locked = 0;
    for (let i = 0; i < 5; i++) locked = limit.recordFailure('b');
    expect(locked).toBe(60_000);
  });

  it('starts the count again after a right key', () => {
    const { it: limit } = limiter();
    for (let i = 0; i < 4; i++) limit.recordFailure('c');
    limit.recordSuccess('c');
    for (let i = 0; i < 4; i++) expect(limit.recordFailure('c')).toBe(0);
  });

  it('remembers a bounded number of addresses', () => {
    const { it: limit } = limiter({ maxAddresses: 3 });
    for (let i = 0; i < 5; i++) limit.recordFailure('first');
    expect(limit.lockedFor('first')).toBeGreaterThan(0);
    for (const address of ['x', 'y', 'z']) limit.recordFailure(address);
    expect(limit.lockedFor('first')).toBe(0);
  });
});

describe('limitKey', () => {
  it('counts IPv4 (also mapped into IPv6) by address and IPv6 by its /64', () => {
    expect(limitKey('192.168.1.20')).toBe('192.168.1.20');
    expect(limitKey('::ffff:192.168.1.20')).toBe('192.168.1.20');
    expect(limitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(limitKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(limitKey('2001:0db8:0001:0002::9')).toBe('2001:db8:1:2::/64');
    expect(limitKey('::1')).toBe('0:0:0:0::/64');
    expect(limitKey('fe80::1')).toBe('fe80:0:0:0::/64');
  });
});

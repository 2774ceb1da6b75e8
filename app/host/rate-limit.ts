// Wrong authorization keys per address: a few a minute, then a lockout that
// doubles with every repeat (1, 2, 4 ... minutes, at most an hour). A locked
// address is refused before its handshake is even decrypted.
//
// IPv6 addresses count by their /64: one machine usually holds a whole /64
// and could otherwise change address for every guess.

import { isIPv6 } from 'node:net';

export interface LimiterOptions {
  maxFailures: number;
  windowMs: number;
  firstLockoutMs: number;
  maxLockoutMs: number;
  /** Addresses remembered at most: a flood of addresses cannot grow memory. */
  maxAddresses: number;
}

export const DEFAULT_LIMITER: LimiterOptions = {
  maxFailures: 5,
  windowMs: 60_000,
  firstLockoutMs: 60_000,
  maxLockoutMs: 60 * 60_000,
  maxAddresses: 4096,
};

interface Entry {
  failures: number[];
  /** Lockouts so far; the next lasts firstLockoutMs * 2^lockouts. */
  lockouts: number;
  lockedUntil: number;
  lastFailure: number;
}

/** The part of an address that counts: the address, or an IPv6 address's first 64 bits. */
export function limitKey(address: string): string {
  const bare = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  if (!isIPv6(bare)) return bare;
  const [head = '', tail = ''] = bare.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = bare.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

export class FailureLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly options: LimiterOptions = DEFAULT_LIMITER,
  ) {}

  /** Milliseconds until `address` may try again; 0 when it may now. */
  lockedFor(address: string): number {
    const entry = this.entries.get(limitKey(address));
    return entry === undefined ? 0 : Math.max(0, entry.lockedUntil - this.now());
  }

  /** Counts a wrong key; returns how long the address is now locked out (0: not). */
  recordFailure(address: string): number {
    const key = limitKey(address);
    const now = this.now();
    const { windowMs, maxFailures, firstLockoutMs, maxLockoutMs } = this.options;
    let entry = this.entries.get(key);
    // A long quiet spell forgives the earlier lockouts.
    if (entry !== undefined && now - entry.lastFailure > maxLockoutMs) entry = undefined;
    entry ??= { failures: [], lockouts: 0, lockedUntil: 0, lastFailure: now };
    entry.failures = entry.failures.filter((t) => now - t < windowMs);
    entry.failures.push(now);
    entry.lastFailure = now;
    if (entry.failures.length >= maxFailures) {
      entry.lockedUntil = now + Math.min(firstLockoutMs * 2 ** entry.lockouts, maxLockoutMs);
      entry.lockouts++;
      entry.failures = [];
    }
    this.remember(key, entry);
    return Math.max(0, entry.lockedUntil - now);
  }

  /** A right key: the address's count starts again (earlier lockouts are kept). */
  recordSuccess(address: string): void {
    const entry = this.entries.get(limitKey(address));
    if (entry !== undefined) entry.failures = [];
  }

  private remember(key: string, entry: Entry): void {
    this.entries.delete(key);
    if (this.entries.size >= this.options.maxAddresses) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
  }
}

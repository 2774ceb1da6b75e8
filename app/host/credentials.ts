// The headless host's local credentials: the one-time code printed in the
// URL, the session tokens a login hands out, and the limit on wrong guesses.
//
// Codes and tokens are compared through their SHA-256 digests: a code in
// constant time, a token by looking its digest up, so neither the time a
// comparison takes nor a table's layout says anything about the secret.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { OTP_LIFETIME_MS } from '../../protocol/session';

/** Wrong codes allowed per address per window before logins from it are refused for a while. */
export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_MS = 60_000;
/** Addresses remembered for the rate limit: a flood of addresses cannot grow memory. */
const MAX_TRACKED_ADDRESSES = 1024;
/** Tokens alive at once; the oldest goes first. One code gives one token, so this is generous. */
const MAX_TOKENS = 64;

export type LoginResult =
  { ok: true; token: string } | { ok: false; status: 401 | 429; reason: string };

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A fresh secret: `bytes` random bytes as base64url. */
export function randomSecret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export class Credentials {
  private otpDigest: Buffer | null = null;
  private otpExpiresAt = 0;
  private readonly tokens = new Set<string>();
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly lifetimeMs = OTP_LIFETIME_MS,
  ) {}

  /** A new one-time code; any earlier one stops working. */
  issueOtp(): string {
    const otp = randomSecret(16);
    this.otpDigest = digest(otp);
    this.otpExpiresAt = this.now() + this.lifetimeMs;
    return otp;
  }

  /** Trades the one-time code for a session token; the code is burnt by its first use. */
  login(otp: string, address: string): LoginResult {
    const now = this.now();
    const recent = this.recentFailures(address, now);
    if (recent.length >= MAX_FAILED_LOGINS) {
      return {
        ok: false,
        status: 429,
        reason: 'too many wrong codes from this address: wait a minute',
      };
    }
    const expected = this.otpDigest;
    if (expected !== null && timingSafeEqual(digest(otp), expected)) {
      this.otpDigest = null;
      if (now > this.otpExpiresAt) {
        return {
          ok: false,
          status: 401,
          reason: 'this code has expired: restart sigil serve for a new one',
        };
      }
      return { ok: true, token: this.issueToken() };
    }
    this.recordFailure(address, recent, now);
    return {
      ok: false,
      status: 401,
      reason:
        expected === null
          ? 'this code was already used: restart sigil serve for a new one'
          : 'wrong code',
    };
  }

  isValidToken(token: unknown): boolean {
    return typeof token === 'string' && token.length <= 256 && this.tokens.has(hashKey(token));
  }

  private issueToken(): string {
    const token = randomSecret(32);
    if (this.tokens.size >= MAX_TOKENS) {
      const oldest = this.tokens.values().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    this.tokens.add(hashKey(token));
    return token;
  }

  private recentFailures(address: string, now: number): number[] {
    const times = this.failures.get(address) ?? [];
    return times.filter((t) => now - t < FAILED_LOGIN_WINDOW_MS);
  }

  private recordFailure(address: string, recent: number[], now: number): void {
    this.failures.delete(address);
    if (this.failures.size >= MAX_TRACKED_ADDRESSES) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(address, [...recent, now]);
  }
}

function hashKey(token: string): string {
  return digest(token).toString('base64');
}

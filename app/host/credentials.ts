// The headless host's local credentials: the one-time code printed in the
// URL, the session tokens a login hands out, and the bound on wrong guesses.
//
// Codes and tokens are compared through their SHA-256 digests: a code in
// constant time, a token by looking its digest up, so neither the time a
// comparison takes nor a table's layout says anything about the secret.
//
// Guessing is bounded per code, not per address. On loopback every local
// program shares 127.0.0.1 with the pilot: a lockout by address let any of
// them keep the pilot out with five wrong codes. Instead a code is 128
// random bits, and one that has met MAX_WRONG_PER_CODE wrong guesses is
// withdrawn and a fresh one goes to the host's console, where only the
// pilot reads it. Every code thus faces at most that many guesses, a
// chance of 100 in 2^128 (about 3e-37) each; a burst of wrong codes costs
// the pilot nothing but opening the new link.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { OTP_LIFETIME_MS } from '../../protocol/session';

/** Random bytes in a one-time code: 128 bits, 22 base64url characters. */
export const OTP_BYTES = 16;
/** Wrong guesses a code may meet before it is withdrawn and a fresh one is printed. */
export const MAX_WRONG_PER_CODE = 100;
/** Withdrawn codes remembered, to tell the pilot who opens one why it no longer works. */
const WITHDRAWN_KEPT = 8;
/** Tokens alive at once; the oldest goes first. One code gives one token, so this is generous. */
const MAX_TOKENS = 64;

export type LoginResult = { ok: true; token: string } | { ok: false; status: 401; reason: string };

/** Why a code was replaced, and the new one. */
export interface CodeReplaced {
  otp: string;
  reason: string;
}

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
  private wrong = 0;
  private readonly withdrawn: Buffer[] = [];
  private readonly tokens = new Set<string>();
  private replaced: ((event: CodeReplaced) => void) | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly lifetimeMs = OTP_LIFETIME_MS,
  ) {}

  /** Told of every code issued in place of a withdrawn one (the host prints its link). */
  onReplaced(listener: (event: CodeReplaced) => void): void {
    this.replaced = listener;
  }

  /** A new one-time code; any earlier one stops working. */
  issueOtp(): string {
    const otp = randomSecret(OTP_BYTES);
    this.otpDigest = digest(otp);
    this.otpExpiresAt = this.now() + this.lifetimeMs;
    this.wrong = 0;
    return otp;
  }

  /** Trades the one-time code for a session token; the code is burnt by its first use. */
  login(otp: string): LoginResult {
    const now = this.now();
    const given = digest(otp);
    const expected = this.otpDigest;
    if (expected !== null && timingSafeEqual(given, expected)) {
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
    if (this.withdrawn.some((w) => timingSafeEqual(given, w))) {
      return {
        ok: false,
        status: 401,
        reason:
          'this code was withdrawn after too many wrong codes from other programs: ' +
          'use the new link sigil serve printed',
      };
    }
    if (expected === null) {
      return {
        ok: false,
        status: 401,
        reason: 'this code was already used: restart sigil serve for a new one',
      };
    }
    if (++this.wrong >= MAX_WRONG_PER_CODE) this.withdraw(expected);
    return { ok: false, status: 401, reason: 'wrong code' };
  }

  isValidToken(token: unknown): boolean {
    return typeof token === 'string' && token.length <= 256 && this.tokens.has(hashKey(token));
  }

  private withdraw(code: Buffer): void {
    this.withdrawn.push(code);
    if (this.withdrawn.length > WITHDRAWN_KEPT) this.withdrawn.shift();
    const otp = this.issueOtp();
    this.replaced?.({
      otp,
      reason: `${MAX_WRONG_PER_CODE} wrong codes were tried (another program on this machine is guessing)`,
    });
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
}

function hashKey(token: string): string {
  return digest(token).toString('base64');
}

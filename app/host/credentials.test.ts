// The one-time login: a code is good once and for a while, and wrong codes
// are bounded per code, never per address, so no other program on the
// machine can keep the pilot out.

import { describe, expect, it } from 'vitest';
import { Credentials, MAX_WRONG_PER_CODE, OTP_BYTES, type CodeReplaced } from './credentials';

function wrongCodes(credentials: Credentials, count: number): void {
  for (let i = 0; i < count; i++) credentials.login(`wrong-${i}`);
}

describe('one-time codes', () => {
  it('are 128 random bits, as 22 base64url characters', () => {
    const otp = new Credentials().issueOtp();
    expect(OTP_BYTES * 8).toBe(128);
    expect(otp).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(otp, 'base64url')).toHaveLength(OTP_BYTES);
  });

  it('give a token once; the second use is refused', () => {
    const credentials = new Credentials();
    const otp = credentials.issueOtp();
    const answer = credentials.login(otp);
    expect(answer.ok).toBe(true);
    if (answer.ok) expect(credentials.isValidToken(answer.token)).toBe(true);
    expect(credentials.login(otp)).toMatchObject({ ok: false, reason: /already used/ });
    expect(credentials.isValidToken('nope')).toBe(false);
    expect(credentials.isValidToken(undefined)).toBe(false);
  });

  it('are refused once expired', () => {
    let now = 0;
    const credentials = new Credentials(() => now, 1000);
    const otp = credentials.issueOtp();
    now = 1001;
    expect(credentials.login(otp)).toMatchObject({ ok: false, status: 401, reason: /expired/ });
  });

  it('still log in after one wrong code fewer than the bound', () => {
    const credentials = new Credentials();
    const otp = credentials.issueOtp();
    wrongCodes(credentials, MAX_WRONG_PER_CODE - 1);
    expect(credentials.login(otp).ok).toBe(true);
  });

  it('are withdrawn at the bound, and the replacement, handed to the listener, logs in', () => {
    const credentials = new Credentials();
    const replaced: CodeReplaced[] = [];
    credentials.onReplaced((event) => replaced.push(event));
    const otp = credentials.issueOtp();
    wrongCodes(credentials, MAX_WRONG_PER_CODE);
    expect(replaced).toMatchObject([{ otp: expect.any(String), reason: /another program/ }]);
    expect(credentials.login(otp)).toMatchObject({ ok: false, reason: /withdrawn.*new link/ });
    expect(credentials.login(replaced[0]!.otp).ok).toBe(true);
  });

  it('give each replacement a fresh count of wrong codes', () => {
    const credentials = new Credentials();
    const replaced: CodeReplaced[] = [];
    credentials.onReplaced((event) => replaced.push(event));
    credentials.issueOtp();
    wrongCodes(credentials, MAX_WRONG_PER_CODE);
    wrongCodes(credentials, MAX_WRONG_PER_CODE - 1);
    expect(replaced).toHaveLength(1);
    expect(credentials.login(replaced[0]!.otp).ok).toBe(true);
  });

  it('count no wrong codes once the code is used', () => {
    const credentials = new Credentials();
    const replaced: CodeReplaced[] = [];
    credentials.onReplaced((event) => replaced.push(event));
    credentials.login(credentials.issueOtp());
    wrongCodes(credentials, MAX_WRONG_PER_CODE);
    expect(replaced).toEqual([]);
  });
});

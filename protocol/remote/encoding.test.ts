import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64Url, sameBytes, toBase64Url, utf8 } from './encoding';

describe('base64url', () => {
  // That it spells every length as Node does is checked beside the host
  // (app/host/remote-crypto.test.ts), where Node is.
  it('round-trips every length, without padding', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      const text = toBase64Url(bytes);
      expect(text).not.toMatch(/[=+/]/);
      expect(fromBase64Url(text)).toEqual(bytes);
    }
  });

  it.each([
    ['padding', 'QQ=='],
    ['the standard alphabet', 'a+b/'],
    ['white space', 'QU E'],
    ['an impossible length', 'QUJDR'],
    ['spare bits set (QR reads as QQ)', 'QR'],
    ['a number', 42],
    ['null', null],
  ])('refuses %s', (_, text) => {
    expect(fromBase64Url(text)).toBeNull();
  });

  it('checks the length when asked', () => {
    const text = toBase64Url(new Uint8Array(32));
    expect(fromBase64Url(text, 32)).toHaveLength(32);
    expect(fromBase64Url(text, 31)).toBeNull();
  });
});

describe('bytes', () => {
  it('joins, encodes and compares', () => {
    expect(concatBytes(utf8('ab'), new Uint8Array([0, 255]))).toEqual(
      new Uint8Array([0x61, 0x62, 0, 255]),
    );
    expect(utf8('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
    expect(sameBytes(utf8('abc'), utf8('abc'))).toBe(true);
    expect(sameBytes(utf8('abc'), utf8('abd'))).toBe(false);
    expect(sameBytes(utf8('abc'), utf8('ab'))).toBe(false);
  });
});

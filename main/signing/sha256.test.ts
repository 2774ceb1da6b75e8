import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrefixedSha256 } from './sha256';

function digestBytes(words: Int32Array): Buffer {
  const out = Buffer.alloc(32);
  words.forEach((word, i) => out.writeInt32BE(word, i * 4));
  return out;
}

function reference(prefix: Uint8Array, message: Uint8Array): Buffer {
  return createHash('sha256').update(prefix).update(message).digest();
}

describe('PrefixedSha256', () => {
  it('matches node:crypto for every message length a frame can have', () => {
    const prefix = randomBytes(32);
    const sha = new PrefixedSha256(prefix, 32 + 300);
    for (let length = 0; length <= 300; length++) {
      const message = randomBytes(length);
      sha.input.set(message, 32);
      expect(digestBytes(sha.hash(32 + length)), `length ${length}`).toEqual(
        reference(prefix, message),
      );
    }
  });

  it('matches node:crypto for any prefix and message', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        (prefix, message) => {
          const sha = new PrefixedSha256(prefix, 32 + 300);
          sha.input.set(message, 32);
          expect(digestBytes(sha.hash(32 + message.length))).toEqual(reference(prefix, message));
        },
      ),
    );
  });

  it('gives the same digest when reused after a longer message', () => {
    const prefix = randomBytes(32);
    const sha = new PrefixedSha256(prefix, 32 + 300);
    const short = randomBytes(20);
    sha.input.set(randomBytes(300), 32);
    sha.hash(332);
    sha.input.set(short, 32);
    expect(digestBytes(sha.hash(52))).toEqual(reference(prefix, short));
  });

  it('refuses a message longer than it was sized for', () => {
    const sha = new PrefixedSha256(new Uint8Array(32), 100);
    expect(() => sha.hash(200)).toThrow(RangeError);
  });
});

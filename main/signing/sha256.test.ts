import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANES, MAX_MESSAGE_LENGTH, PrefixedSha256 } from './sha256';

function reference(prefix: Uint8Array, message: Uint8Array): Buffer {
  return createHash('sha256').update(prefix).update(message).digest();
}

describe('PrefixedSha256', () => {
  it('matches node:crypto for every message length from 0 to 300 bytes', () => {
    const prefix = randomBytes(32);
    const sha = new PrefixedSha256(prefix, 32 + 300);
    for (let length = 0; length <= 300; length++) {
      const message = randomBytes(length);
      sha.input.set(message, 32);
      expect(Buffer.from(sha.hash(32 + length)), `length ${length}`).toEqual(
        reference(prefix, message),
      );
    }
  });

  it('matches node:crypto in every SIMD lane for every length from 0 to 300 bytes', () => {
    const prefix = randomBytes(32);
    const sha = new PrefixedSha256(prefix);
    for (let length = 0; length <= 300; length++) {
      // Each lane a different length: lanes of fewer blocks must keep their own result.
      const lengths = Array.from({ length: LANES }, (_, k) => (length + 97 * k) % 301);
      const messages = lengths.map((n) => randomBytes(n));
      messages.forEach((m, k) => sha.laneInputs[k]!.set(m, 32));
      sha.hash4(32 + lengths[0]!, 32 + lengths[1]!, 32 + lengths[2]!, 32 + lengths[3]!);
      messages.forEach((m, k) => {
        expect(Buffer.from(sha.laneDigests[k]!), `lane ${k}, length ${lengths[k]}`).toEqual(
          reference(prefix, m),
        );
      });
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
          expect(Buffer.from(sha.hash(32 + message.length))).toEqual(reference(prefix, message));
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
    expect(Buffer.from(sha.hash(52))).toEqual(reference(prefix, short));
  });

  it('hashes the longest message its area holds', () => {
    const prefix = randomBytes(32);
    const sha = new PrefixedSha256(prefix);
    const message = randomBytes(MAX_MESSAGE_LENGTH - 32);
    sha.input.set(message, 32);
    expect(Buffer.from(sha.hash(MAX_MESSAGE_LENGTH))).toEqual(reference(prefix, message));
  });

  it('refuses a message longer than it was sized for', () => {
    const sha = new PrefixedSha256(new Uint8Array(32), 100);
    expect(() => sha.hash(200)).toThrow(RangeError);
    expect(() => sha.hash4(40, 40, 200, 40)).toThrow(RangeError);
    expect(() => new PrefixedSha256(new Uint8Array(32), MAX_MESSAGE_LENGTH + 1)).toThrow(
      RangeError,
    );
  });
});

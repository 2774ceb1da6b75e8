import { createHash, pbkdf2Sync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  KeyError,
  SigningKey,
  deriveKey,
  generateKey,
  keyFromHex,
  keyFromPassphrase,
  keyFromQgcPassphrase,
} from './key';

const HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

describe('passphrase keys', () => {
  it('are SHA-256 of the passphrase as UTF-8', () => {
    const expected = createHash('sha256')
      .update(Buffer.from('correct horse', 'utf8'))
      .digest('hex');
    expect(keyFromPassphrase('correct horse').exportHex()).toBe(expected);
  });

  it('hash non-ASCII passphrases as UTF-8 bytes', () => {
    const expected = createHash('sha256').update(Buffer.from('Übung ✈', 'utf8')).digest('hex');
    expect(keyFromPassphrase('Übung ✈').exportHex()).toBe(expected);
  });

  it("derive QGroundControl's key with PBKDF2-HMAC-SHA256, 600000 rounds and its salt", async () => {
    const expected = pbkdf2Sync(
      'correct horse',
      'QGroundControl-MAVLink-Signing-v1',
      600_000,
      32,
      'sha256',
    ).toString('hex');
    expect((await keyFromQgcPassphrase('correct horse')).exportHex()).toBe(expected);
  });

  it('refuse an empty passphrase with either derivation', async () => {
    expect(() => keyFromPassphrase('')).toThrow(new KeyError('the passphrase is empty'));
    await expect(deriveKey('', 'qgc')).rejects.toThrow('the passphrase is empty');
  });
});

describe('hex keys', () => {
  it('read 64 hex digits in either case', () => {
    expect(keyFromHex(HEX).exportHex()).toBe(HEX);
    expect(keyFromHex(HEX.toUpperCase()).exportHex()).toBe(HEX);
  });

  it('name a wrong length', () => {
    expect(() => keyFromHex('abcd')).toThrow('a hex key is 64 hex digits (32 bytes), not 4');
  });

  it('name the first character that is not hex', () => {
    expect(() => keyFromHex(HEX.slice(0, 10) + 'g' + HEX.slice(11))).toThrow(
      "a hex key has only 0-9 and a-f, found 'g' at position 11",
    );
  });
});

describe('random keys', () => {
  it('differ each time', () => {
    expect(generateKey().equals(generateKey())).toBe(false);
  });
});

describe('a key shown or serialised', () => {
  const key = keyFromHex(HEX);

  it('prints its fingerprint, never its bytes', () => {
    for (const shown of [
      inspect(key),
      inspect({ key }, { showHidden: true, depth: 5 }),
      JSON.stringify({ key }),
      String(key),
      `${key}`,
    ]) {
      expect(shown).toContain(key.fingerprint);
      expect(shown.toLowerCase()).not.toContain('0001020304');
    }
  });

  it('has a fingerprint of the first 8 bytes of SHA-256("sigil-key-fingerprint-v1" || key)', () => {
    const digest = createHash('sha256')
      .update('sigil-key-fingerprint-v1')
      .update(Buffer.from(HEX, 'hex'))
      .digest('hex');
    expect(key.fingerprint).toBe(digest.slice(0, 16).match(/.{4}/g)!.join(':'));
    expect(keyFromHex(HEX).fingerprint).toBe(key.fingerprint);
  });

  it('has a fingerprint that shares no 4-byte run with the key', () => {
    const fingerprint = key.fingerprint.replaceAll(':', '');
    for (let i = 0; i + 8 <= fingerprint.length; i += 2) {
      expect(HEX).not.toContain(fingerprint.slice(i, i + 8));
    }
  });

  it('is a copy: changing the bytes it was made from changes nothing', () => {
    const bytes = Buffer.from(HEX, 'hex');
    const copy = SigningKey.fromBytes(bytes);
    bytes[0] = 0xff;
    expect(copy.exportHex()).toBe(HEX);
  });
});

// The 32-byte MAVLink signing key: where it comes from and how it is shown.
// The bytes sit in a private field; printing, logging or serialising a key
// shows its fingerprint only. Reading the bytes takes an explicit export.

import { createHash, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { inspect, promisify } from 'node:util';

export const KEY_LENGTH = 32;

/** How a passphrase becomes a key. */
export type PassphraseKdf = 'sha256' | 'qgc';
export const PASSPHRASE_KDFS: readonly PassphraseKdf[] = ['sha256', 'qgc'];

// QGroundControl's passphrase derivation: only these exact values reproduce its keys.
const QGC_SALT = 'QGroundControl-MAVLink-Signing-v1';
const QGC_ITERATIONS = 600_000;

const FINGERPRINT_DOMAIN = 'sigil-key-fingerprint-v1';
const FINGERPRINT_BYTES = 8;

const pbkdf2Async = promisify(pbkdf2);

/** A key could not be made from what was given; the message says what was wrong. */
export class KeyError extends Error {}

export class SigningKey {
  readonly #bytes: Uint8Array;
  /** Safe to show: identifies the key without revealing it. */
  readonly fingerprint: string;

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.fingerprint = fingerprintOf(bytes);
  }

  /** A key from exactly 32 bytes (copied). */
  static fromBytes(bytes: Uint8Array): SigningKey {
    if (bytes.length !== KEY_LENGTH) {
      throw new KeyError(`a key is ${KEY_LENGTH} bytes, not ${bytes.length}`);
    }
    return new SigningKey(Uint8Array.from(bytes));
  }

  /** The key's bytes (a copy). Only for the signer, SETUP_SIGNING and the key store. */
  exportBytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  /** The key as 64 lowercase hex digits. Only for showing a key the user asked to see. */
  exportHex(): string {
    return Buffer.from(this.#bytes).toString('hex');
  }

  /** Compares in constant time. */
  equals(other: SigningKey): boolean {
    return timingSafeEqual(this.#bytes, other.#bytes);
  }

  toString(): string {
    return `SigningKey(${this.fingerprint})`;
  }

  toJSON(): { fingerprint: string } {
    return { fingerprint: this.fingerprint };
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * The one fingerprint format: the first 8 bytes of
 * SHA-256("sigil-key-fingerprint-v1" || key) as four hex groups. The domain
 * string keeps it from matching any hash of the key used elsewhere.
 */
function fingerprintOf(key: Uint8Array): string {
  const digest = createHash('sha256').update(FINGERPRINT_DOMAIN).update(key).digest('hex');
  const hex = digest.slice(0, FINGERPRINT_BYTES * 2);
  return hex.match(/.{4}/g)!.join(':');
}

/** A key from 64 hex digits (either case, surrounding spaces ignored). */
export function keyFromHex(text: string): SigningKey {
  const hex = text.trim();
  if (hex.length !== KEY_LENGTH * 2) {
    throw new KeyError(
      `a hex key is ${KEY_LENGTH * 2} hex digits (${KEY_LENGTH} bytes), not ${hex.length}`,
    );
  }
  const bad = /[^0-9a-fA-F]/.exec(hex);
  if (bad !== null) {
    throw new KeyError(
      `a hex key has only 0-9 and a-f, found '${bad[0]}' at position ${bad.index + 1}`,
    );
  }
  return SigningKey.fromBytes(Buffer.from(hex, 'hex'));
}

function checkPassphrase(passphrase: string): void {
  if (passphrase.length === 0) throw new KeyError('the passphrase is empty');
}

/** SHA-256 of the passphrase's UTF-8 bytes: MAVProxy, Mission Planner and node-mavlink keys. */
export function keyFromPassphrase(passphrase: string): SigningKey {
  checkPassphrase(passphrase);
  return SigningKey.fromBytes(createHash('sha256').update(passphrase, 'utf8').digest());
}

/** QGroundControl's key for a passphrase. Slow on purpose (PBKDF2), so it runs off the event loop. */
export async function keyFromQgcPassphrase(passphrase: string): Promise<SigningKey> {
  checkPassphrase(passphrase);
  const bytes = await pbkdf2Async(
    Buffer.from(passphrase, 'utf8'),
    QGC_SALT,
    QGC_ITERATIONS,
    KEY_LENGTH,
    'sha256',
  );
  return SigningKey.fromBytes(bytes);
}

export async function deriveKey(passphrase: string, kdf: PassphraseKdf): Promise<SigningKey> {
  return kdf === 'qgc' ? keyFromQgcPassphrase(passphrase) : keyFromPassphrase(passphrase);
}

/** A fresh key from the operating system's random source. */
export function generateKey(): SigningKey {
  return SigningKey.fromBytes(randomBytes(KEY_LENGTH));
}

/**
 * The all-zero key is MAVLink's "signing off": SETUP_SIGNING with it (and
 * timestamp 0) turns signing off on a vehicle. It is never a signing key.
 */
export function isSigningOffKey(key: SigningKey): boolean {
  return key.exportBytes().every((byte) => byte === 0);
}

export const SIGNING_OFF_REFUSAL =
  'the all-zero key is MAVLink\'s "signing off" (a vehicle given it stops signing); it cannot be a signing key';

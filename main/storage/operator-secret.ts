// Sealing with a secret the operator gives at start (an environment
// variable, a private file): the sealing key is scrypt(secret, salt), with
// a fresh salt at every seal. Whoever has the data folder but not the
// secret learns nothing of what is sealed; a wrong secret is refused.

import { randomBytes, scrypt } from 'node:crypto';
import type { Encryptor } from './key-store';
import { open, readEnvelope, seal, SealError } from './sealed-envelope';

/** Shorter secrets are refused: they could be guessed offline against a copied file. */
export const MIN_SECRET_LENGTH = 16;
// scrypt at N = 2^15, r = 8: about 32 MiB and a tenth of a second per try.
const N = 32768;
const R = 8;
const P = 1;
const SALT_BYTES = 16;

function deriveSealingKey(secret: string, salt: Buffer, n: number, r: number, p: number) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(secret, salt, 32, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    ),
  );
}

/**
 * An Encryptor keyed by `secret`. `source` names where the secret came from
 * (for the refusal: "SIGIL_KEY_SECRET", "the file /run/..."), never the secret.
 */
export function operatorSecretEncryptor(secret: string, source: string): Encryptor {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new SealError(`the secret in ${source} must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return {
    isAvailable: async () => true,
    async encrypt(text) {
      const salt = randomBytes(SALT_BYTES);
      const key = await deriveSealingKey(secret, salt, N, R, P);
      const kdf = { name: 'scrypt', N, r: R, p: P, salt: salt.toString('base64') };
      return seal(key, { sealedBy: 'operator-secret', kdf }, text);
    },
    async decrypt(data) {
      const envelope = readEnvelope(data);
      if (envelope.sealedBy !== 'operator-secret') {
        throw new SealError(
          "it was sealed by the system's secret service, not by an operator secret: start " +
            `without ${source} to use it`,
        );
      }
      const kdf = envelope.kdf ?? {};
      const [n, r, p] = [kdf.N, kdf.r, kdf.p].map(Number) as [number, number, number];
      const salt = Buffer.from(String(kdf.salt), 'base64');
      // Settings outside what we write are refused, not run (a crafted file must not cost gigabytes).
      if (kdf.name !== 'scrypt' || n > N || r > R || p > P || salt.length !== SALT_BYTES) {
        throw new SealError('it names key-derivation settings Sigil does not use');
      }
      const key = await deriveSealingKey(secret, salt, n, r, p);
      const text = open(key, data, `the secret in ${source} is not the one it was sealed with`);
      return { text, stale: false };
    },
  };
}

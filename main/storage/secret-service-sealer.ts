// Sealing with a key the system's secret service keeps (GNOME Keyring,
// KWallet and others on Linux, over D-Bus): a random 32-byte sealing key is
// made on first use and stored there; the sealed file in the data folder
// names the entry. The secret service keeps its items encrypted with the
// user's login password and hands them to that user's programs while the
// keyring is unlocked.

import { randomBytes } from 'node:crypto';
import type { Encryptor } from './key-store';
import { open, readEnvelope, seal, SealError } from './sealed-envelope';

/** One entry in the secret service; the native binding gives the real one. */
export interface SecretSlot {
  /** The entry's name, as the file names it. */
  readonly name: string;
  /** The stored text, or null when there is none. Rejects when the service cannot be used. */
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
}

const KEY_HEX = /^[0-9a-f]{64}$/;

export function secretServiceEncryptor(slot: SecretSlot): Encryptor {
  let cached: Buffer | undefined;

  async function sealingKey(create: boolean): Promise<Buffer> {
    if (cached !== undefined) return cached;
    const stored = await slot.read();
    if (stored !== null && KEY_HEX.test(stored)) {
      cached = Buffer.from(stored, 'hex');
      return cached;
    }
    if (!create) {
      throw new SealError(
        `the secret service has no sealing key '${slot.name}' (the keyring was reset, or this ` +
          'is another user or machine)',
      );
    }
    const fresh = randomBytes(32);
    await slot.write(fresh.toString('hex'));
    cached = fresh;
    return fresh;
  }

  return {
    async isAvailable() {
      try {
        await slot.read();
        return true;
      } catch {
        return false;
      }
    },
    async encrypt(text) {
      return seal(await sealingKey(true), { sealedBy: 'secret-service', entry: slot.name }, text);
    },
    async decrypt(data) {
      const envelope = readEnvelope(data);
      if (envelope.sealedBy !== 'secret-service') {
        throw new SealError(
          'it was sealed with an operator secret: give it (SIGIL_KEY_SECRET or --key-secret-file)',
        );
      }
      if (envelope.entry !== slot.name) {
        throw new SealError(
          `it was sealed with the secret-service entry '${String(envelope.entry)}', not '${slot.name}'`,
        );
      }
      const text = open(
        await sealingKey(false),
        data,
        `the sealing key '${slot.name}' in the secret service is not the one it was sealed with`,
      );
      return { text, stale: false };
    },
  };
}

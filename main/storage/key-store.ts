// The GCS's signing key on disk: encrypted by an Encryptor (the desktop
// app: the operating system's secret store through Electron's safeStorage;
// `sigil serve`: the system's secret service, or a secret the operator
// gives at start), written atomically with owner-only permissions, and
// never written in the clear. Where no encryption works, the key is kept in
// memory only and the pilot is told it will not survive a restart.

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyError, keyFromHex, type SigningKey } from '../signing/key';
import { writeFileAtomic } from './atomic-write';

export const KEY_FILE = 'signing-key.enc';
/** What is encrypted: a version tag, so a future format is told apart, then the hex key. */
const PLAIN_PREFIX = 'sigil-signing-key-v1:';

/** What encrypts the key: safeStorage, the secret service, an operator's secret. */
export interface Encryptor {
  /** Whether encryption that protects the data at rest works here. */
  isAvailable(): Promise<boolean>;
  encrypt(text: string): Promise<Buffer>;
  /** `stale`: the operating system rotated its key; the data should be encrypted again. */
  decrypt(data: Buffer): Promise<{ text: string; stale: boolean }>;
}

export const NOT_KEPT =
  'this system offers no secure storage for secrets (no keychain or keyring), so the ' +
  'signing key is used until Sigil closes but not kept: set it again after a restart';

export type SaveResult = { kept: true } | { kept: false; reason: string };
export type LoadResult = { key: SigningKey | null; problem?: string };

export class KeyStore {
  readonly path: string;

  private readonly notKept: string;

  constructor(
    dir: string,
    private readonly encryptor: Encryptor,
    /** Why a key is not kept when the encryptor is unavailable (default NOT_KEPT). */
    notKept: string = NOT_KEPT,
  ) {
    this.path = join(dir, KEY_FILE);
    this.notKept = notKept;
  }

  /**
   * Keeps `key` (null: forgets the stored one). Without secure storage
   * nothing is written and any older key file is removed, so a restart does
   * not bring back a key the pilot replaced.
   */
  async save(key: SigningKey | null): Promise<SaveResult> {
    if (key === null) {
      await rm(this.path, { force: true });
      return { kept: true };
    }
    if (!(await this.encryptor.isAvailable())) {
      await rm(this.path, { force: true });
      return { kept: false, reason: this.notKept };
    }
    const data = await this.encryptor.encrypt(PLAIN_PREFIX + key.exportHex());
    await writeFileAtomic(this.path, data, { createFolder: true });
    return { kept: true };
  }

  /** The stored key, or null with the reason when there is one that cannot be read. */
  async load(): Promise<LoadResult> {
    let data: Buffer;
    try {
      data = await readFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { key: null };
      return { key: null, problem: `the stored signing key could not be read: ${describe(error)}` };
    }
    if (!(await this.encryptor.isAvailable())) {
      return {
        key: null,
        problem: 'the stored signing key cannot be decrypted: the system keyring is not available',
      };
    }
    let key: SigningKey;
    let stale: boolean;
    try {
      const plain = await this.encryptor.decrypt(data);
      if (!plain.text.startsWith(PLAIN_PREFIX)) throw new KeyError('unknown format');
      key = keyFromHex(plain.text.slice(PLAIN_PREFIX.length));
      stale = plain.stale;
    } catch (error) {
      return {
        key: null,
        problem: `the stored signing key could not be decrypted (${describe(error)}): set it again`,
      };
    }
    if (stale) await this.save(key).catch(() => undefined);
    return { key };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

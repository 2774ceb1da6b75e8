// The desktop app's signing key on disk: encrypted by the operating
// system's secret store (Electron's safeStorage: Keychain, DPAPI, libsecret
// or KWallet), written atomically with owner-only permissions, and never
// written in the clear. Where no secret store works, the key is kept in
// memory only and the pilot is told it will not survive a restart.

import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KeyError, keyFromHex, type SigningKey } from '../../main/signing/key';

export const KEY_FILE = 'signing-key.enc';
/** What is encrypted: a version tag, so a future format is told apart, then the hex key. */
const PLAIN_PREFIX = 'sigil-signing-key-v1:';

/** What the store needs of safeStorage; tests give it a stand-in. */
export interface Encryptor {
  /** Whether encryption that protects the data at rest works here. */
  isAvailable(): Promise<boolean>;
  encrypt(text: string): Promise<Buffer>;
  /** `stale`: the operating system rotated its key; the data should be encrypted again. */
  decrypt(data: Buffer): Promise<{ text: string; stale: boolean }>;
}

/** The parts of Electron's safeStorage the adapter uses. */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(text: string): Promise<Buffer>;
  decryptStringAsync(data: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend(): string;
}

/**
 * safeStorage as an Encryptor. On Linux with no keyring, Chromium falls back
 * to "basic_text": a password built into the program, which protects
 * nothing; that counts as unavailable.
 */
export function safeStorageEncryptor(
  storage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): Encryptor {
  return {
    async isAvailable() {
      if (!(await storage.isAsyncEncryptionAvailable())) return false;
      return !(platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text');
    },
    encrypt: (text) => storage.encryptStringAsync(text),
    async decrypt(data) {
      const { result, shouldReEncrypt } = await storage.decryptStringAsync(data);
      return { text: result, stale: shouldReEncrypt };
    },
  };
}

export const NOT_KEPT =
  'this system offers no secure storage for secrets (no keychain or keyring), so the ' +
  'signing key is used until Sigil closes but not kept: set it again after a restart';

export type SaveResult = { kept: true } | { kept: false; reason: string };
export type LoadResult = { key: SigningKey | null; problem?: string };

export class KeyStore {
  readonly path: string;

  constructor(
    dir: string,
    private readonly encryptor: Encryptor,
  ) {
    this.path = join(dir, KEY_FILE);
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
      return { kept: false, reason: NOT_KEPT };
    }
    const data = await this.encryptor.encrypt(PLAIN_PREFIX + key.exportHex());
    await writeAtomically(this.path, data);
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

/**
 * Writes to a new file beside the target (created 0600, never an existing
 * file), flushes it to disk, then renames it over the target: a crash
 * leaves the old file or the new one, never half of either.
 */
export async function writeAtomically(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${KEY_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temp, 'wx', 0o600);
  try {
    await file.writeFile(data);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temp, { force: true });
    throw error;
  }
  await file.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  // The rename itself is durable once the folder is flushed (not possible on Windows).
  if (process.platform !== 'win32') {
    const folder = await open(dir, 'r');
    try {
      await folder.sync();
    } catch {
      // Some file systems refuse to sync a folder; the rename still happened.
    } finally {
      await folder.close();
    }
  }
}

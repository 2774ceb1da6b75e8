// The desktop app's key encryption: Electron's safeStorage (Keychain,
// DPAPI, libsecret or KWallet) as the Encryptor of the key store in
// main/storage/key-store.ts.

import type { Encryptor } from '../../main/storage/key-store';

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

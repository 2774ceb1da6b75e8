// safeStorage as the key store's encryptor: what counts as protection.

import { describe, expect, it } from 'vitest';
import { safeStorageEncryptor } from './key-store';

describe('safeStorageEncryptor', () => {
  const storage = (available: boolean, backend: string) => ({
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (text: string) => Buffer.from(`E${text}`),
    decryptStringAsync: async (data: Buffer) => ({
      result: data.toString().slice(1),
      shouldReEncrypt: true,
    }),
    getSelectedStorageBackend: () => backend,
  });

  it('counts Linux basic_text (a password built into the program) as unavailable', async () => {
    expect(await safeStorageEncryptor(storage(true, 'basic_text'), 'linux').isAvailable()).toBe(
      false,
    );
    expect(
      await safeStorageEncryptor(storage(true, 'gnome_libsecret'), 'linux').isAvailable(),
    ).toBe(true);
    expect(await safeStorageEncryptor(storage(false, 'kwallet6'), 'linux').isAvailable()).toBe(
      false,
    );
    expect(await safeStorageEncryptor(storage(true, 'unknown'), 'darwin').isAvailable()).toBe(true);
  });

  it('passes encryption through and reports a re-encryption wish as stale', async () => {
    const encryptor = safeStorageEncryptor(storage(true, 'kwallet6'), 'linux');
    const data = await encryptor.encrypt('abc');
    expect(await encryptor.decrypt(data)).toEqual({ text: 'abc', stale: true });
  });
});

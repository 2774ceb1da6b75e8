// The key store with a stand-in encryptor: what reaches the disk is
// ciphertext only, written atomically and owner-only; without secure
// storage nothing is written.

import { mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKey } from '../signing/key';
import { KEY_FILE, KeyStore, NOT_KEPT, type Encryptor } from './key-store';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dir(): Promise<string> {
  const made = await mkdtemp(join(tmpdir(), 'sigil-keys-'));
  dirs.push(made);
  return made;
}

/** XOR with a fixed byte behind a header: not secure, but nothing like the input. */
function stand_in(options: { available?: boolean; stale?: boolean; failEncrypt?: boolean } = {}) {
  const calls = { encrypt: 0, decrypt: 0 };
  const encryptor: Encryptor = {
    isAvailable: async () => options.available ?? true,
    async encrypt(text) {
      calls.encrypt++;
      if (options.failEncrypt) throw new Error('keyring locked');
      return Buffer.concat([Buffer.from('ENC1'), Buffer.from(text).map((b) => b ^ 0x5a)]);
    },
    async decrypt(data) {
      calls.decrypt++;
      if (data.subarray(0, 4).toString() !== 'ENC1') throw new Error('not ours');
      const text = Buffer.from(data.subarray(4).map((b) => b ^ 0x5a)).toString();
      return { text, stale: options.stale ?? false };
    },
  };
  return { encryptor, calls };
}

describe('KeyStore', () => {
  it('stores the key encrypted, owner-only, and loads it back', async () => {
    const folder = await dir();
    const key = generateKey();
    const store = new KeyStore(folder, stand_in().encryptor);
    expect(await store.save(key)).toEqual({ kept: true });

    const bytes = await readFile(join(folder, KEY_FILE));
    expect(bytes.includes(Buffer.from(key.exportHex()))).toBe(false);
    expect(bytes.includes(Buffer.from(key.exportHex().toUpperCase()))).toBe(false);
    expect(bytes.includes(Buffer.from(key.exportBytes()))).toBe(false);
    expect(bytes.subarray(0, 4).toString()).toBe('ENC1');
    if (process.platform !== 'win32') {
      expect((await stat(join(folder, KEY_FILE))).mode & 0o777).toBe(0o600);
    }

    const loaded = await new KeyStore(folder, stand_in().encryptor).load();
    expect(loaded.problem).toBeUndefined();
    expect(loaded.key?.equals(key)).toBe(true);
  });

  it('refuses to write anything when secure storage is unavailable, and says why', async () => {
    const folder = await dir();
    const key = generateKey();
    await new KeyStore(folder, stand_in().encryptor).save(generateKey());
    const { encryptor, calls } = stand_in({ available: false });
    const store = new KeyStore(folder, encryptor);
    expect(await store.save(key)).toEqual({ kept: false, reason: NOT_KEPT });
    expect(NOT_KEPT).toMatch(/not kept/);
    expect(calls.encrypt).toBe(0);
    // The key it replaced is gone too: a restart must not bring back an old key.
    expect(await readdir(folder)).toEqual([]);
    expect(await store.load()).toEqual({ key: null });
  });

  it('forgets the stored key when the key is removed', async () => {
    const folder = await dir();
    const store = new KeyStore(folder, stand_in().encryptor);
    await store.save(generateKey());
    expect(await store.save(null)).toEqual({ kept: true });
    expect(await readdir(folder)).toEqual([]);
    expect(await store.load()).toEqual({ key: null });
  });

  it('leaves the old file whole when saving fails', async () => {
    const folder = await dir();
    const first = generateKey();
    await new KeyStore(folder, stand_in().encryptor).save(first);
    const before = await readFile(join(folder, KEY_FILE));
    const failing = new KeyStore(folder, stand_in({ failEncrypt: true }).encryptor);
    await expect(failing.save(generateKey())).rejects.toThrow('keyring locked');
    expect(await readFile(join(folder, KEY_FILE))).toEqual(before);
    expect(await readdir(folder)).toEqual([KEY_FILE]);
  });

  it('replaces the file by rename, never rewriting it in place', async () => {
    const folder = await dir();
    const store = new KeyStore(folder, stand_in().encryptor);
    await store.save(generateKey());
    const path = join(folder, KEY_FILE);
    const before = await readFile(path);
    const held = await open(path, 'r');
    try {
      const inode = (await held.stat()).ino;
      await store.save(generateKey());
      // The file opened before still holds the old bytes in full: a new file took its name.
      expect(await held.readFile()).toEqual(before);
      expect((await stat(path)).ino).not.toBe(inode);
    } finally {
      await held.close();
    }
    expect(await readdir(folder)).toEqual([KEY_FILE]);
  });

  it('reports a file it cannot decrypt and loads no key', async () => {
    const folder = await dir();
    await writeFile(join(folder, KEY_FILE), 'garbage');
    const loaded = await new KeyStore(folder, stand_in().encryptor).load();
    expect(loaded.key).toBeNull();
    expect(loaded.problem).toMatch(/could not be decrypted/);
    const locked = await new KeyStore(folder, stand_in({ available: false }).encryptor).load();
    expect(locked.problem).toMatch(/keyring is not available/);
  });

  it('encrypts again when the system says the data is stale', async () => {
    const folder = await dir();
    const key = generateKey();
    await new KeyStore(folder, stand_in().encryptor).save(key);
    const { encryptor, calls } = stand_in({ stale: true });
    const loaded = await new KeyStore(folder, encryptor).load();
    expect(loaded.key?.equals(key)).toBe(true);
    expect(calls.encrypt).toBe(1);
  });
});

describe('KeyStore on disk', () => {
  it('creates its folder and leaves no temporary file', async () => {
    const folder = join(await dir(), 'nested', 'deeper');
    await new KeyStore(folder, stand_in().encryptor).save(generateKey());
    expect(await readdir(folder)).toEqual([KEY_FILE]);
  });
});

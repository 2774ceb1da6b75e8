// The key file sealed with an operator's secret: nothing of the key on
// disk, the same secret opens it, any other is refused with a sentence.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKey } from '../signing/key';
import { KEY_FILE, KeyStore } from './key-store';
import { operatorSecretEncryptor } from './operator-secret';
import { SealError } from './sealed-envelope';

const SECRET = 'correct horse battery staple';
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const made = await mkdtemp(join(tmpdir(), 'sigil-sealed-'));
  dirs.push(made);
  return made;
}

const store = (dir: string, secret = SECRET) =>
  new KeyStore(dir, operatorSecretEncryptor(secret, 'SIGIL_KEY_SECRET'));

describe('operatorSecretEncryptor', () => {
  it('seals the key so that the same secret opens it after a restart', async () => {
    const dir = await folder();
    const key = generateKey();
    expect(await store(dir).save(key)).toEqual({ kept: true });
    const loaded = await store(dir).load();
    expect(loaded.problem).toBeUndefined();
    expect(loaded.key?.equals(key)).toBe(true);
  });

  it('writes neither the key nor the secret to the file', async () => {
    const dir = await folder();
    const key = generateKey();
    await store(dir).save(key);
    const text = await readFile(join(dir, KEY_FILE), 'utf8');
    expect(text).not.toContain(key.exportHex());
    expect(text.toLowerCase()).not.toContain(key.exportHex());
    expect(text).not.toContain(Buffer.from(key.exportBytes()).toString('base64'));
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toMatchObject({ format: 'sigil-sealed', sealedBy: 'operator-secret' });
  });

  it('refuses a wrong secret, naming where the secret came from', async () => {
    const dir = await folder();
    await store(dir).save(generateKey());
    const loaded = await store(dir, 'another secret of enough length').load();
    expect(loaded.key).toBeNull();
    expect(loaded.problem).toMatch(
      /the secret in SIGIL_KEY_SECRET is not the one it was sealed with/,
    );
  });

  it('refuses a file whose header was altered', async () => {
    const dir = await folder();
    await store(dir).save(generateKey());
    const path = join(dir, KEY_FILE);
    const record = JSON.parse(await readFile(path, 'utf8')) as { kdf: { r: number } };
    record.kdf.r = 4;
    await writeFile(path, JSON.stringify(record));
    expect((await store(dir).load()).problem).toMatch(/not the one it was sealed with/);
  });

  it('refuses a secret too short to resist guessing', () => {
    expect(() => operatorSecretEncryptor('short', 'SIGIL_KEY_SECRET')).toThrow(SealError);
    expect(() => operatorSecretEncryptor('short', 'SIGIL_KEY_SECRET')).toThrow(/at least 16/);
  });

  it('says a file sealed by the secret service needs the secret service', async () => {
    const dir = await folder();
    await writeFile(
      join(dir, KEY_FILE),
      JSON.stringify({ format: 'sigil-sealed', version: 1, sealedBy: 'secret-service' }),
    );
    expect((await store(dir).load()).problem).toMatch(/sealed by the system's secret service/);
  });
});

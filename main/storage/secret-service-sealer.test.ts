// The key file sealed with a key kept by a real secret service (GNOME
// Keyring on a private D-Bus session, started here).

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEntry } from '../../native/secret-service';
import { useSecretService } from '../../native/testing/secret-service-daemon';
import { generateKey } from '../signing/key';
import { KEY_FILE, KeyStore } from './key-store';
import { operatorSecretEncryptor } from './operator-secret';
import { secretServiceEncryptor } from './secret-service-sealer';

let release: (() => Promise<void>) | undefined;
let dir: string;
beforeAll(async () => {
  release = await useSecretService();
  dir = await mkdtemp(join(tmpdir(), 'sigil-sealed-ss-'));
});
afterAll(async () => {
  await release?.();
  await rm(dir, { recursive: true, force: true });
});

const store = (name: string) => new KeyStore(dir, secretServiceEncryptor(secretEntry(name)));

describe('secretServiceEncryptor', () => {
  it('keeps the key across a restart, the file holding ciphertext only', async () => {
    const key = generateKey();
    expect(await store('sealing-a').save(key)).toEqual({ kept: true });
    const text = await readFile(join(dir, KEY_FILE), 'utf8');
    expect(text).not.toContain(key.exportHex());
    expect(JSON.parse(text)).toMatchObject({ sealedBy: 'secret-service', entry: 'sealing-a' });
    // The sealing key is in the secret service, not in the file.
    const sealing = await secretEntry('sealing-a').read();
    expect(sealing).toMatch(/^[0-9a-f]{64}$/);
    expect(text).not.toContain(sealing!);

    const loaded = await store('sealing-a').load();
    expect(loaded.problem).toBeUndefined();
    expect(loaded.key?.equals(key)).toBe(true);
  });

  it('says so when the secret service has lost its sealing key', async () => {
    await store('sealing-b').save(generateKey());
    await secretEntry('sealing-b').remove();
    const loaded = await store('sealing-b').load();
    expect(loaded.key).toBeNull();
    expect(loaded.problem).toMatch(/the secret service has no sealing key 'sealing-b'/);
  });

  it('says a file sealed with an operator secret needs that secret', async () => {
    await new KeyStore(dir, operatorSecretEncryptor('an operator secret here', 'X')).save(
      generateKey(),
    );
    expect((await store('sealing-c').load()).problem).toMatch(/sealed with an operator secret/);
  });
});

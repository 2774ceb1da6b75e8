// The secret-service binding against a real GNOME Keyring on a private
// D-Bus session. (Without a session it refuses with a sentence: the
// command line's tests show it, in a process that never had a bus.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEntry } from './secret-service';
import { useSecretService } from './testing/secret-service-daemon';

describe('secretEntry with a secret service', () => {
  let release: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    release = await useSecretService();
  });
  afterAll(() => release?.());

  it('stores, reads back and removes a text', async () => {
    const entry = secretEntry('test-entry');
    expect(await entry.read()).toBeNull();
    await entry.write('the stored text');
    expect(await secretEntry('test-entry').read()).toBe('the stored text');
    expect(await entry.remove()).toBe(true);
    expect(await entry.read()).toBeNull();
  });

  it('keeps entries of different names apart', async () => {
    await secretEntry('first').write('one');
    await secretEntry('second').write('two');
    expect(await secretEntry('first').read()).toBe('one');
    expect(await secretEntry('second').read()).toBe('two');
  });
});

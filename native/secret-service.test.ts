// The secret-service binding against a real GNOME Keyring on a private
// D-Bus session. (Without a session it refuses with a sentence: the
// command line's tests show it, in a process that never had a bus.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEntry } from './secret-service';
import { startSecretService, type SecretServiceDaemon } from './testing/secret-service-daemon';

describe('secretEntry with a secret service', () => {
  let daemon: SecretServiceDaemon;
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  beforeAll(async () => {
    daemon = await startSecretService();
    // The binding reads the bus address from this process's environment.
    process.env.DBUS_SESSION_BUS_ADDRESS = daemon.env.DBUS_SESSION_BUS_ADDRESS;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    await daemon?.stop();
  });

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

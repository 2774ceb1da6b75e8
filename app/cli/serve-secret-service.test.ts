// `sigil serve` with no operator secret: the key is sealed with a sealing
// key kept by a real secret service (GNOME Keyring on a private D-Bus
// session started here), loaded at the next start, and a keyring that lost
// its sealing key stops the start with the reason.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_OK, AUTH_PACKET } from '../../protocol/session';
import { tempDir } from '../../main/testing/temp-dir';
import { waitFor } from '../../main/testing/wait-for';
import { KEY_FILE } from '../../main/storage/key-store';
import { secretEntry } from '../../native/secret-service';
import {
  startSecretService,
  type SecretServiceDaemon,
} from '../../native/testing/secret-service-daemon';
import { sealingEntryName } from '../host/key-storage';
import { fakeUi } from '../host/testing/fake-ui';
import { login, openClient } from '../host/testing/raw-clients';
import { runServe } from './serve';
import { captureIo } from './testing/captured-io';

const URL_LINE = /Sigil is running at http:\/\/127\.0\.0\.1:(\d+)\/#otp=([\w-]+)\n/;

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

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function args(dataDir: string): Promise<string[]> {
  const made = await fakeUi();
  cleanup.push(() => made.remove());
  return [
    '--port',
    '0',
    '--no-open',
    '--link',
    'none',
    '--data-dir',
    dataDir,
    '--ui-dir',
    made.root,
  ];
}

async function setKeyAndStop(dataDir: string): Promise<string> {
  const io = captureIo();
  const controller = new AbortController();
  const result = runServe(await args(dataDir), io, controller.signal, { env: {} });
  cleanup.push(() => controller.abort());
  const match = await waitFor('the URL', () => URL_LINE.exec(io.out()) ?? undefined);
  const port = Number(match[1]);
  const { token } = JSON.parse((await login(port, match[2]!)).body) as { token: string };
  const client = await openClient(port);
  cleanup.push(() => client.ws.terminate());
  client.send({ packetType: AUTH_PACKET, token });
  await client.next((m) => m.packetType === AUTH_OK);
  client.send({ packetId: 'set', packetType: 'signing.setKey', source: 'generate' });
  const answer = (await client.next((m) => m.packetId === 'set')) as { fingerprint: string };
  controller.abort();
  expect(await result).toBe(0);
  return answer.fingerprint;
}

describe("sigil serve with the system's secret service", () => {
  it('keeps the key across a restart, the sealing key in the keyring and not in the folder', async () => {
    const dataDir = tempDir('sigil-serve-ss-');
    const fingerprint = await setKeyAndStop(dataDir);
    const sealed = await readFile(join(dataDir, KEY_FILE), 'utf8');
    expect(sealed).toContain('"sealedBy":"secret-service"');
    const sealing = await secretEntry(sealingEntryName(dataDir)).read();
    expect(sealing).toMatch(/^[0-9a-f]{64}$/);
    expect(sealed).not.toContain(sealing!);

    const io = captureIo();
    const controller = new AbortController();
    const again = runServe(await args(dataDir), io, controller.signal, { env: {} });
    await waitFor('the key loaded', () => io.out().includes(`Signing key ${fingerprint} loaded`));
    controller.abort();
    expect(await again).toBe(0);
  });

  it('refuses to start when the keyring no longer has the sealing key', async () => {
    const dataDir = tempDir('sigil-serve-ss-');
    await setKeyAndStop(dataDir);
    await secretEntry(sealingEntryName(dataDir)).remove();
    const start = runServe(await args(dataDir), captureIo(), AbortSignal.abort(), { env: {} });
    await expect(start).rejects.toThrow(
      /the secret service has no sealing key .*remove the file to start without a key/,
    );
  });
});

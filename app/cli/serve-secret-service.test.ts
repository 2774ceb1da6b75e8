// `sigil serve` with no operator secret: the key is sealed with a sealing
// key kept by a real secret service (GNOME Keyring on a private D-Bus
// session started here), loaded at the next start, and a keyring that lost
// its sealing key stops the start with the reason.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/testing/temp-dir';
import { waitFor } from '../../main/testing/wait-for';
import { KEY_FILE } from '../../main/storage/key-store';
import { secretEntry } from '../../native/secret-service';
import { useSecretService } from '../../native/testing/secret-service-daemon';
import { sealingEntryName } from '../host/key-storage';
import { fakeUi } from '../host/testing/fake-ui';
import { runServe } from './serve';
import { captureIo } from './testing/captured-io';
import { serveInProcess, signedIn } from './testing/serve-in-process';

let release: (() => Promise<void>) | undefined;
beforeAll(async () => {
  release = await useSecretService();
});
afterAll(() => release?.());

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** What every run here takes, but the port and the browser (serveInProcess adds those). */
async function args(dataDir: string): Promise<string[]> {
  const made = await fakeUi();
  cleanup.push(() => made.remove());
  return ['--link', 'none', '--data-dir', dataDir, '--ui-dir', made.root];
}

const ON_ANY_PORT = ['--port', '0', '--no-open'];

async function setKeyAndStop(dataDir: string): Promise<string> {
  const run = await serveInProcess(await args(dataDir), { env: {} }, cleanup);
  const client = await signedIn(run.port, run.otp, cleanup);
  client.send({ packetId: 'set', packetType: 'signing.setKey', source: 'generate' });
  const answer = (await client.next((m) => m.packetId === 'set')) as { fingerprint: string };
  expect(await run.stop()).toBe(0);
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
    const again = runServe([...ON_ANY_PORT, ...(await args(dataDir))], io, controller.signal, {
      env: {},
    });
    await waitFor('the key loaded', () => io.out().includes(`Signing key ${fingerprint} loaded`));
    controller.abort();
    expect(await again).toBe(0);
  });

  it('refuses to start when the keyring no longer has the sealing key', async () => {
    const dataDir = tempDir('sigil-serve-ss-');
    await setKeyAndStop(dataDir);
    await secretEntry(sealingEntryName(dataDir)).remove();
    const start = runServe(
      [...ON_ANY_PORT, ...(await args(dataDir))],
      captureIo(),
      AbortSignal.abort(),
      {
        env: {},
      },
    );
    await expect(start).rejects.toThrow(
      /the secret service has no sealing key .*remove the file to start without a key/,
    );
  });
});

// `sigil serve` keeps the signing key across a restart: sealed with the
// operator's secret, loaded before any link opens so the first frames are
// signed and the simulated vehicle (its key sealed too) answers at once;
// a wrong secret stops the start with the reason.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freeUdpPort } from '../../main/testing/ports';
import { tempDir } from '../../main/testing/temp-dir';
import { KEY_FILE } from '../../main/storage/key-store';
import { fakeUi } from '../host/testing/fake-ui';
import type { Client } from '../host/testing/raw-clients';
import { CliError } from './command';
import { runServe } from './serve';
import { captureIo } from './testing/captured-io';
import { serveInProcess, signedIn } from './testing/serve-in-process';

const SECRET = 'the operator secret for this test';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function serve(dataDir: string, extra: string[], env: NodeJS.ProcessEnv) {
  const made = await fakeUi();
  cleanup.push(() => made.remove());
  const args = ['--data-dir', dataDir, '--ui-dir', made.root, ...extra];
  const run = await serveInProcess(args, { env }, cleanup);
  return { io: run.io, client: await signedIn(run.port, run.otp, cleanup), stop: run.stop };
}

let next = 0;
async function request(client: Client, packetType: string, payload: object = {}) {
  const packetId = `k${next++}`;
  client.send({ packetId, packetType, ...payload });
  return client.next((m) => m.packetId === packetId);
}

type Snapshot = {
  packetType: string;
  vehicles: { sysid: number; attitude: unknown; heartbeatSigned: boolean | null }[];
};

describe('sigil serve with a stored key', () => {
  it('loads the key sealed with the operator secret, before the first frame: the signed vehicle flies on with no pilot action', async () => {
    const dataDir = tempDir('sigil-serve-key-');
    const env = { SIGIL_KEY_SECRET: SECRET };
    const link = ['--link', `udpin:127.0.0.1:${await freeUdpPort()}`];

    // First run: a key is set, put on the simulated vehicle, which from then on requires it.
    const first = await serve(dataDir, [...link, '--sim'], env);
    const set = await request(first.client, 'signing.setKey', {
      source: 'passphrase',
      passphrase: 'kept across restarts',
    });
    const fingerprint = (set as { fingerprint: string }).fingerprint;
    await first.client.next(
      (m) => m.packetType === 'telemetry.snapshot' && (m as Snapshot).vehicles.length > 0,
    );
    const sent = await request(first.client, 'signing.sendToVehicle', { sysid: 1, compid: 1 });
    expect(sent).toMatchObject({ ok: true });
    expect(await first.stop()).toBe(0);

    const sealed = await readFile(join(dataDir, KEY_FILE), 'utf8');
    expect(sealed).toContain('"sealedBy":"operator-secret"');
    const files = await readdir(join(dataDir, 'sim', 'sim-1'));
    for (const file of files) {
      const text = await readFile(join(dataDir, 'sim', 'sim-1', file), 'utf8');
      expect(text).not.toMatch(/[0-9a-f]{64}/);
    }

    // Second run: nothing is set by hand; telemetry comes, from a vehicle that signs.
    const second = await serve(dataDir, [...link, '--sim'], env);
    expect(second.io.out()).toContain(`Signing key ${fingerprint} loaded`);
    const state = await request(second.client, 'signing.state');
    expect(state).toMatchObject({
      fingerprint,
      keyNote: 'the signing key is kept sealed with the secret in SIGIL_KEY_SECRET',
    });
    await second.client.next(
      (m) =>
        m.packetType === 'telemetry.snapshot' &&
        (m as Snapshot).vehicles.some((v) => v.attitude !== null && v.heartbeatSigned === true),
    );
    const links = (await request(second.client, 'signing.state')) as {
      links: { verdicts: { ok: number; unsigned: number } }[];
    };
    expect(links.links[0]!.verdicts.ok).toBeGreaterThan(0);
    expect(await second.stop()).toBe(0);
  });

  it('refuses to start with a wrong secret, and says what to do', async () => {
    const dataDir = tempDir('sigil-serve-key-');
    const first = await serve(dataDir, ['--link', 'none'], { SIGIL_KEY_SECRET: SECRET });
    await request(first.client, 'signing.setKey', { source: 'generate' });
    await first.stop();

    const io = captureIo();
    const made = await fakeUi();
    cleanup.push(() => made.remove());
    const args = ['--port', '0', '--no-open', '--data-dir', dataDir, '--link', 'none'];
    args.push('--ui-dir', made.root);
    const wrong = runServe(args, io, AbortSignal.abort(), {
      env: { SIGIL_KEY_SECRET: 'a different secret of length' },
    });
    await expect(wrong).rejects.toBeInstanceOf(CliError);
    await expect(wrong).rejects.toThrow(
      /the secret in SIGIL_KEY_SECRET is not the one it was sealed with.*remove the file to start without a key/,
    );
    const none = runServe(args, io, AbortSignal.abort(), { env: {} });
    await expect(none).rejects.toThrow(/cannot be decrypted/);
  });

  it('refuses a secret too short', async () => {
    const io = captureIo();
    const made = await fakeUi();
    cleanup.push(() => made.remove());
    const args = ['--port', '0', '--no-open', '--data-dir', tempDir('sigil-serve-key-')];
    args.push('--ui-dir', made.root);
    const short = runServe(args, io, AbortSignal.abort(), { env: { SIGIL_KEY_SECRET: 'short' } });
    await expect(short).rejects.toThrow(/at least 16 characters/);
  });
});

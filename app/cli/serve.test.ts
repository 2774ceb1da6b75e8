// `sigil serve`: its refusals in-process, a whole run in-process (printed
// URL, one login, a session, the shutdown), remote sessions with the
// operator's secrets (from the environment or a file re-read on SIGHUP),
// and the real command in a child process stopped by SIGTERM.

import { spawn } from 'node:child_process';
import { chmod, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_INTERRUPTED } from '../../protocol/session';
import { freeUdpPort } from '../../main/testing/ports';
import { tempDir } from '../../main/testing/temp-dir';
import { waitFor } from '../../main/testing/wait-for';
import { fakeUi } from '../host/testing/fake-ui';
import { login, rawRequest, type Client } from '../host/testing/raw-clients';
import { KEYS, clientHost, signInAs, watch } from '../host/testing/remote-sessions';
import { contentSecurityPolicy } from '../host/static-files';
import { UsageError } from './command';
import { run } from './main';
import { SHUTDOWN_REASON, networkUrls, runServe, type ServeHooks } from './serve';
import { captureIo } from './testing/captured-io';
import { URL_LINE, serveInProcess, signedIn } from './testing/serve-in-process';

const SIGIL = fileURLToPath(new URL('../../bin/sigil.mjs', import.meta.url));

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function sigil(...args: string[]) {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function ui(): Promise<string> {
  const made = await fakeUi();
  cleanup.push(() => made.remove());
  return made.root;
}

function authenticated(port: number, otp: string): Promise<Client> {
  return signedIn(port, otp, cleanup);
}

describe('sigil serve refuses', () => {
  it('to start without a built user interface, saying how to build it', async () => {
    const missing = tempDir('sigil-no-ui-');
    const { code, err } = await sigil('serve', '--ui-dir', missing, '--no-open', '--port', '0');
    expect(code).toBe(1);
    expect(err).toContain('the user interface is not built: run npm run build:renderer');
  });

  it('an address other machines can reach without the remote-session secrets', async () => {
    const { code, err } = await sigil('serve', '--host', '0.0.0.0', '--ui-dir', await ui());
    expect(code).toBe(2);
    expect(err).toContain(
      'will not listen on 0.0.0.0 without the remote-session secrets: other machines could ' +
        'reach it. Set SIGIL_SERVER_IDENTITY_KEY and SIGIL_AUTH_KEY',
    );
  });

  it('a key file that others may read', async () => {
    const file = await keyFile(KEYS, 0o644);
    const { code, err } = await sigil('serve', '--host', '0.0.0.0', '--config', file);
    expect(code).toBe(2);
    expect(err).toContain(`--config: ${file} may be read or written by others (mode 0644)`);
  });

  it('half of the secrets, weak ones, or a timeout without them', async () => {
    const only = await inProcess(['--host', '0.0.0.0'], { SIGIL_AUTH_KEY: KEYS.authKey });
    expect(only.code).toBe(2);
    expect(only.err).toContain('SIGIL_SERVER_IDENTITY_KEY is not set');
    const weak = await inProcess([], {
      SIGIL_SERVER_IDENTITY_KEY: 'abc',
      SIGIL_AUTH_KEY: KEYS.authKey,
    });
    expect(weak.err).toContain('too short');
    const timeout = await inProcess(['--session-timeout', '5m'], {});
    expect(timeout.code).toBe(2);
    expect(timeout.err).toContain('--session-timeout is for remote sessions');
  });

  it('bad options', async () => {
    expect((await sigil('serve', '--port', '70000')).code).toBe(2);
    expect((await sigil('serve', '--link', 'bogus:thing')).code).toBe(2);
    expect((await sigil('serve', 'extra')).code).toBe(2);
    const horizon = await sigil('serve', '--future-horizon', 'tomorrow');
    expect(horizon.code).toBe(2);
    expect(horizon.err).toContain('--future-horizon must be a duration from 1s to 365d');
  });

  it('a port that is taken', async () => {
    const root = await ui();
    const first = await startInProcess(['--ui-dir', root]);
    const { code, err } = await sigil(
      'serve',
      ...['--ui-dir', root, '--port', String(first.port), '--link', 'none', '--no-open'],
      ...['--data-dir', tempDir('sigil-serve-')],
    );
    expect(code).toBe(1);
    expect(err).toContain(`port ${first.port} on 127.0.0.1 is in use`);
  });
});

/** A key file with `keys`, mode 0600 unless said otherwise. */
async function keyFile(keys: object, mode = 0o600): Promise<string> {
  const file = join(tempDir('sigil-serve-keys-'), 'keys.json');
  await writeFile(file, JSON.stringify(keys));
  await chmod(file, mode);
  return file;
}

/** runServe with `env`, for a refusal: its exit code and message as `sigil serve` gives them. */
async function inProcess(args: string[], env: NodeJS.ProcessEnv) {
  const safe = [
    '--port',
    '0',
    '--no-open',
    '--link',
    'none',
    '--data-dir',
    tempDir('sigil-serve-'),
  ];
  try {
    const code = await runServe([...safe, ...args], captureIo(), AbortSignal.abort(), { env });
    return { code, err: '' };
  } catch (error) {
    return { code: error instanceof UsageError ? 2 : 1, err: String(error) };
  }
}

async function startInProcess(extra: string[], hooks: ServeHooks = {}) {
  const dataDir = tempDir('sigil-serve-');
  const args = ['--data-dir', dataDir, ...extra];
  if (!extra.includes('--link')) args.push('--link', 'none');
  return { ...(await serveInProcess(args, hooks, cleanup)), dataDir };
}

describe('sigil serve', () => {
  it('prints a URL whose code logs in once, serves the page, and ends sessions on stop', async () => {
    const { io, port, otp, stop } = await startInProcess(['--ui-dir', await ui()]);
    const page = await rawRequest(port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy('websocket'));

    const client = await authenticated(port, otp);
    expect((await login(port, otp)).status).toBe(401);
    client.send({ packetId: 'a', packetType: 'links.list' });
    expect(await client.next((m) => m.packetId === 'a')).toEqual({
      packetId: 'a',
      packetType: 'links.list.result',
      links: [],
    });

    expect(await stop()).toBe(0);
    expect(client.messages.at(-1)).toEqual({
      packetType: 'service.interrupt',
      reason: SHUTDOWN_REASON,
    });
    expect((await client.closed).code).toBe(CLOSE_INTERRUPTED);
    expect(io.out()).toMatch(/Sigil stopped\.\n$/);
  });

  it('with --sim runs the simulated copter, which the session sees', async () => {
    const port = await freeUdpPort();
    const started = await startInProcess([
      ...['--ui-dir', await ui(), '--sim', '--link', `udpin:127.0.0.1:${port}`],
    ]);
    expect(started.io.out()).toContain('Simulated copter started (system id 1).');
    const client = await authenticated(started.port, started.otp);
    await client.next(
      (m) =>
        m.packetType === 'telemetry.snapshot' &&
        (m.vehicles as { sysid: number }[]).some((v) => v.sysid === 1),
    );
    expect(await started.stop()).toBe(0);
  });

  it('with --keep-signatures records the signed frames with their signatures', async () => {
    const port = await freeUdpPort();
    const link = `udpin:127.0.0.1:${port}`;
    const started = await startInProcess([
      ...['--ui-dir', await ui(), '--sim', '--keep-signatures', '--link', link],
    ]);
    const client = await authenticated(started.port, started.otp);
    await client.next(
      (m) =>
        m.packetType === 'telemetry.snapshot' &&
        (m.vehicles as { sysid: number }[]).some((v) => v.sysid === 1),
    );
    client.send({
      packetId: 'key',
      packetType: 'signing.setKey',
      source: 'passphrase',
      passphrase: 'kept in the log',
    });
    expect(await client.next((m) => m.packetId === 'key')).toMatchObject({
      packetType: 'signing.setKey.result',
    });
    client.send({ packetId: 'send', packetType: 'signing.sendToVehicle', sysid: 1, compid: 1 });
    expect(await client.next((m) => m.packetId === 'send')).toMatchObject({ ok: true });
    expect(await started.stop()).toBe(0);

    const logs = (await readdir(join(started.dataDir, 'logs'))).filter((n) => n.endsWith('.tlog'));
    expect(logs).toHaveLength(1);
    const decoded = await sigil('decode', join(started.dataDir, 'logs', logs[0]!));
    expect(decoded.code).toBe(0);
    // The vehicle's signed heartbeat that confirmed the key, signature and all.
    expect(decoded.out).toMatch(/"sysid":1,"compid":1,"msgid":0,"name":"HEARTBEAT","signed":true/);
  });
});

describe('sigil serve with the remote-session secrets', () => {
  it('on loopback offers both the one-time link and the remote sign-in', async () => {
    const env = {
      SIGIL_SERVER_IDENTITY_KEY: KEYS.serverIdentityKey,
      SIGIL_AUTH_KEY: KEYS.authKey,
      SIGIL_VIEW_KEY: KEYS.viewKey,
    };
    const started = await startInProcess(['--ui-dir', await ui(), '--session-timeout', '90s'], {
      env,
    });
    expect(started.io.out()).toContain(
      'Remote sign-in: the server identity key with the authorization key (or the view key, ' +
        'to watch); a session ends after 1.5 min without traffic.',
    );
    await authenticated(started.port, started.otp);
    const session = await signInAs(clientHost(started.port));
    expect(session.timeoutMs).toBe(90_000);
    await waitFor('the log line', () =>
      started.io.out().includes('Remote session opened: control for "test client" from 127.0.0.1.'),
    );
    expect(await started.stop()).toBe(0);
    expect(started.io.out()).toContain(
      'Remote session ended for "test client": the server is shutting down.',
    );
  });

  it('re-reads --config on SIGHUP: the sessions of a changed key end; a bad file changes nothing', async () => {
    const file = await keyFile(KEYS);
    let reload = () => {};
    const started = await startInProcess(['--ui-dir', await ui(), '--config', file], {
      onReload(handler) {
        reload = handler;
        return () => (reload = () => {});
      },
    });
    const control = await watch(await signInAs(clientHost(started.port)), cleanup);
    const view = await watch(await signInAs(clientHost(started.port), KEYS.viewKey), cleanup);

    await chmod(file, 0o644);
    reload();
    await waitFor('the refusal', () => started.io.err().includes('the keys stay as they were'));
    await chmod(file, 0o600);

    await writeFile(file, JSON.stringify({ ...KEYS, viewKey: 'another view key 0123456' }));
    reload();
    expect((await view.closed).interrupted).toBe('the keys were changed');
    await waitFor('the line', () =>
      started.io.out().includes(`Keys re-read from ${file}; 1 remote session ended.`),
    );
    expect((await control.request({ packetId: 'c', packetType: 'links.list' })).packetType).toBe(
      'links.list.result',
    );
    expect(await started.stop()).toBe(0);
  });
});

describe('networkUrls', () => {
  it('names the address given, or every external one for a wildcard', () => {
    expect(networkUrls('192.168.1.10', 8080)).toEqual(['http://192.168.1.10:8080/']);
    expect(networkUrls('fd00::5', 8080)).toEqual(['http://[fd00::5]:8080/']);
    for (const url of networkUrls('0.0.0.0', 8080)) {
      expect(url).toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:8080\/$/);
      expect(url).not.toContain('127.0.0.1');
    }
  });
});

describe('sigil serve in its own process', () => {
  it('stops on SIGTERM: the session is interrupted and the exit code is 0', async () => {
    const root = await ui();
    const child = spawn(
      process.execPath,
      [SIGIL, 'serve', '--port', '0', '--no-open', '--link', 'none', '--ui-dir', root].concat([
        '--data-dir',
        tempDir('sigil-serve-'),
      ]),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    cleanup.push(() => child.kill('SIGKILL'));
    const match = await waitFor('the URL', () => URL_LINE.exec(out) ?? undefined, 15_000);
    const client = await authenticated(Number(match[2]), match[3]!);

    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('Sigil stopped.');
    expect(await client.closed).toEqual({ code: CLOSE_INTERRUPTED, reason: SHUTDOWN_REASON });
    expect(client.messages.at(-1)).toEqual({
      packetType: 'service.interrupt',
      reason: SHUTDOWN_REASON,
    });
  });

  it('re-reads --config on SIGHUP', async () => {
    const file = await keyFile(KEYS);
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('SIGIL_')),
    );
    const child = spawn(
      process.execPath,
      [SIGIL, 'serve', '--port', '0', '--no-open', '--link', 'none', '--ui-dir', await ui()].concat(
        ['--data-dir', tempDir('sigil-serve-'), '--config', file],
      ),
      { stdio: ['ignore', 'pipe', 'pipe'], env },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    cleanup.push(() => child.kill('SIGKILL'));
    const match = await waitFor('the URL', () => URL_LINE.exec(out) ?? undefined, 15_000);
    const view = await watch(await signInAs(clientHost(Number(match[2])), KEYS.viewKey), cleanup);
    await writeFile(
      file,
      JSON.stringify({ serverIdentityKey: KEYS.serverIdentityKey, authKey: KEYS.authKey }),
    );
    child.kill('SIGHUP');
    expect((await view.closed).interrupted).toBe('the keys were changed');
    await waitFor('the line', () => out.includes('1 remote session ended.'));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});

// `sigil serve`: its refusals in-process, a whole run in-process (printed
// URL, one login, a session, the shutdown), and the real command in a child
// process stopped by SIGTERM.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_OK, AUTH_PACKET, CLOSE_INTERRUPTED } from '../../main/api/session';
import { freeUdpPort, tempDir, waitFor } from '../../main/core/testing';
import { fakeUi, login, openClient, rawRequest, type Client } from '../host/test-helpers';
import { contentSecurityPolicy } from '../host/static-files';
import { run } from './main';
import { SHUTDOWN_REASON, runServe } from './serve';
import { captureIo } from './test-io';

const SIGIL = fileURLToPath(new URL('../../bin/sigil.mjs', import.meta.url));
const URL_LINE = /Sigil is running at (http:\/\/127\.0\.0\.1:(\d+)\/#otp=([\w-]+))\n/;

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

async function authenticated(port: number, otp: string): Promise<Client> {
  const answer = await login(port, otp);
  expect(answer.status).toBe(200);
  const { token } = JSON.parse(answer.body) as { token: string };
  const client = await openClient(port);
  cleanup.push(() => client.ws.terminate());
  client.send({ packetType: AUTH_PACKET, token });
  await client.next((m) => m.packetType === AUTH_OK);
  return client;
}

describe('sigil serve refuses', () => {
  it('to start without a built user interface, saying how to build it', async () => {
    const missing = tempDir('sigil-no-ui-');
    const { code, err } = await sigil('serve', '--ui-dir', missing, '--no-open', '--port', '0');
    expect(code).toBe(1);
    expect(err).toContain('the user interface is not built: run npm run build:renderer');
  });

  it('an address other machines can reach', async () => {
    const { code, err } = await sigil('serve', '--host', '0.0.0.0', '--ui-dir', await ui());
    expect(code).toBe(1);
    expect(err).toMatch(
      /will not listen on 0\.0\.0\.0: remote use needs the authenticated handshake/,
    );
  });

  it('bad options', async () => {
    expect((await sigil('serve', '--port', '70000')).code).toBe(2);
    expect((await sigil('serve', '--link', 'bogus:thing')).code).toBe(2);
    expect((await sigil('serve', 'extra')).code).toBe(2);
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

async function startInProcess(extra: string[]) {
  const io = captureIo();
  const controller = new AbortController();
  const args = ['--port', '0', '--no-open', '--data-dir', tempDir('sigil-serve-'), ...extra];
  if (!extra.includes('--link')) args.push('--link', 'none');
  const result = runServe(args, io, controller.signal);
  let stopped = false;
  const stop = async () => {
    if (!stopped) controller.abort();
    stopped = true;
    return result;
  };
  cleanup.push(stop);
  const match = await waitFor('the URL', () => URL_LINE.exec(io.out()) ?? undefined);
  return { io, url: match[1]!, port: Number(match[2]), otp: match[3]!, stop };
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
});

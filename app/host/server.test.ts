// The headless host over real HTTP and WebSocket on 127.0.0.1, with a real
// ApiService on a temporary data folder: files and their headers, the
// one-time login, the session's authentication, requests and events, and
// the end of a session.

import { afterEach, describe, expect, it } from 'vitest';
import { ApiService } from '../../main/api/service';
import {
  AUTH_OK,
  AUTH_PACKET,
  CLOSE_INTERRUPTED,
  CLOSE_UNAUTHORIZED,
} from '../../protocol/session';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freeUdpPort } from '../../main/testing/ports';
import { tempDir } from '../../main/testing/temp-dir';
import { waitFor } from '../../main/testing/wait-for';
import { MAX_WRONG_PER_CODE } from './credentials';
import { startHost, isLoopback, type RunningHost } from './server';
import { closeReason, DEFAULT_LIMITS } from './sessions';
import { contentSecurityPolicy } from './static-files';
import { APP_JS, INDEX_HTML, SECRET, fakeUi } from './testing/fake-ui';
import { login, openClient, rawRequest, rawStatus, type Client } from './testing/raw-clients';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function host(
  options: {
    authTimeoutMs?: number;
    maxBufferedBytes?: number;
    dataDir?: string;
    onNewLoginUrl?: (url: string, reason: string) => void;
  } = {},
) {
  const ui = await fakeUi();
  cleanup.push(() => ui.remove());
  const service = await ApiService.start({
    dataDir: options.dataDir ?? tempDir('sigil-host-data-'),
    defaultLink: null,
  });
  cleanup.push(() => service.close());
  const running = await startHost({
    service,
    root: ui.root,
    host: '127.0.0.1',
    port: 0,
    limits: {
      authTimeoutMs: options.authTimeoutMs ?? 5000,
      closeGraceMs: 500,
      ...(options.maxBufferedBytes === undefined
        ? {}
        : { maxBufferedBytes: options.maxBufferedBytes }),
    },
    ...(options.onNewLoginUrl === undefined ? {} : { onNewLoginUrl: options.onNewLoginUrl }),
  });
  cleanup.push(() => running.close('the test is over'));
  return { running, service, port: running.port, ui };
}

async function token(running: RunningHost): Promise<string> {
  const { otp } = running.issueLoginUrl();
  const answer = await login(running.port, otp);
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.body) as { token: string }).token;
}

async function session(running: RunningHost): Promise<Client> {
  const client = await openClient(running.port);
  cleanup.push(() => client.ws.terminate());
  client.send({ packetType: AUTH_PACKET, token: await token(running) });
  await client.next((m) => m.packetType === AUTH_OK);
  return client;
}

describe('static files', () => {
  it('serves index.html for / with the security headers and no caching', async () => {
    const { port } = await host();
    const answer = await rawRequest(port, '/');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(INDEX_HTML);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['content-security-policy']).toBe(contentSecurityPolicy('websocket'));
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('serves an asset with its content type and the CSP header', async () => {
    const { port } = await host();
    const answer = await rawRequest(port, '/assets/app.js?v=1');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(APP_JS);
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(answer.headers['content-security-policy']).toBe(contentSecurityPolicy('websocket'));
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/secret.txt',
    '/assets/../../package.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/..%2fpackage.json',
    '/assets%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/index.html%00.js',
    '/%',
    '/escape.txt',
    '/assets/notes.unknownext',
    '/assets',
    '/missing.js',
  ])('answers 404 to %s, with the security headers', async (target) => {
    const { port } = await host();
    const answer = await rawRequest(port, target);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain(SECRET);
    expect(answer.headers['content-security-policy']).toBe(contentSecurityPolicy('websocket'));
  });

  it('refuses a Host that does not name this machine (DNS rebinding)', async () => {
    const { port } = await host();
    const answer = await rawRequest(port, '/', { host: `evil.example:${port}` });
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('Sigil');
    expect((await rawRequest(port, '/', { host: `localhost:${port}` })).status).toBe(200);
  });

  it('refuses writes to files and unknown Api paths', async () => {
    const { port } = await host();
    expect((await rawRequest(port, '/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await rawRequest(port, '/api/nothing')).status).toBe(404);
  });
});

describe('login', () => {
  it('trades the one-time code for a token once; the second use is 401', async () => {
    const { running, port } = await host();
    const { otp, url } = running.issueLoginUrl();
    expect(url).toBe(`http://127.0.0.1:${port}/#otp=${otp}`);
    const first = await login(port, otp);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const { token } = JSON.parse(first.body) as { token: string };
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const second = await login(port, otp);
    expect(second.status).toBe(401);
    expect(JSON.parse(second.body)).toEqual({ reason: expect.stringContaining('already used') });
  });

  it('answers wrong codes 401 and still takes the right one after them from the same address', async () => {
    const { running, port } = await host();
    const { otp } = running.issueLoginUrl();
    for (let i = 0; i < 20; i++) expect((await login(port, `wrong-${i}`)).status).toBe(401);
    expect((await login(port, otp)).status).toBe(200);
  });

  it('withdraws a code after 100 wrong ones and hands the console a link with a fresh code that logs in', async () => {
    const links: string[] = [];
    const { running, port } = await host({ onNewLoginUrl: (url) => links.push(url) });
    const { otp } = running.issueLoginUrl();
    for (let i = 0; i < MAX_WRONG_PER_CODE; i++) await login(port, `wrong-${i}`);
    expect(links).toEqual([
      expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:${port}/#otp=`)),
    ]);
    const withdrawn = await login(port, otp);
    expect(withdrawn.status).toBe(401);
    expect(JSON.parse(withdrawn.body)).toEqual({ reason: expect.stringContaining('new link') });
    expect((await login(port, links[0]!.split('#otp=')[1]!)).status).toBe(200);
  });

  it('answers 400 to a body that is not JSON with a code, 413 to a large one, 405 to GET', async () => {
    const { port } = await host();
    const post = (body: string, type = 'application/json') =>
      rawRequest(port, '/api/session/login', {
        method: 'POST',
        headers: { 'Content-Type': type },
        body,
      });
    expect((await post('{"otp":"x"}', 'text/plain')).status).toBe(400);
    expect((await post('{"otp":')).status).toBe(400);
    expect((await post('{"otp":42}')).status).toBe(400);
    expect((await post('null')).status).toBe(400);
    expect((await post(JSON.stringify({ otp: 'x'.repeat(5000) }))).status).toBe(413);
    expect((await rawRequest(port, '/api/session/login')).status).toBe(405);
  });

  it('refuses a login from a page of another origin, without burning the code', async () => {
    const { running, port } = await host();
    const { otp } = running.issueLoginUrl();
    const foreign = await rawRequest(port, '/api/session/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:3000' },
      body: JSON.stringify({ otp }),
    });
    expect(foreign.status).toBe(403);
    const ours = await rawRequest(port, '/api/session/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify({ otp }),
    });
    expect(ours.status).toBe(200);
  });
});

describe('the WebSocket session', () => {
  it('closes a socket that sends no token in time with 4401', async () => {
    const { port } = await host({ authTimeoutMs: 200 });
    const client = await openClient(port);
    expect((await client.closed).code).toBe(CLOSE_UNAUTHORIZED);
    expect(client.messages).toEqual([]);
  });

  it('closes a socket whose first message is a request with 4401, unanswered', async () => {
    const { port } = await host();
    const client = await openClient(port);
    client.send({ packetId: 'p1', packetType: 'links.list' });
    expect((await client.closed).code).toBe(CLOSE_UNAUTHORIZED);
    expect(client.messages).toEqual([]);
  });

  it('closes a socket with a wrong token with 4401', async () => {
    const { running, port } = await host();
    await token(running);
    const client = await openClient(port);
    client.send({ packetType: AUTH_PACKET, token: 'A'.repeat(43) });
    expect((await client.closed).code).toBe(CLOSE_UNAUTHORIZED);
    expect(client.messages).toEqual([]);
  });

  it('refuses upgrades on other paths and from other origins', async () => {
    const { port } = await host();
    await expect(openClient(port, '/api/other')).rejects.toThrow(/404/);
    await expect(
      openClient(port, '/api/session', { Origin: 'https://evil.example' }),
    ).rejects.toThrow(/403/);
    // Another web server on this machine is another origin too.
    await expect(
      openClient(port, '/api/session', { Origin: `http://127.0.0.1:${port + 1}` }),
    ).rejects.toThrow(/403/);
    const ours = await openClient(port, '/api/session', { Origin: `http://127.0.0.1:${port}` });
    ours.ws.terminate();
    const line = await rawStatus(
      port,
      'GET /api/session HTTP/1.1\r\nHost: evil.example\r\nUpgrade: websocket\r\n' +
        'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(line).toBe('HTTP/1.1 403 Forbidden');
  });

  it('answers a request with its result under the same packetId', async () => {
    const { running } = await host();
    const client = await session(running);
    client.send({ packetId: 'req-1', packetType: 'links.list' });
    const answer = await client.next((m) => m.packetId === 'req-1');
    expect(answer).toEqual({ packetId: 'req-1', packetType: 'links.list.result', links: [] });
  });

  it('answers bad JSON with service.error (packetId null) and a bad packet with its packetId', async () => {
    const { running } = await host();
    const client = await session(running);
    client.send('{not json');
    const bad = await client.next((m) => m.packetType === 'service.error');
    expect(bad).toEqual({
      packetId: null,
      packetType: 'service.error',
      message: expect.stringContaining('JSON'),
    });
    client.send({ packetId: 'req-2', packetType: 'links.close', linkId: 'zero' });
    const wrong = await client.next((m) => m.packetId === 'req-2');
    expect(wrong).toMatchObject({ packetType: 'service.error', message: expect.any(String) });
    // The session goes on.
    client.send({ packetId: 'req-3', packetType: 'links.list' });
    await client.next((m) => m.packetId === 'req-3');
  });

  it('sends the events of the core to every authenticated socket', async () => {
    const { running } = await host();
    const first = await session(running);
    const second = await session(running);
    expect(running.sessionCount).toBe(2);
    for (const client of [first, second]) {
      const snapshot = await client.next((m) => m.packetType === 'telemetry.snapshot');
      expect(snapshot).not.toHaveProperty('packetId');
    }
    // A link opened by one tab shows in the other's snapshots.
    const connection = `udpin:127.0.0.1:${await freeUdpPort()}`;
    first.send({ packetId: 'open', packetType: 'links.open', connection });
    expect(await first.next((m) => m.packetId === 'open')).toMatchObject({
      packetType: 'links.open.result',
    });
    await second.next(
      (m) =>
        m.packetType === 'telemetry.snapshot' && (m.links as unknown[] | undefined)?.length === 1,
    );
  });

  it('refuses binary frames and frames over the size limit', async () => {
    const { running } = await host();
    const binary = await session(running);
    binary.ws.send(Buffer.from([1, 2, 3]));
    expect((await binary.closed).code).toBe(1003);
    const big = await session(running);
    big.send({
      packetId: 'big',
      packetType: 'links.list',
      pad: 'x'.repeat(DEFAULT_LIMITS.maxFrameBytes),
    });
    expect((await big.closed).code).toBe(1009);
    expect(big.messages.some((m) => m.packetId === 'big')).toBe(false);
  });

  it('takes a request as large as a long mission upload', async () => {
    const { running } = await host();
    const large = await session(running);
    const item = { frame: 3, command: 16, current: false, autocontinue: true, x: 0, y: 0, z: 10 };
    const params = { param1: 0, param2: 0, param3: 0, param4: null };
    const items = Array.from({ length: 2000 }, () => ({ ...item, ...params }));
    expect(JSON.stringify(items).length).toBeGreaterThan(128 * 1024);
    large.send({
      packetId: 'large',
      packetType: 'missions.upload',
      sysid: 1,
      compid: 1,
      missionType: 'mission',
      items,
    });
    // Checked and answered (no such vehicle here), not cut off for its size.
    expect(JSON.stringify(await large.next((m) => m.packetId === 'large'))).toMatch(
      /no vehicle 1\/1/,
    );
  });

  it('drops a client that stops reading instead of buffering for it without end', async () => {
    // Many long log names make each logs.list answer about 300 kB.
    const dataDir = tempDir('sigil-host-data-');
    await mkdir(join(dataDir, 'logs'));
    for (let i = 0; i < 1000; i++) {
      await writeFile(join(dataDir, 'logs', `${String(i).padStart(200, 'x')}.tlog`), '');
    }
    const { running } = await host({ dataDir, maxBufferedBytes: 1024 * 1024 });
    const client = await session(running);
    const socket = (client.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    for (let i = 0; i < 100; i++) client.send({ packetId: `l${i}`, packetType: 'logs.list' });
    await waitFor('the slow client to be dropped', () => running.sessionCount === 0, 15_000);
    socket.resume();
    expect((await client.closed).code).toBe(1006);
    expect(client.messages.filter((m) => m.packetType === 'logs.list.result').length).toBeLessThan(
      100,
    );
  });

  it('on shutdown sends service.interrupt, then closes with CLOSE_INTERRUPTED', async () => {
    const { running } = await host();
    const client = await session(running);
    const waiting = await openClient(running.port);
    await running.close('the server is shutting down');
    expect(await client.closed).toEqual({
      code: CLOSE_INTERRUPTED,
      reason: 'the server is shutting down',
    });
    expect(client.messages.at(-1)).toEqual({
      packetType: 'service.interrupt',
      reason: 'the server is shutting down',
    });
    expect((await waiting.closed).code).toBe(CLOSE_INTERRUPTED);
    expect(waiting.messages).toEqual([]);
    await expect(rawRequest(running.port, '/')).rejects.toThrow();
  });
});

describe('where it listens', () => {
  it('refuses an address other machines can reach without the remote-session secrets', async () => {
    const ui = await fakeUi();
    cleanup.push(() => ui.remove());
    const service = { handle: () => Promise.reject(new Error()), subscribe: () => () => {} };
    for (const address of ['0.0.0.0', '192.168.1.10', '::', 'example.com']) {
      await expect(startHost({ service, root: ui.root, host: address, port: 0 })).rejects.toThrow(
        /without the remote-session secrets/,
      );
    }
  });

  it('knows the loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
      expect(isLoopback(host)).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '127.0.0.1.evil.example', '1270.0.0.1']) {
      expect(isLoopback(host)).toBe(false);
    }
  });
});

describe('closeReason', () => {
  it('keeps a close reason within 123 bytes without splitting a character', () => {
    expect(closeReason('short')).toBe('short');
    const long = closeReason('é'.repeat(100));
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(123);
    expect(long).toBe('é'.repeat(61));
  });
});

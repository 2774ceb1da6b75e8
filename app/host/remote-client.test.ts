// The browser's remote-session client (protocol/remote/client.ts) on its
// own, against small stand-in servers: it must say what went wrong in
// words, and keep its proofs within the host's clock window even when its
// own clock is off. The client against the real host is tested in the
// other app/host/remote-*.test.ts files. That it runs in a browser (no
// Node in what it imports) is the lint rule for protocol/.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteError, signIn, type RemoteHost } from '../../protocol/remote/client';
import {
  computeKeySignature,
  exportPublicKey,
  generateAgreementKeys,
} from '../../protocol/remote/crypto';
import { toBase64Url } from '../../protocol/remote/encoding';

const IDENTITY = 'identity key of the stand-in';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** An HTTP server answering by `handle`; counts requests. */
async function standIn(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    handle(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => server.close(r)));
  const host: RemoteHost = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    openSocket: () => {
      throw new Error('no socket in these tests');
    },
  };
  return { host, seen };
}

function json(res: ServerResponse, status: number, body: unknown, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

describe('the client', () => {
  it('says the host is unreachable', async () => {
    const { host } = await standIn(() => {});
    const closed = { ...host, baseUrl: 'http://127.0.0.1:1' };
    await expect(signIn(closed, { identityKey: 'x', authKey: 'y' })).rejects.toMatchObject({
      kind: 'unreachable',
    });
  });

  it('says the host does not speak the protocol', async () => {
    const { host } = await standIn((_, res) => json(res, 200, { publicKey: 'nope' }));
    const attempt = signIn(host, { identityKey: 'x', authKey: 'y' });
    await expect(attempt).rejects.toBeInstanceOf(RemoteError);
    await expect(attempt).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('refuses a bad client name before any request', async () => {
    const { host, seen } = await standIn((_, res) => json(res, 404, {}));
    const name = 'n'.repeat(65);
    await expect(
      signIn(host, { identityKey: 'x', authKey: 'y', clientName: name }),
    ).rejects.toThrow(RangeError);
    expect(seen).toEqual([]);
  });

  it('takes the host clock from its Date header when its own is minutes off', async () => {
    const server = await exportPublicKey((await generateAgreementKeys()).publicKey);
    const config = {
      publicKey: toBase64Url(server),
      timeout: 60_000,
      keySignature: await computeKeySignature(IDENTITY, server),
    };
    const { host, seen } = await standIn((req, res) => {
      if (req.method === 'GET') return json(res, 200, config);
      json(res, 200, { status: 200, token: 'tok', role: 'view' });
    });
    const fiveMinutesBehind = () => Date.now() - 5 * 60_000;
    const session = await signIn(
      { ...host, now: fiveMinutesBehind },
      { identityKey: IDENTITY, authKey: 'k' },
    );
    expect(seen).toEqual(['GET /api/handshake/config', 'POST /api/handshake']);
    expect(session.role).toBe('view');
    expect(Math.abs(session.clockOffsetMs - 5 * 60_000)).toBeLessThan(2000);
    const { time } = await session.proof();
    expect(Math.abs(time - Date.now())).toBeLessThan(2000);
    // Proofs made in the same millisecond still grow.
    const [a, b] = await Promise.all([session.proof(), session.proof()]);
    expect(b.time).toBeGreaterThan(a.time);

    // A clock that agrees with the host's is left alone.
    const onTime = await signIn(host, { identityKey: IDENTITY, authKey: 'k' });
    expect(onTime.clockOffsetMs).toBe(0);
  });
});

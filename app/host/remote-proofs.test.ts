// Session proofs (a time signed by the client's key) over HTTP and as the
// socket's first message: 200 for a fresh one; 401 for a stale, replayed or
// badly signed one (which changes nothing); 404 for an unknown token.

import { afterEach, describe, expect, it } from 'vitest';
import {
  AUTH_PACKET,
  CLOSE_UNAUTHORIZED,
  CONTROL_ROLE,
  SESSION_CHECK_PATH,
  SESSION_PATH,
} from '../../protocol/session';
import { fromBase64Url, randomBytes, toBase64Url } from '../../protocol/remote/encoding';
import {
  clientHost,
  handSession,
  remoteHost,
  signInAs,
  watch,
  type Cleanup,
} from './testing/remote-sessions';
import { openClient, rawRequest } from './testing/raw-clients';

const cleanup: Cleanup = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function check(port: number, headers: Record<string, string>, method = 'GET') {
  return rawRequest(port, method === 'DELETE' ? SESSION_PATH : SESSION_CHECK_PATH, {
    method,
    headers,
  });
}

const body = (answer: { body: string }) => JSON.parse(answer.body) as Record<string, unknown>;

/** A host, a session signed in with the client, and one by hand (any time, any frame). */
async function signedIn() {
  const remote = await remoteHost(cleanup);
  const session = await signInAs(remote.client);
  const hand = await handSession(remote.port);
  return { ...remote, session, hand };
}

describe('GET /api/session/check and DELETE /api/session', () => {
  it('answer 200 to a fresh proof; DELETE ends the session, which is then 404', async () => {
    const { port, session, running } = await signedIn();
    expect(await session.check()).toEqual({ status: 200, role: CONTROL_ROLE });
    const checked = await check(port, await session.proofHeaders());
    expect(checked.status).toBe(200);
    expect(checked.headers['cache-control']).toBe('no-store');
    expect(body(checked)).toEqual({ status: 200, role: CONTROL_ROLE });
    expect(await session.end()).toEqual({ status: 200, role: CONTROL_ROLE });
    expect(running.remote?.sessionCount).toBe(1);
    expect(await session.check()).toEqual({ status: 404, reason: 'no such session' });
    expect((await check(port, await session.proofHeaders(), 'DELETE')).status).toBe(404);
  });

  it('refuse a time more than 30 s away from the host clock, either way, with 401', async () => {
    const { port, hand } = await signedIn();
    const stale = await check(port, await hand.headers(Date.now() - 31_000));
    expect(stale.status).toBe(401);
    expect(body(stale).reason).toContain('more than 30 s from the server clock');
    expect((await check(port, await hand.headers(Date.now() + 31_000))).status).toBe(401);
    // Neither moved the session's mark: a proof made now passes.
    expect((await check(port, await hand.headers())).status).toBe(200);
  });

  it('refuse a replayed proof, and one older than the last accepted, with 401', async () => {
    const { port, session } = await signedIn();
    const first = await session.proofHeaders();
    const second = await session.proofHeaders();
    expect((await check(port, second)).status).toBe(200);
    const replayed = await check(port, second);
    expect(replayed.status).toBe(401);
    expect(body(replayed)).toEqual({ status: 401, reason: expect.stringContaining('replay') });
    // Made earlier, arrived later: also refused (strictly increasing, as MAVLink signing).
    expect((await check(port, first)).status).toBe(401);
    // A replayed DELETE ends nothing.
    expect((await check(port, second, 'DELETE')).status).toBe(401);
    expect((await session.check()).status).toBe(200);
  });

  it('refuse a wrong signature with 401 without moving the mark', async () => {
    const { port, session, hand } = await signedIn();
    const future = await hand.headers(Date.now() + 20_000);
    const signature = fromBase64Url(future['X-SEC-Signature'], 64)!;
    signature[10]! ^= 0x40;
    const forged = { ...future, 'X-SEC-Signature': toBase64Url(signature) };
    const answer = await check(port, forged);
    expect(answer.status).toBe(401);
    expect(body(answer).reason).toBe('the proof signature is wrong');
    // Another session's signature on this token does not verify either.
    const theirs = await session.proofHeaders();
    expect((await check(port, { ...theirs, Authorization: `Bearer ${hand.token}` })).status).toBe(
      401,
    );
    // The forged future time did not lock the real client out.
    expect((await check(port, await hand.headers())).status).toBe(200);
  });

  it('work for a client whose clock is minutes off: it goes by the host’s Date header', async () => {
    const { port } = await remoteHost(cleanup);
    const late = await signInAs(clientHost(port, () => Date.now() - 7 * 60_000));
    expect(Math.abs(late.clockOffsetMs - 7 * 60_000)).toBeLessThan(2000);
    expect((await late.check()).status).toBe(200);
  });

  it('answer 404 for an unknown token and 401 without a whole proof', async () => {
    const { port, session } = await signedIn();
    const headers = await session.proofHeaders();
    const unknown = { ...headers, Authorization: `Bearer ${toBase64Url(randomBytes(32))}` };
    expect((await check(port, unknown)).status).toBe(404);
    const without = (name: string) =>
      Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));
    for (const partial of [
      without('Authorization'),
      without('X-SEC-Time'),
      without('X-SEC-Signature'),
      { ...headers, Authorization: `Basic ${session.token}` },
      { ...headers, 'X-SEC-Time': '1e12' },
      { ...headers, 'X-SEC-Signature': 'short' },
    ]) {
      const answer = await check(port, partial);
      expect(answer.status).toBe(401);
      expect(body(answer)).toEqual({ status: 401, reason: expect.any(String) });
    }
    expect(
      (await rawRequest(port, SESSION_CHECK_PATH, { method: 'POST', headers, body: '' })).status,
    ).toBe(405);
  });
});

describe('the socket proof', () => {
  it('refuses a proof already used over HTTP (a replay) with 4401', async () => {
    const { port, session } = await signedIn();
    const headers = await session.proofHeaders();
    expect((await check(port, headers)).status).toBe(200);
    const socket = await openClient(port);
    socket.send({
      packetType: AUTH_PACKET,
      token: session.token,
      time: Number(headers['X-SEC-Time']),
      signature: headers['X-SEC-Signature'],
    });
    expect((await socket.closed).code).toBe(CLOSE_UNAUTHORIZED);
    expect(socket.messages).toEqual([]);
  });

  it('refuses a bad signature, an unknown token, a stale time, and a token without proof', async () => {
    const { port, hand } = await signedIn();
    const good = await hand.auth();
    const bad = fromBase64Url(good.signature, 64)!;
    bad[0]! ^= 1;
    for (const message of [
      { ...good, signature: toBase64Url(bad) },
      { ...good, token: toBase64Url(randomBytes(32)) },
      await hand.auth(Date.now() - 60_000),
      { packetType: AUTH_PACKET, token: hand.token },
      { ...good, time: String(good.time), signature: 7 },
    ]) {
      const socket = await openClient(port);
      socket.send(message);
      expect((await socket.closed).code).toBe(CLOSE_UNAUTHORIZED);
      expect(socket.messages).toEqual([]);
    }
    // The good proof was never used: it still opens the socket, with a sealed session.ready.
    const socket = await openClient(port);
    cleanup.push(() => socket.ws.terminate());
    socket.send(good);
    const ready = await socket.next(() => true);
    expect(ready).toEqual({
      mac: expect.any(String),
      seq: 1,
      packet: { packetType: 'session.ready', role: CONTROL_ROLE },
    });
    expect(await hand.fromHost(ready)).toBe(true);
  });

  it('opens with a sealed session.ready and answers requests under their packetId', async () => {
    const { session } = await signedIn();
    const watched = await watch(session, cleanup);
    expect(watched.channel.role).toBe(CONTROL_ROLE);
    expect(await watched.request({ packetId: 'r1', packetType: 'links.list' })).toEqual({
      packetId: 'r1',
      packetType: 'links.list.result',
      links: [],
    });
    const bad = await watched.request({ packetId: 'r2', packetType: 'links.close', linkId: 'x' });
    expect(bad).toMatchObject({ packetType: 'service.error', message: expect.any(String) });
    await watched.next((p) => p.packetType === 'telemetry.snapshot');
  });
});

// A remote session's socket after its proof: sealed frames both ways (a bad
// MAC, a replayed seq or an unsealed frame ends the session), its end
// (expiry, DELETE, shutdown, new keys) announced by a sealed
// service.interrupt, one socket at a time, and what a view session may do.

import { afterEach, describe, expect, it } from 'vitest';
import { REMOTE_KEY_REFUSAL, VIEW_REFUSAL } from '../../protocol/roles';
import {
  AUTH_PACKET,
  CLOSE_INTERRUPTED,
  CLOSE_REPLACED,
  CLOSE_UNAUTHORIZED,
  LOGIN_PATH,
  REASON_DELETED,
  REASON_EXPIRED,
  REASON_KEYS_CHANGED,
  SESSION_CHECK_PATH,
} from '../../protocol/session';
import { SNAPSHOT_IDLE_MS } from '../../main/api/snapshot';
import { freeUdpPort } from '../../main/testing/ports';
import { waitFor } from '../../main/testing/wait-for';
import { ManualClock } from '../../main/testing/manual-clock';
import { IDENTITY_MISMATCH } from '../../protocol/remote/client';
import {
  KEYS,
  handSession,
  remoteHost,
  signInAs,
  watch,
  type Cleanup,
  type HandSession,
} from './testing/remote-sessions';
import { login, openClient, rawRequest, type Client } from './testing/raw-clients';

const cleanup: Cleanup = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A socket of a hand-made session, past its proof. */
async function handSocket(port: number, hand: HandSession): Promise<Client> {
  const socket = await openClient(port);
  cleanup.push(() => socket.ws.terminate());
  socket.send(await hand.auth());
  await socket.next((m) => (m.packet as { packetType?: string }).packetType === 'session.ready');
  return socket;
}

const packetOf = (m: Record<string, unknown>) => m.packet as Record<string, unknown>;

/** The session's last frame is a sealed service.interrupt with `reason`; the socket closed 4000. */
async function expectInterrupted(socket: Client, hand: HandSession, reason: string) {
  expect(await socket.closed).toEqual({ code: CLOSE_INTERRUPTED, reason });
  const last = socket.messages.at(-1)!;
  expect(packetOf(last)).toEqual({ packetType: 'service.interrupt', reason });
  expect(await hand.fromHost(last)).toBe(true);
}

describe('sealed frames', () => {
  it('carry requests and answers, every frame from the host MACed, seq growing from 1', async () => {
    const { port } = await remoteHost(cleanup);
    const hand = await handSession(port);
    const socket = await handSocket(port, hand);
    socket.ws.send(await hand.seal(1, { packetId: 'a', packetType: 'links.list' }));
    socket.ws.send(await hand.seal(5, { packetId: 'b', packetType: 'links.list' }));
    await socket.next((m) => packetOf(m).packetId === 'b');
    const seqs = socket.messages.map((m) => m.seq as number);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    for (const frame of socket.messages) expect(await hand.fromHost(frame)).toBe(true);
  });

  it('end the session on a bad MAC, before the packet is acted on', async () => {
    const { port, service, running } = await remoteHost(cleanup);
    const hand = await handSession(port);
    const socket = await handSocket(port, hand);
    const listed = JSON.parse(await hand.seal(1, { packetId: 'x', packetType: 'links.list' }));
    // The MAC of one packet on another: someone on the network swapped the command.
    listed.packet = {
      packetId: 'x',
      packetType: 'links.open',
      connection: `udpin:127.0.0.1:${await freeUdpPort()}`,
    };
    socket.send(listed);
    await expectInterrupted(socket, hand, 'a frame failed its check (altered or forged)');
    expect(service.gcs.links()).toHaveLength(0);
    expect(running.remote?.sessionCount).toBe(0);
    const gone = await rawRequest(port, SESSION_CHECK_PATH, { headers: await hand.headers() });
    expect(gone.status).toBe(404);
  });

  it('end the session on a replayed seq', async () => {
    const { port } = await remoteHost(cleanup);
    const hand = await handSession(port);
    const socket = await handSocket(port, hand);
    const frame = await hand.seal(1, { packetId: 'once', packetType: 'links.list' });
    socket.ws.send(frame);
    await socket.next((m) => packetOf(m).packetId === 'once');
    socket.ws.send(frame);
    await expectInterrupted(socket, hand, 'a frame was replayed (its seq did not grow)');
    expect(socket.messages.filter((m) => packetOf(m).packetId === 'once')).toHaveLength(1);
  });

  it('end the session on a frame that is not sealed, or binary', async () => {
    const { port } = await remoteHost(cleanup);
    for (const send of [
      (s: Client) => s.send({ packetId: 'p', packetType: 'links.list' }),
      (s: Client) => s.ws.send(Buffer.from([1, 2, 3])),
    ]) {
      const hand = await handSession(port);
      const socket = await handSocket(port, hand);
      send(socket);
      expect((await socket.closed).code).toBe(CLOSE_INTERRUPTED);
      expect(packetOf(socket.messages.at(-1)!).packetType).toBe('service.interrupt');
    }
  });

  it('are checked by the client too: the channel works end to end', async () => {
    const { client } = await remoteHost(cleanup);
    const watched = await watch(await signInAs(client), cleanup);
    for (let i = 0; i < 20; i++)
      void watched.channel.send({ packetId: `n${i}`, packetType: 'links.list' });
    await watched.next((p) => p.packetId === 'n19');
    expect(watched.packets.filter((p) => p.packetType === 'links.list.result')).toHaveLength(20);
  });
});

describe('the end of a session', () => {
  it('comes after the timeout without traffic: service.interrupt, then close 4000', async () => {
    // The host's clock starts at the wall clock's time, so the client's proofs are fresh.
    const clock = new ManualClock(Date.now());
    const { client, running } = await remoteHost(cleanup, { timeoutMs: 400, clock });
    const session = await signInAs(client);
    const watched = await watch(session, cleanup);
    clock.advance(300);
    expect(running.remote?.sessionCount).toBe(1);
    clock.advance(100);
    const closed = await watched.closed;
    expect(closed).toEqual({
      code: CLOSE_INTERRUPTED,
      reason: REASON_EXPIRED,
      interrupted: REASON_EXPIRED,
    });
    expect(watched.packets.at(-1)).toEqual({
      packetType: 'service.interrupt',
      reason: REASON_EXPIRED,
    });
    expect(running.remote?.sessionCount).toBe(0);
    expect((await session.check()).status).toBe(404);
  });

  it('does not come while the client sends (events from the host do not count)', async () => {
    const clock = new ManualClock(Date.now());
    // Snapshots only when the test asks for one.
    const snapshots = new ManualClock(Date.now());
    const { client } = await remoteHost(cleanup, {
      timeoutMs: 600,
      clock,
      service: { snapshots: { clock: snapshots } },
    });
    const watched = await watch(await signInAs(client), cleanup);
    for (let i = 0; i < 8; i++) {
      clock.advance(200);
      expect(
        (await watched.request({ packetId: `k${i}`, packetType: 'links.list' })).packetType,
      ).toBe('links.list.result');
    }
    clock.advance(300);
    const isSnapshot = (p: Record<string, unknown>) => p.packetType === 'telemetry.snapshot';
    const heard = watched.packets.filter(isSnapshot).length;
    snapshots.advance(SNAPSHOT_IDLE_MS);
    await waitFor(
      'an event from the host',
      () => watched.packets.filter(isSnapshot).length > heard,
    );
    clock.advance(300);
    const closed = await watched.closed;
    expect(closed.interrupted).toBe(REASON_EXPIRED);
  });

  it('comes with DELETE /api/session: the socket hears "the session was ended"', async () => {
    const { client } = await remoteHost(cleanup);
    const session = await signInAs(client);
    const watched = await watch(session, cleanup);
    expect((await session.end()).status).toBe(200);
    expect(await watched.closed).toMatchObject({
      code: CLOSE_INTERRUPTED,
      interrupted: REASON_DELETED,
    });
  });

  it('comes at shutdown: a sealed "the server is shutting down"', async () => {
    const { port, running } = await remoteHost(cleanup);
    const hand = await handSession(port);
    const socket = await handSocket(port, hand);
    await running.close('the server is shutting down');
    await expectInterrupted(socket, hand, 'the server is shutting down');
  });

  it('comes with new keys, for the sessions of a key that changed only', async () => {
    const { client, running } = await remoteHost(cleanup);
    const control = await watch(await signInAs(client), cleanup);
    const view = await watch(await signInAs(client, KEYS.viewKey), cleanup);
    const ended = await running.remote!.rotate({ ...KEYS, viewKey: 'a brand new view key 0001' });
    expect(ended).toBe(1);
    expect((await view.closed).interrupted).toBe(REASON_KEYS_CHANGED);
    expect(
      (await control.request({ packetId: 'still', packetType: 'links.list' })).packetType,
    ).toBe('links.list.result');
    await expect(signInAs(client, KEYS.viewKey)).rejects.toMatchObject({ kind: 'refused' });
    expect((await signInAs(client, 'a brand new view key 0001')).role).toBe('view');
    // A new identity key: the old one no longer matches the key signature.
    await running.remote!.rotate({ ...KEYS, serverIdentityKey: 'a brand new identity key 01' });
    await expect(signInAs(client)).rejects.toThrow(IDENTITY_MISMATCH);
    expect((await signInAs(client, KEYS.authKey, 'a brand new identity key 01')).role).toBe(
      'control',
    );
  });
});

describe('one socket per session', () => {
  it('a newer socket replaces the older (4409); the counters go on', async () => {
    const { client } = await remoteHost(cleanup);
    const session = await signInAs(client);
    const first = await watch(session, cleanup);
    expect((await first.request({ packetId: 'f', packetType: 'links.list' })).packetType).toBe(
      'links.list.result',
    );
    const second = await watch(session, cleanup);
    expect((await first.closed).code).toBe(CLOSE_REPLACED);
    expect((await second.request({ packetId: 's', packetType: 'links.list' })).packetType).toBe(
      'links.list.result',
    );
  });
});

describe('roles', () => {
  it('a view session gets telemetry and read-only answers, and cannot arm', async () => {
    const link = `udpin:127.0.0.1:${await freeUdpPort()}`;
    const { client, service } = await remoteHost(cleanup, { service: { defaultLink: link } });
    const started = await service.handle({ packetId: 'sim', packetType: 'sim.start' });
    expect(started.packetType).toBe('sim.start.result');
    const view = await watch(await signInAs(client, KEYS.viewKey), cleanup);
    expect(view.channel.role).toBe('view');
    const withVehicle = (p: Record<string, unknown>) =>
      p.packetType === 'telemetry.snapshot' && (p.vehicles as unknown[]).length === 1;
    await view.next(withVehicle);

    const arm = {
      packetType: 'vehicles.command',
      sysid: 1,
      compid: 1,
      command: 'arm',
      force: true,
    };
    expect(await view.request({ packetId: 'arm', ...arm })).toEqual({
      packetId: 'arm',
      packetType: 'service.error',
      message: VIEW_REFUSAL,
    });
    for (const packetType of ['links.list', 'vehicles.list', 'signing.state', 'logs.list']) {
      const answer = await view.request({ packetId: packetType, packetType });
      expect(answer.packetType).toBe(`${packetType}.result`);
    }
    for (const [packetType, payload] of [
      ['params.set', { sysid: 1, compid: 1, name: 'X', value: 1 }],
      ['signing.clearKey', {}],
      ['sim.stop', {}],
      ['links.close', { linkId: 0 }],
    ] as const) {
      const answer = await view.request({ packetId: `v-${packetType}`, packetType, ...payload });
      expect(answer.message).toBe(VIEW_REFUSAL);
    }
    expect(service.simRunning).toBe(true);
    const vehicle = (await service.handle({
      packetId: 'l',
      packetType: 'vehicles.list',
    })) as unknown as {
      vehicles: { armed: boolean }[];
    };
    expect(vehicle.vehicles[0]!.armed).toBe(false);

    const control = await watch(await signInAs(client), cleanup);
    const armed = await control.request({ packetId: 'arm2', ...arm });
    expect(armed).toMatchObject({
      packetType: 'vehicles.command.result',
      result: { status: 'accepted' },
    });
    await view.next((p) => withVehicle(p) && (p.vehicles as { armed: boolean }[])[0]!.armed);
  });

  it('no remote session may send a signing key over the network', async () => {
    const { client, service } = await remoteHost(cleanup);
    const control = await watch(await signInAs(client), cleanup);
    const answer = await control.request({
      packetId: 'key',
      packetType: 'signing.setKey',
      source: 'passphrase',
      passphrase: 'would be readable on the network',
    });
    expect(answer).toEqual({
      packetId: 'key',
      packetType: 'service.error',
      message: REMOTE_KEY_REFUSAL,
    });
    expect(service.gcs.keyFingerprint).toBeNull();
  });
});

describe('where the host listens', () => {
  it('on loopback with the secrets, the one-time code works too, with plain frames', async () => {
    const { running, port } = await remoteHost(cleanup);
    expect(running.localLogin).toBe(true);
    const { otp } = running.issueLoginUrl();
    const answer = await login(port, otp);
    const socket = await openClient(port);
    cleanup.push(() => socket.ws.terminate());
    socket.send({
      packetType: AUTH_PACKET,
      token: (JSON.parse(answer.body) as { token: string }).token,
    });
    expect(await socket.next(() => true)).toEqual({ packetType: 'session.ready' });
  });

  it('on a network address: no one-time codes, any Host name, the remote sign-in', async () => {
    const { running, port, client } = await remoteHost(cleanup, { host: { exposure: 'network' } });
    expect(running.localLogin).toBe(false);
    expect(() => running.issueLoginUrl()).toThrow(/loopback/);
    const otp = await rawRequest(port, LOGIN_PATH, { method: 'POST', body: '{}' });
    expect(otp.status).toBe(404);
    expect((await rawRequest(port, '/', { host: `gcs.local:${port}` })).status).toBe(200);
    const watched = await watch(await signInAs(client), cleanup);
    expect((await watched.request({ packetId: 'n', packetType: 'links.list' })).packetType).toBe(
      'links.list.result',
    );
    // A token-only first message (the local way in) is refused.
    const socket = await openClient(port);
    socket.send({ packetType: AUTH_PACKET, token: 'anything' });
    expect((await socket.closed).code).toBe(CLOSE_UNAUTHORIZED);
  });
});

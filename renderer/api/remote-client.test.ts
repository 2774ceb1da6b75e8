// RemoteApi against a real host (started for the run by
// app/host/testing/remote-hosts.ts): answers by packetId, service.error as a
// rejection, the keep-alive, a dropped socket opened again, and each way a
// session ends here.

import { afterEach, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { VIEW_REFUSAL } from '../../protocol/roles';
import { signIn, type RemoteHost } from '../../protocol/remote/client';
import { REASON_DELETED, REASON_EXPIRED } from '../../protocol/session';
import type { SocketLike } from '../../protocol/socket-like';
import { RemoteApi, REPLACED_REASON, type RemoteStatus } from './remote-client';

const HOSTS = inject('remoteHosts');
const KEYS = { authKey: HOSTS.authKey, viewKey: HOSTS.viewKey };

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** The host whose sessions end after `timeoutMs` without traffic. */
function remoteHost(timeoutMs = 60_000): RemoteHost {
  const baseUrl = HOSTS.baseUrlByTimeout[timeoutMs];
  if (baseUrl === undefined) throw new Error(`no host with a ${timeoutMs} ms session timeout`);
  return { baseUrl, openSocket: (url) => new WebSocket(url) as SocketLike };
}

/** The client's view of the host, keeping its sockets so a test can cut one. */
function clientOf(host: RemoteHost): { client: RemoteHost; sockets: WebSocket[] } {
  const sockets: WebSocket[] = [];
  return {
    sockets,
    client: {
      ...host,
      openSocket: (url) => {
        const socket = new WebSocket(url);
        sockets.push(socket);
        return socket as SocketLike;
      },
    },
  };
}

async function started(host: RemoteHost, authKey = KEYS.authKey, keepAliveMs?: number) {
  const { client, sockets } = clientOf(host);
  const session = await signIn(client, {
    identityKey: HOSTS.identityKey,
    authKey,
    clientName: 'test client',
  });
  const api = new RemoteApi(session, keepAliveMs === undefined ? {} : { keepAliveMs });
  const statuses: RemoteStatus[] = [];
  api.onStatus((s) => statuses.push(s));
  cleanup.push(() => api.close());
  await api.start();
  return { api, session, sockets, statuses };
}

function until(api: RemoteApi, state: RemoteStatus['state'], ms = 10_000): Promise<RemoteStatus> {
  if (api.getStatus().state === state) return Promise.resolve(api.getStatus());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${state} within ${ms} ms`)), ms);
    const off = api.onStatus((s) => {
      if (s.state !== state) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

describe('RemoteApi', () => {
  it('matches answers by packetId and rejects service.error with its message', async () => {
    const host = remoteHost();
    const { api } = await started(host);
    expect(api.getStatus()).toEqual({ state: 'ready' });
    const [links, vehicles, bad] = await Promise.allSettled([
      api.request('links.list', {}),
      api.request('vehicles.list', {}),
      api.request('links.close', { linkId: 300 }),
    ]);
    expect(links).toEqual({ status: 'fulfilled', value: { links: [] } });
    expect(vehicles).toEqual({ status: 'fulfilled', value: { vehicles: [] } });
    expect(bad.status).toBe('rejected');
    expect((bad as PromiseRejectedResult).reason.message).toMatch(/linkId/);
  });

  it("a view session's commands come back as the host's refusal", async () => {
    const host = remoteHost();
    const { api } = await started(host, KEYS.viewKey);
    expect(api.role).toBe('view');
    await expect(api.request('sim.start', {})).rejects.toThrow(VIEW_REFUSAL);
    expect(await api.request('links.list', {})).toEqual({ links: [] });
  });

  it('keeps the session alive past its timeout while the page is open', async () => {
    const host = remoteHost(1500);
    const { api } = await started(host, KEYS.authKey, 400);
    await new Promise((r) => setTimeout(r, 3500));
    expect(api.getStatus()).toEqual({ state: 'ready' });
    expect(await api.request('links.list', {})).toEqual({ links: [] });
  });

  it('ends with the host reason when the session expires without traffic', async () => {
    const host = remoteHost(1000);
    const { api } = await started(host, KEYS.authKey, 60_000);
    const events: string[] = [];
    api.subscribe((e) => events.push(e.packetType));
    expect(await until(api, 'ended')).toEqual({ state: 'ended', reason: REASON_EXPIRED });
    expect(events).toContain('service.interrupt');
    await expect(api.request('links.list', {})).rejects.toThrow(REASON_EXPIRED);
  });

  it('opens a dropped socket again with a fresh proof', async () => {
    const host = remoteHost();
    const { api, sockets, statuses } = await started(host);
    sockets[0]!.terminate();
    await until(api, 'reconnecting');
    await until(api, 'ready');
    expect(sockets).toHaveLength(2);
    expect(statuses.map((s) => s.state)).toEqual(['ready', 'reconnecting', 'ready']);
    expect(await api.request('links.list', {})).toEqual({ links: [] });
  });

  it('signs out: DELETE /api/session, then the host interrupt ends it', async () => {
    const host = remoteHost();
    const { api, session } = await started(host);
    const interrupts: unknown[] = [];
    // Telemetry snapshots may arrive meanwhile (one a second at least): watch for the interrupt.
    api.subscribe((e) => {
      if (e.packetType === 'service.interrupt') interrupts.push(e);
    });
    await api.signOut();
    expect(api.getStatus()).toEqual({ state: 'ended', reason: REASON_DELETED });
    expect(interrupts).toEqual([{ packetType: 'service.interrupt', reason: REASON_DELETED }]);
    expect((await session.check()).status).toBe(404);
    // Already over: signing out again changes nothing.
    await api.signOut();
    expect(api.getStatus()).toEqual({ state: 'ended', reason: REASON_DELETED });
  });

  it('says so when another socket took the session over (close 4409)', async () => {
    const host = remoteHost();
    const { api, session } = await started(host);
    const other = await session.connect(() => {});
    cleanup.push(() => other.close());
    expect(await until(api, 'ended')).toEqual({ state: 'ended', reason: REPLACED_REASON });
  });
});

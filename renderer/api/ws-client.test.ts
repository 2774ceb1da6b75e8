import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  AUTH_OK,
  AUTH_PACKET,
  CLOSE_UNAUTHORIZED,
  hashWithoutOtp,
  LOGIN_PATH,
  otpFromHash,
  sessionUrl,
  TOKEN_KEY,
  WsClient,
  type WsClientEnvironment,
} from './ws-client';
import type { SocketLike } from '../../protocol/socket-like';

type Packet = Record<string, unknown>;

/** A stand-in for the headless host: the session socket on a real port, answers by a handler. */
async function fakeHost(
  answer: (packet: Packet, send: (p: Packet) => void, socket: WebSocket) => void = () => {},
  acceptToken = 'tok-1',
) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api/session' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const received: Packet[] = [];
  const sockets: WebSocket[] = [];
  server.on('connection', (socket) => {
    sockets.push(socket);
    let authed = false;
    socket.on('message', (data) => {
      const packet = JSON.parse(String(data)) as Packet;
      received.push(packet);
      const send = (p: Packet): void => socket.send(JSON.stringify(p));
      if (!authed) {
        if (packet.packetType === AUTH_PACKET && packet.token === acceptToken) {
          authed = true;
          send({ packetType: AUTH_OK });
        } else {
          socket.close(CLOSE_UNAUTHORIZED, 'bad token');
        }
        return;
      }
      answer(packet, send, socket);
    });
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    received,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.terminate();
        server.close(() => resolve());
      }),
  };
}

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

function environment(
  port: number,
  options: {
    hash?: string;
    storage?: ReturnType<typeof memoryStorage>;
    login?: (body: unknown) => { status: number; body: unknown };
  } = {},
) {
  const location = {
    protocol: 'http:',
    host: `127.0.0.1:${port}`,
    hash: options.hash ?? '',
    pathname: '/',
    search: '',
  };
  const replaced: string[] = [];
  const posts: { url: string; body: unknown }[] = [];
  const storage = options.storage ?? memoryStorage();
  const env: WsClientEnvironment = {
    location,
    history: {
      replaceState: (_d, _u, url) => {
        replaced.push(url);
        location.hash = url.includes('#') ? url.slice(url.indexOf('#')) : '';
      },
    },
    storage,
    fetch: (url, init) => {
      const body: unknown = JSON.parse(String(init.body));
      posts.push({ url, body });
      const answer = options.login?.(body) ?? { status: 200, body: { token: 'tok-1' } };
      return Promise.resolve({ status: answer.status, json: () => Promise.resolve(answer.body) });
    },
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
  };
  return { env, replaced, posts, storage, location };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function started(...args: Parameters<typeof fakeHost>) {
  const host = await fakeHost(...args);
  cleanups.push(host.close);
  return host;
}

function waitFor<T>(check: () => T | undefined, ms = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = (): void => {
      const v = check();
      if (v !== undefined) resolve(v);
      else if (Date.now() - t0 > ms) reject(new Error('timed out'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('the URL parts of signing in', () => {
  it('finds the one-time code in the hash and takes it out', () => {
    expect(otpFromHash('#otp=abc123')).toBe('abc123');
    expect(otpFromHash('#view=flight&otp=x-y_z')).toBe('x-y_z');
    expect(otpFromHash('#otp=')).toBeNull();
    expect(otpFromHash('')).toBeNull();
    expect(hashWithoutOtp('#otp=abc')).toBe('');
    expect(hashWithoutOtp('#view=flight&otp=abc')).toBe('#view=flight');
  });

  it('opens ws: for http pages and wss: for https pages', () => {
    expect(sessionUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe(
      'ws://127.0.0.1:8080/api/session',
    );
    expect(sessionUrl({ protocol: 'https:', host: 'gcs.local' })).toBe(
      'wss://gcs.local/api/session',
    );
  });
});

describe('WsClient', () => {
  it('trades the code for a token, removes it from the URL, and opens the session', async () => {
    const host = await started();
    const { env, replaced, posts, storage } = environment(host.port, { hash: '#otp=code-1' });
    const client = new WsClient(env);
    const status = await client.connect();
    expect(status).toEqual({ state: 'ready' });
    expect(posts).toEqual([{ url: LOGIN_PATH, body: { otp: 'code-1' } }]);
    expect(replaced).toEqual(['/']);
    expect(storage.map.get(TOKEN_KEY)).toBe('tok-1');
    expect(host.received[0]).toEqual({ packetType: AUTH_PACKET, token: 'tok-1' });
    client.close();
  });

  it('matches answers to requests by packetId and rejects service.error with its message', async () => {
    const host = await started((packet, send) => {
      if (packet.packetType === 'links.list') {
        send({ packetId: packet.packetId, packetType: 'links.list.result', links: [] });
      } else {
        send({
          packetId: packet.packetId,
          packetType: 'service.error',
          message: 'linkId: too big',
        });
      }
    });
    const { env } = environment(host.port, { storage: memoryStorage({ [TOKEN_KEY]: 'tok-1' }) });
    const client = new WsClient(env);
    await client.connect();
    const [a, b] = await Promise.allSettled([
      client.request('links.list', {}),
      client.request('links.close', { linkId: 300 }),
    ]);
    expect(a).toEqual({ status: 'fulfilled', value: { links: [] } });
    expect(b.status).toBe('rejected');
    expect((b as PromiseRejectedResult).reason.message).toBe('linkId: too big');
    const sent = host.received.slice(1);
    expect(sent.map((p) => p.packetType)).toEqual(['links.list', 'links.close']);
    expect(new Set(sent.map((p) => p.packetId)).size).toBe(2);
    expect(sent[1]).toMatchObject({ linkId: 300 });
    client.close();
  });

  it('hands events to subscribers until they unsubscribe', async () => {
    const host = await started();
    const { env } = environment(host.port, { storage: memoryStorage({ [TOKEN_KEY]: 'tok-1' }) });
    const client = new WsClient(env);
    const seen: string[] = [];
    const off = client.subscribe((e) => seen.push(e.packetType));
    await client.connect();
    host.sockets[0]!.send(JSON.stringify({ packetType: 'logs.error', message: 'disk full' }));
    await waitFor(() => (seen.length === 1 ? true : undefined));
    off();
    host.sockets[0]!.send(JSON.stringify({ packetType: 'logs.error', message: 'again' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual(['logs.error']);
    client.close();
  });

  it('asks for a sign-in when there is neither a code nor a token', async () => {
    const client = new WsClient(environment(1).env);
    const status = await client.connect();
    expect(status.state).toBe('login-needed');
  });

  it('says in plain words why a code was refused', async () => {
    const { env } = environment(1, {
      hash: '#otp=old',
      login: () => ({ status: 401, body: { reason: 'this code was already used' } }),
    });
    const status = await new WsClient(env).connect();
    expect(status).toEqual({
      state: 'login-failed',
      reason: 'Sign-in failed: this code was already used.',
    });
  });

  it('forgets a token the host refuses', async () => {
    const host = await started(undefined, 'the-good-token');
    const storage = memoryStorage({ [TOKEN_KEY]: 'stale' });
    const status = await new WsClient(environment(host.port, { storage }).env).connect();
    expect(status.state).toBe('login-failed');
    expect(storage.map.has(TOKEN_KEY)).toBe(false);
  });

  it('ends the session on service.interrupt, failing what was waiting', async () => {
    const host = await started((packet, send) => {
      if (packet.packetType === 'params.download')
        send({ packetType: 'service.interrupt', reason: 'the host is shutting down' });
    });
    const { env } = environment(host.port, { storage: memoryStorage({ [TOKEN_KEY]: 'tok-1' }) });
    const client = new WsClient(env);
    const statuses: string[] = [];
    client.onStatus((s) =>
      statuses.push(s.state === 'disconnected' ? `disconnected: ${s.reason}` : s.state),
    );
    await client.connect();
    await expect(client.request('params.download', { sysid: 1, compid: 1 })).rejects.toThrow(
      'disconnected: the host is shutting down',
    );
    expect(client.getStatus()).toEqual({
      state: 'disconnected',
      reason: 'the host is shutting down',
    });
    expect(statuses).toEqual(['connecting', 'ready', 'disconnected: the host is shutting down']);
    await expect(client.request('links.list', {})).rejects.toThrow(/not connected/);
  });

  it('reports a dropped connection and reconnects with the kept token', async () => {
    const host = await started((packet, send) =>
      send({
        packetId: packet.packetId,
        packetType: `${String(packet.packetType)}.result`,
        links: [],
      }),
    );
    const { env } = environment(host.port, { hash: '#otp=c' });
    const client = new WsClient(env);
    await client.connect();
    host.sockets[0]!.terminate();
    const down = await waitFor(() =>
      client.getStatus().state === 'disconnected' ? client.getStatus() : undefined,
    );
    expect(down.state).toBe('disconnected');
    expect(await client.connect()).toEqual({ state: 'ready' });
    expect(await client.request('links.list', {})).toEqual({ links: [] });
    client.close();
  });
});

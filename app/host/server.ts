// The headless host: one HTTP server that serves the built user interface
// and the map's tiles (main/tiles/tile-route.ts), lets a browser in (a one-time code on loopback addresses, the remote
// handshake when the operator gave its secrets), and upgrades
// `/api/session` to the WebSocket that carries the Api (protocol/session.ts).

import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { DEFAULT_SESSION_TIMEOUT_MS, LOGIN_PATH, SESSION_PATH } from '../../protocol/session';
import type { Clock } from '../../main/clock';
import type { MapTiles } from '../../main/tiles/map-tiles';
import { answerTileRequest, isTileRoute } from '../../main/tiles/tile-route';
import { Credentials } from './credentials';
import { isJson, parseJson, readBody, sameOrigin, send } from './http-util';
import type { OperatorKeys } from './operator-keys';
import { RemoteAuth } from './remote-auth';
import { remoteEndpoint } from './remote-http';
import { DEFAULT_LIMITS, SessionHub, type HostedService, type SessionLimits } from './sessions';
import { resolveStaticFile, securityHeaders } from './static-files';

/** Largest login body read; a code is a few dozen bytes. */
export const MAX_LOGIN_BYTES = 4096;

export interface RemoteOptions {
  keys: OperatorKeys;
  /** Session timeout without traffic (default 10 minutes). */
  timeoutMs?: number;
  /** Proof times, the rate limit and expiry; wall clock by default. */
  clock?: Clock;
}

export interface HostOptions {
  service: HostedService;
  /** The built user interface: an absolute, real path (see `uiRoot`). */
  root: string;
  /** The map's tiles, served at /tiles/{z}/{x}/{y}.png; without them that route is a 404. */
  tiles?: MapTiles;
  /** The address to listen on. Any other than loopback needs `remote`. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  credentials?: Credentials;
  limits?: Partial<SessionLimits>;
  /** The operator's secrets: remote sessions are on with them. */
  remote?: RemoteOptions;
  /**
   * Who can reach the address: 'loopback' (this machine only: one-time
   * codes, and only loopback names in Host) or 'network' (remote sessions
   * only, any Host). It follows `host`; a test may ask for 'network' on a
   * loopback address to see what a field network gets.
   */
  exposure?: 'loopback' | 'network';
  /** Remote sessions opened and ended, for the operator. */
  log?: (line: string) => void;
  /**
   * A one-time code was withdrawn after too many wrong guesses: the link
   * with its replacement, and why, for the host's console.
   */
  onNewLoginUrl?: (url: string, reason: string) => void;
}

/** What the operator can do with remote sessions while the host runs. */
export interface RemoteControl {
  readonly sessionCount: number;
  /** Requests to the handshake endpoint since the start, answered or not. */
  readonly handshakeAttempts: number;
  readonly timeoutMs: number;
  /** New keys (SIGHUP): ends the sessions of a changed key; returns how many. */
  rotate(keys: OperatorKeys): Promise<number>;
}

export interface RunningHost {
  readonly port: number;
  /** `http://HOST:PORT/`, with the URL's form of the host. */
  readonly url: string;
  /** Whether one-time codes work (a loopback address). */
  readonly localLogin: boolean;
  /** A fresh one-time code and the URL that logs in with it; throws without local login. */
  issueLoginUrl(): { otp: string; url: string };
  /** Remote sessions, when the host has the operator's secrets. */
  readonly remote: RemoteControl | null;
  /** Authenticated sockets, local and remote. */
  readonly sessionCount: number;
  /** Interrupts every session with `reason`, then stops listening. */
  close(reason: string): Promise<void>;
}

/** 127.0.0.0/8, ::1 and localhost: the addresses only this machine reaches. */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost' || bare === '::1' || bare === '::ffff:127.0.0.1') return true;
  const parts = bare.split('.');
  return (
    parts.length === 4 &&
    parts[0] === '127' &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
  );
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Whether a Host names this machine. A page on another site that
 * got its name pointed at 127.0.0.1 (DNS rebinding) still sends its own
 * name: it reaches nothing here.
 */
function namesLoopback(host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    return isLoopback(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const exposure = options.exposure ?? (isLoopback(options.host) ? 'loopback' : 'network');
  if (exposure === 'loopback' && !isLoopback(options.host)) {
    throw new Error(`${options.host} is not a loopback address`);
  }
  if (exposure === 'network' && options.remote === undefined) {
    throw new Error(
      `refusing to listen on ${options.host} without the remote-session secrets ` +
        '(a server identity key and an authorization key): other machines could reach it',
    );
  }
  // One-time codes travel in a URL and their sessions' frames are not
  // sealed: fine on this machine, not on a network.
  const credentials = exposure === 'loopback' ? (options.credentials ?? new Credentials()) : null;
  const remote =
    options.remote === undefined
      ? null
      : await RemoteAuth.create({
          keys: options.remote.keys,
          timeoutMs: options.remote.timeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
          ...(options.remote.clock === undefined ? {} : { clock: options.remote.clock }),
          ...(options.log === undefined ? {} : { log: options.log }),
        });
  const hub = new SessionHub(
    options.service,
    { credentials, remote },
    { ...DEFAULT_LIMITS, ...options.limits },
  );
  const context: HttpContext = {
    root: options.root,
    tiles: options.tiles ?? null,
    exposure,
    credentials,
    remote,
  };
  const server = createServer((request, response) => {
    handleHttp(request, response, context).catch(() => {
      if (!response.headersSent) send(response, 500, { reason: 'internal error' });
      else response.destroy();
    });
  });
  // Slow or idle clients must not hold the server's sockets forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    if (path !== SESSION_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (!hostAllowed(request, exposure) || !sameOrigin(request)) {
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    hub.upgrade(request, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(options.host)}:${port}/`;
  credentials?.onReplaced(({ otp, reason }) =>
    options.onNewLoginUrl?.(`${url}#otp=${otp}`, reason),
  );
  let closed = false;
  return {
    port,
    url,
    localLogin: credentials !== null,
    issueLoginUrl() {
      if (credentials === null) {
        throw new Error('one-time codes work on loopback addresses only');
      }
      const otp = credentials.issueOtp();
      return { otp, url: `${url}#otp=${otp}` };
    },
    remote:
      remote === null
        ? null
        : {
            get sessionCount() {
              return remote.sessionCount;
            },
            get handshakeAttempts() {
              return remote.handshakeAttempts;
            },
            timeoutMs: remote.timeoutMs,
            rotate: (keys) => remote.rotate(keys),
          },
    get sessionCount() {
      return hub.sessionCount;
    },
    async close(reason) {
      if (closed) return;
      closed = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await hub.close(reason);
      remote?.close(reason);
      server.closeAllConnections();
      await stopped;
    },
  };
}

interface HttpContext {
  root: string;
  tiles: MapTiles | null;
  exposure: 'loopback' | 'network';
  credentials: Credentials | null;
  remote: RemoteAuth | null;
}

/**
 * On a loopback address only loopback names are answered (DNS rebinding).
 * On a network address the names are the network's (an address, a .local
 * name): any is answered, and the keys guard the sessions.
 */
function hostAllowed(request: IncomingMessage, exposure: HttpContext['exposure']): boolean {
  return exposure === 'network' || namesLoopback(request.headers.host);
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

async function handleHttp(
  request: IncomingMessage,
  response: ServerResponse,
  context: HttpContext,
): Promise<void> {
  if (!hostAllowed(request, context.exposure)) {
    return send(response, 403, { reason: 'this host answers to loopback names only' });
  }
  const rawUrl = request.url ?? '/';
  // Only origin-form targets ("/path?query"): no absolute URLs, no "*".
  if (!rawUrl.startsWith('/')) return send(response, 400, { reason: 'bad request target' });
  const path = rawUrl.split('?', 1)[0]!;
  if (path === LOGIN_PATH) {
    if (context.credentials !== null) return login(request, response, context.credentials);
    request.resume();
    return send(response, 404, {
      reason: 'one-time codes work on loopback addresses only: sign in with the keys',
    });
  }
  if (await remoteEndpoint(path, request, response, context.remote)) return;
  if (path.startsWith('/api/')) return send(response, 404, { reason: 'no such endpoint' });
  if (isTileRoute(path)) return tile(request, response, path, context.tiles);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, { reason: 'method not allowed' }, { Allow: 'GET, HEAD' });
  }
  const file = await resolveStaticFile(context.root, path);
  if (file === null) return send(response, 404, { reason: 'not found' });
  response.writeHead(200, {
    ...securityHeaders('websocket'),
    'Content-Type': file.contentType,
    'Content-Length': file.size,
    'Cache-Control': file.cacheControl,
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}

async function tile(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  tiles: MapTiles | null,
): Promise<void> {
  request.resume();
  if (tiles === null) return send(response, 404, { reason: 'this host serves no map tiles' });
  const answer = await answerTileRequest(tiles, {
    method: request.method ?? 'GET',
    path,
    ifNoneMatch: request.headers['if-none-match'] ?? null,
    fetchSite: headerText(request.headers['sec-fetch-site']),
  });
  response.writeHead(answer.status, { ...securityHeaders('websocket'), ...answer.headers });
  response.end(answer.body ?? undefined);
}

function headerText(value: string | string[] | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

async function login(
  request: IncomingMessage,
  response: ServerResponse,
  credentials: Credentials,
): Promise<void> {
  if (request.method !== 'POST') {
    return send(response, 405, { reason: 'log in with POST' }, { Allow: 'POST' });
  }
  if (!sameOrigin(request)) {
    request.resume();
    return send(response, 403, { reason: 'log in from the page this host serves' });
  }
  if (!isJson(request)) {
    request.resume();
    return send(response, 400, { reason: 'the body must be JSON (application/json)' });
  }
  const body = await readBody(request, MAX_LOGIN_BYTES);
  if (body === null) {
    // The rest of the body is not read: the connection ends with this answer.
    return send(
      response,
      413,
      { reason: `the body is larger than ${MAX_LOGIN_BYTES} bytes` },
      { Connection: 'close' },
    );
  }
  const otp = (parseJson(body) as { otp?: unknown } | null | undefined)?.otp;
  if (typeof otp !== 'string' || otp.length === 0 || otp.length > 256) {
    return send(response, 400, { reason: 'expected { "otp": "the code from the URL" }' });
  }
  const result = credentials.login(otp);
  if (result.ok) return send(response, 200, { token: result.token });
  send(response, result.status, { reason: result.reason });
}

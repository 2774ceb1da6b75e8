// The headless host: one HTTP server that serves the built user interface,
// trades the printed one-time code for a session token, and upgrades
// `/api/session` to the WebSocket that carries the Api (main/api/session.ts).

import { createReadStream } from 'node:fs';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { LOGIN_PATH, SESSION_PATH } from '../../main/api/session';
import { Credentials } from './credentials';
import { DEFAULT_LIMITS, SessionHub, type HostedService, type SessionLimits } from './sessions';
import { resolveStaticFile, securityHeaders } from './static-files';

/** Largest login body read; a code is a few dozen bytes. */
export const MAX_LOGIN_BYTES = 4096;

export interface HostOptions {
  service: HostedService;
  /** The built user interface: an absolute, real path (see `uiRoot`). */
  root: string;
  /** The address to listen on. Only loopback addresses until remote sessions exist. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  credentials?: Credentials;
  limits?: Partial<SessionLimits>;
}

export interface RunningHost {
  readonly port: number;
  /** `http://HOST:PORT/`, with the URL's form of the host. */
  readonly url: string;
  /** A fresh one-time code and the URL that logs in with it. */
  issueLoginUrl(): { otp: string; url: string };
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
 * Whether a browser request comes from a page of ours: its Origin, when it
 * sends one (programs other than browsers need not), is this very host. A
 * page of another local web server does not get to try tokens or codes.
 */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  return origin === undefined || origin === `http://${request.headers.host ?? ''}`;
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
  if (!isLoopback(options.host)) {
    throw new Error(
      `refusing to listen on ${options.host}: remote use needs the authenticated handshake, ` +
        'which is not there yet; use a loopback address such as 127.0.0.1',
    );
  }
  const credentials = options.credentials ?? new Credentials();
  const hub = new SessionHub(options.service, credentials, {
    ...DEFAULT_LIMITS,
    ...options.limits,
  });
  const server = createServer((request, response) => {
    handleHttp(request, response, options.root, credentials).catch(() => {
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
    if (!namesLoopback(request.headers.host) || !sameOrigin(request)) {
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
  let closed = false;
  return {
    port,
    url,
    issueLoginUrl() {
      const otp = credentials.issueOtp();
      return { otp, url: `${url}#otp=${otp}` };
    },
    get sessionCount() {
      return hub.sessionCount;
    },
    async close(reason) {
      if (closed) return;
      closed = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await hub.close(reason);
      server.closeAllConnections();
      await stopped;
    },
  };
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function send(
  response: ServerResponse,
  status: number,
  body: object,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...securityHeaders('websocket'),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(text);
}

async function handleHttp(
  request: IncomingMessage,
  response: ServerResponse,
  root: string,
  credentials: Credentials,
): Promise<void> {
  if (!namesLoopback(request.headers.host)) {
    return send(response, 403, { reason: 'this host answers to loopback names only' });
  }
  const rawUrl = request.url ?? '/';
  // Only origin-form targets ("/path?query"): no absolute URLs, no "*".
  if (!rawUrl.startsWith('/')) return send(response, 400, { reason: 'bad request target' });
  const path = rawUrl.split('?', 1)[0]!;
  if (path === LOGIN_PATH) return login(request, response, credentials);
  if (path.startsWith('/api/')) return send(response, 404, { reason: 'no such endpoint' });
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, { reason: 'method not allowed' }, { Allow: 'GET, HEAD' });
  }
  const file = await resolveStaticFile(root, path);
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
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
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
  let otp: unknown;
  try {
    otp = (JSON.parse(body.toString('utf8')) as { otp?: unknown } | null)?.otp;
  } catch {
    otp = undefined;
  }
  if (typeof otp !== 'string' || otp.length === 0 || otp.length > 256) {
    return send(response, 400, { reason: 'expected { "otp": "the code from the URL" }' });
  }
  const result = credentials.login(otp, request.socket.remoteAddress ?? 'unknown');
  if (result.ok) return send(response, 200, { token: result.token });
  send(
    response,
    result.status,
    { reason: result.reason },
    result.status === 429 ? { 'Retry-After': '60' } : {},
  );
}

/** The request body, or null when it is longer than `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(request.headers['content-length'] ?? 0) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let done = false;
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      length += chunk.length;
      if (length > limit) {
        done = true;
        resolve(null);
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
      done = true;
    });
    request.on('error', (error) => {
      if (!done) reject(error);
      done = true;
    });
  });
}

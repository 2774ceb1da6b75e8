// A tile server on a free loopback port, for tests: it answers
// /{z}/{x}/{y}.png with a small PNG whose colour follows the tile, counts
// what it is asked and who asks (the User-Agent), and can be told to lose
// tiles, to hang, or to go down and come back on the same port.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { solidPng } from './png';

export interface TileServer {
  /** http://127.0.0.1:PORT/{z}/{x}/{y}.png */
  readonly template: string;
  readonly port: number;
  /** Requests by path (`/z/x/y.png`), answered or not. */
  readonly requests: Map<string, number>;
  readonly userAgents: string[];
  /** All requests so far. */
  requestCount(): number;
  /** The PNG it serves for a tile. */
  png(z: number, x: number, y: number): Buffer;
  /** Tiles answered 404 (keys `z/x/y`). */
  readonly missing: Set<string>;
  /** While true, requests are taken and never answered. */
  hang: boolean;
  /** Each answer waits this long (a slow source). */
  delayMs: number;
  /** Requests being answered now, and the most there ever were at once. */
  readonly active: { now: number; most: number };
  /** An answer of the test's own for a path (a wrong type, a huge body), or null for a tile. */
  answer: ((path: string) => { status: number; contentType: string; body: Buffer } | null) | null;
  /** Stops listening and drops every connection: the source is unreachable. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

const TILE = /^\/(\d+)\/(\d+)\/(\d+)\.png$/;

function colour(z: number, x: number, y: number): [number, number, number] {
  return [(x * 53 + z * 17) % 256, (y * 97 + z * 29) % 256, (x * 31 + y * 7 + 128) % 256];
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function startTileServer(): Promise<TileServer> {
  const requests = new Map<string, number>();
  const userAgents: string[] = [];
  const missing = new Set<string>();
  const sockets = new Set<Socket>();
  const png = (z: number, x: number, y: number) => solidPng(colour(z, x, y));

  const active = { now: 0, most: 0 };
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const path = request.url ?? '/';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    userAgents.push(request.headers['user-agent'] ?? '');
    active.now++;
    active.most = Math.max(active.most, active.now);
    response.on('close', () => active.now--);
    if (state.hang) return;
    if (state.delayMs > 0) setTimeout(() => reply(path, response), state.delayMs);
    else reply(path, response);
  };

  const reply = (path: string, response: ServerResponse): void => {
    if (response.destroyed) return;
    const own = state.answer?.(path) ?? null;
    if (own !== null) {
      response.writeHead(own.status, { 'Content-Type': own.contentType }).end(own.body);
      return;
    }
    const match = TILE.exec(path);
    if (match === null || missing.has(`${match[1]}/${match[2]}/${match[3]}`)) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such tile');
      return;
    }
    const body = png(Number(match[1]), Number(match[2]), Number(match[3]));
    response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': body.length });
    response.end(body);
  };

  let server = createServer(handle);
  const track = (s: Server) =>
    s.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  track(server);
  const port = await listen(server, 0);

  const state: TileServer = {
    template: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    port,
    requests,
    userAgents,
    missing,
    hang: false,
    delayMs: 0,
    active,
    answer: null,
    requestCount: () => [...requests.values()].reduce((a, b) => a + b, 0),
    png,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async start() {
      server = createServer(handle);
      track(server);
      await listen(server, port);
    },
  };
  return state;
}

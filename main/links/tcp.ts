// TCP links. `tcp` is a client (SITL listens on 5760, telemetry bridges on
// other ports) that keeps reconnecting with backoff until closed. `tcpin`
// is a server that takes any number of clients: bytes from any of them come
// in, writes go to all of them.
//
// `tcpin` reports `connected` while it listens, as `udpin` does: the link is
// up and ready for clients, and whether a vehicle is among them is for the
// heartbeats above to tell. `write` is false while no client is connected.
// A port it cannot listen on (in use) is retried with backoff, as for `udpin`.

import { createServer, connect, type Server, type Socket } from 'node:net';
import type { ConnectionConfig } from './connection';
import { Retry, type BackoffOptions } from './backoff';
import { describeConnectError, describeListenError, formatEndpoint, sameState } from './errors';
import type { LinkState, Transport, TransportEvents } from './transport';

export interface TcpOptions {
  backoff?: BackoffOptions;
  /** A host that drops our connection attempts silently is given up on after this. */
  connectTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** A peer that stops reading must not make us buffer without bound: writes beyond this fail. */
const MAX_QUEUED_BYTES = 256 * 1024;
/** Probes a silent connection so a peer that vanished (Wi-Fi lost) is noticed and redialled. */
const KEEPALIVE_MS = 5000;

/** Common to both ends: one state, reported on change, nothing after close. */
abstract class TcpTransport<K extends 'tcp' | 'tcpin'> implements Transport {
  protected events: TransportEvents | undefined;
  private state: LinkState | undefined;
  protected readonly retry: Retry;
  protected closing: Promise<void> | undefined;

  constructor(
    readonly config: Extract<ConnectionConfig, { kind: K }>,
    options: TcpOptions,
  ) {
    this.retry = new Retry(options.backoff);
  }

  start(events: TransportEvents): void {
    if (this.events !== undefined) return;
    this.events = events;
    this.open();
  }

  abstract write(bytes: Uint8Array): boolean;

  close(): Promise<void> {
    this.closing ??= this.shutdown().then(() => {
      this.state = { status: 'closed' };
      this.events?.onState(this.state);
    });
    return this.closing;
  }

  protected abstract open(): void;
  protected abstract shutdown(): Promise<void>;

  protected fail(message: string): void {
    if (this.closing !== undefined) return;
    this.report({ status: 'error', message });
    this.retry.schedule(() => this.open());
  }

  protected report(state: LinkState): void {
    if (this.closing !== undefined || sameState(this.state, state)) return;
    this.state = state;
    this.events?.onState(state);
  }
}

export class TcpClientTransport extends TcpTransport<'tcp'> {
  private socket: Socket | undefined;
  private connected = false;
  private readonly connectTimeoutMs: number;

  constructor(config: Extract<ConnectionConfig, { kind: 'tcp' }>, options: TcpOptions = {}) {
    super(config, options);
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  }

  write(bytes: Uint8Array): boolean {
    const socket = this.socket;
    if (socket === undefined || !this.connected || socket.writableLength > MAX_QUEUED_BYTES) {
      return false;
    }
    // Copied: the socket may still hold the bytes after the caller reused its buffer.
    socket.write(Buffer.from(bytes));
    return true;
  }

  protected open(): void {
    if (this.closing !== undefined) return;
    this.report({ status: 'connecting' });
    const { host, port } = this.config;
    const socket = connect({ host, port });
    this.socket = socket;
    this.connected = false;
    let failure: unknown;

    socket.setNoDelay(true);
    socket.setTimeout(this.connectTimeoutMs);
    socket.on('timeout', () => {
      if (!this.connected)
        socket.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    });
    socket.on('connect', () => {
      if (socket !== this.socket) return;
      socket.setTimeout(0);
      socket.setKeepAlive(true, KEEPALIVE_MS);
      this.connected = true;
      this.retry.reset();
      this.report({ status: 'connected' });
    });
    socket.on('data', (data: Buffer) => {
      if (socket === this.socket) this.events?.onData(data);
    });
    socket.on('error', (error) => {
      failure = error;
    });
    socket.on('close', () => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      this.connected = false;
      this.fail(
        failure === undefined
          ? `connection closed by ${formatEndpoint(host, port)}`
          : describeConnectError(failure, host, port),
      );
    });
  }

  protected async shutdown(): Promise<void> {
    this.retry.cancel();
    const socket = this.socket;
    this.socket = undefined;
    this.connected = false;
    if (socket === undefined || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }
}

export class TcpServerTransport extends TcpTransport<'tcpin'> {
  private server: Server | undefined;
  private listening = false;
  private readonly clients = new Set<Socket>();

  constructor(config: Extract<ConnectionConfig, { kind: 'tcpin' }>, options: TcpOptions = {}) {
    super(config, options);
  }

  /** Clients connected now. */
  get clientCount(): number {
    return this.clients.size;
  }

  write(bytes: Uint8Array): boolean {
    if (!this.listening) return false;
    // One copy for all clients: sockets may hold it after the caller reused its buffer.
    let copy: Buffer | undefined;
    let sent = false;
    for (const client of this.clients) {
      if (client.writableLength > MAX_QUEUED_BYTES) continue;
      copy ??= Buffer.from(bytes);
      client.write(copy);
      sent = true;
    }
    return sent;
  }

  protected open(): void {
    if (this.closing !== undefined) return;
    this.report({ status: 'connecting' });
    const { host, port } = this.config;
    const server = createServer((client) => this.accept(client));
    this.server = server;
    server.on('listening', () => {
      // Closed while the host name was being resolved: do not stay bound.
      if (server !== this.server) return void server.close();
      this.listening = true;
      this.retry.reset();
      this.report({ status: 'connected' });
    });
    server.on('error', (error) => {
      if (server !== this.server) return;
      const message = describeListenError(error, host, port);
      this.server = undefined;
      this.listening = false;
      server.close();
      this.fail(message);
    });
    server.listen(port, host);
  }

  private accept(client: Socket): void {
    if (this.closing !== undefined) {
      client.destroy();
      return;
    }
    client.setNoDelay(true);
    client.setKeepAlive(true, KEEPALIVE_MS);
    this.clients.add(client);
    this.events?.onPeer?.();
    client.on('data', (data: Buffer) => this.events?.onData(data));
    // A client that resets only leaves; the server stays up for the others.
    client.on('error', () => undefined);
    client.on('close', () => this.clients.delete(client));
  }

  protected async shutdown(): Promise<void> {
    this.retry.cancel();
    const server = this.server;
    this.server = undefined;
    this.listening = false;
    for (const client of this.clients) client.destroy();
    this.clients.clear();
    if (server === undefined || !server.listening) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

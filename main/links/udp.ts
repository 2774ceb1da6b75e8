// UDP links. `udpin` listens (the usual GCS side of 14550: a vehicle or a
// router sends to us) and replies to whoever spoke last; `udpout` sends to a
// fixed peer from an ephemeral port and hears that peer's replies there.
//
// `connected` means the socket is bound and can receive: UDP has no
// connection, so whether a vehicle is out there is for the heartbeats above
// to tell. A socket that cannot bind (port in use) or a host that does not
// resolve becomes an error state and is retried with backoff, so closing
// the other program that held the port is enough to get the link up.

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import type { ConnectionConfig } from './connection';
import { Retry, type BackoffOptions } from './backoff';
import { describeConnectError, describeListenError, sameState } from './errors';
import type { LinkState, Transport, TransportEvents } from './transport';

export type UdpConfig = Extract<ConnectionConfig, { kind: 'udpin' | 'udpout' }>;

/**
 * Room for what arrives while the event loop is busy: 4 MiB holds seconds
 * of 10,000 frames/s, where the usual 208 KiB (Linux) holds about a fifth
 * of a second and a longer pause drops datagrams in the kernel. The system
 * may cap it (Linux: net.core.rmem_max); the socket then gets that much.
 */
export const DEFAULT_RECV_BUFFER_BYTES = 4 * 1024 * 1024;

export interface UdpOptions {
  backoff?: BackoffOptions;
  /** The socket's receive buffer (SO_RCVBUF) in bytes. Default DEFAULT_RECV_BUFFER_BYTES. */
  recvBufferSize?: number;
}

interface Peer {
  readonly address: string;
  readonly port: number;
}

export class UdpTransport implements Transport {
  private events: TransportEvents | undefined;
  private state: LinkState | undefined;
  private socket: Socket | undefined;
  private bound = false;
  /** udpin: the last peer heard; udpout: the configured peer once resolved. */
  private peer: Peer | undefined;
  private readonly retry: Retry;
  private readonly recvBufferSize: number;
  private closing: Promise<void> | undefined;

  constructor(
    readonly config: UdpConfig,
    options: UdpOptions = {},
  ) {
    this.retry = new Retry(options.backoff);
    this.recvBufferSize = options.recvBufferSize ?? DEFAULT_RECV_BUFFER_BYTES;
  }

  start(events: TransportEvents): void {
    if (this.events !== undefined) return;
    this.events = events;
    void this.open();
  }

  write(bytes: Uint8Array): boolean {
    const socket = this.socket;
    const peer = this.peer;
    if (socket === undefined || !this.bound || peer === undefined) return false;
    // Copied: the datagram may leave after the caller has reused its buffer.
    socket.send(Buffer.from(bytes), peer.port, peer.address, (error) => {
      if (socket !== this.socket) return;
      // UDP has no connection to lose: a failed send (network down) is shown
      // until a send or a datagram gets through again.
      this.report(
        error
          ? { status: 'error', message: describeConnectError(error, peer.address, peer.port) }
          : { status: 'connected' },
      );
    });
    return true;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.retry.cancel();
    const socket = this.socket;
    this.drop();
    if (socket !== undefined) await new Promise<void>((resolve) => socket.close(() => resolve()));
    this.state = { status: 'closed' };
    this.events?.onState(this.state);
  }

  private async open(): Promise<void> {
    this.report({ status: 'connecting' });
    const { host, port } = this.config;
    let address: string;
    let family: number;
    try {
      ({ address, family } = await lookup(host));
    } catch (error) {
      this.fail(describeListenError(error, host, port));
      return;
    }
    if (this.closing !== undefined) return;

    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    this.socket = socket;
    socket.on('message', (data: Buffer, from: RemoteInfo) => this.receive(socket, data, from));
    socket.on('error', (error) => {
      if (socket !== this.socket) return;
      const message = this.bound
        ? describeConnectError(error, host, port)
        : describeListenError(error, host, port);
      this.drop();
      socket.close();
      this.fail(message);
    });
    socket.on('listening', () => {
      if (socket !== this.socket) return;
      try {
        socket.setRecvBufferSize(this.recvBufferSize);
      } catch {
        // Refused (above the system's limit on some systems): the default size still works.
      }
      this.bound = true;
      this.retry.reset();
      this.report({ status: 'connected' });
    });
    if (this.config.kind === 'udpin') {
      socket.bind(port, address);
    } else {
      this.peer = { address, port };
      socket.bind(0);
    }
  }

  private receive(socket: Socket, data: Buffer, from: RemoteInfo): void {
    if (socket !== this.socket) return;
    if (this.config.kind === 'udpin') {
      const peer = this.peer;
      if (peer === undefined || peer.port !== from.port || peer.address !== from.address) {
        this.peer = { address: from.address, port: from.port };
      }
    }
    if (this.state?.status === 'error') this.report({ status: 'connected' });
    this.events?.onData(data);
  }

  /** Forgets the current socket; its late events are ignored. */
  private drop(): void {
    this.socket?.removeAllListeners('message');
    this.socket = undefined;
    this.bound = false;
    this.peer = undefined;
  }

  private fail(message: string): void {
    if (this.closing !== undefined) return;
    this.report({ status: 'error', message });
    this.retry.schedule(() => void this.open());
  }

  private report(state: LinkState): void {
    if (this.closing !== undefined) return;
    if (sameState(this.state, state)) return;
    this.state = state;
    this.events?.onState(state);
  }
}

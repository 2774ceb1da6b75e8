// The headless host's WebSocket sessions (main/api/session.ts, step 3): a
// socket proves its token in its first message, then carries the contract's
// packets as JSON text frames, and gets every event the core pushes.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ErrorPacket, EventPacket, ResultPacket } from '../../main/api/contract';
import {
  AUTH_OK,
  AUTH_PACKET,
  CLOSE_INTERRUPTED,
  CLOSE_UNAUTHORIZED,
} from '../../main/api/session';
import type { Credentials } from './credentials';

/** What the host needs of the Api service (main/api/service.ts). */
export interface HostedService {
  handle(raw: unknown): Promise<ResultPacket | ErrorPacket>;
  subscribe(listener: (event: EventPacket) => void): () => void;
}

export interface SessionLimits {
  /** Time a socket has to send its token. */
  authTimeoutMs: number;
  /** Largest frame accepted; a bigger one closes the socket (1009). */
  maxFrameBytes: number;
  /**
   * Bytes queued for a socket that is not reading. A client past it (a
   * sleeping tablet, a stuck tab) is dropped rather than buffered without end.
   */
  maxBufferedBytes: number;
  /** How long a closing socket gets to say goodbye before it is cut. */
  closeGraceMs: number;
}

export const DEFAULT_LIMITS: SessionLimits = {
  authTimeoutMs: 5000,
  maxFrameBytes: 64 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  closeGraceMs: 1000,
};

/** The close code for a frame type the session does not speak (RFC 6455). */
const CLOSE_UNSUPPORTED_DATA = 1003;

function errorPacket(packetId: string | null, message: string): ErrorPacket {
  return { packetId, packetType: 'service.error', message };
}

function packetIdOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { packetId?: unknown }).packetId;
  return typeof id === 'string' ? id : null;
}

export class SessionHub {
  private readonly wss: WebSocketServer;
  /** Each authenticated socket with the way to end its event subscription. */
  private readonly authenticated = new Map<WebSocket, () => void>();
  /** The last event and its JSON: every socket gets the same object, serialised once. */
  private lastEvent: EventPacket | undefined;
  private lastEventText = '';
  private closing = false;

  constructor(
    private readonly service: HostedService,
    private readonly credentials: Credentials,
    private readonly limits: SessionLimits = DEFAULT_LIMITS,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.maxFrameBytes,
      perMessageDeflate: false,
    });
    this.wss.on('connection', (ws) => this.accept(ws));
  }

  /** Sockets that have proved their token. */
  get sessionCount(): number {
    return this.authenticated.size;
  }

  /** Takes over an HTTP upgrade already checked for path and origin. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws));
  }

  /**
   * Ends every session: each authenticated socket gets a `service.interrupt`
   * with the reason, then every socket is closed with CLOSE_INTERRUPTED.
   */
  async close(reason: string): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const unsubscribe of this.authenticated.values()) unsubscribe();
    const interrupt: EventPacket<'service.interrupt'> = {
      packetType: 'service.interrupt',
      reason,
    };
    const text = JSON.stringify(interrupt);
    const sockets = [...this.wss.clients];
    const closed = sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          ws.once('close', () => resolve());
        }),
    );
    for (const ws of sockets) {
      if (this.authenticated.has(ws)) this.send(ws, text);
      ws.close(CLOSE_INTERRUPTED, closeReason(reason));
    }
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.limits.closeGraceMs);
    });
    await Promise.race([Promise.all(closed), grace]);
    clearTimeout(timer);
    for (const ws of this.wss.clients) ws.terminate();
    this.authenticated.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    const timer = setTimeout(
      () => ws.close(CLOSE_UNAUTHORIZED, 'no session token in time'),
      this.limits.authTimeoutMs,
    );
    // ws closes the socket itself on a protocol error (1009 for a frame too big, ...).
    ws.on('error', () => {});
    ws.on('close', () => {
      clearTimeout(timer);
      this.forget(ws);
    });
    ws.on('message', (data, isBinary) => {
      if (!this.authenticated.has(ws)) {
        clearTimeout(timer);
        this.authenticate(ws, data, isBinary);
        return;
      }
      if (isBinary) {
        ws.close(CLOSE_UNSUPPORTED_DATA, 'only JSON text frames are accepted');
        return;
      }
      void this.request(ws, data);
    });
  }

  private authenticate(ws: WebSocket, data: RawData, isBinary: boolean): void {
    let message: unknown;
    try {
      message = isBinary ? undefined : JSON.parse(rawText(data));
    } catch {
      message = undefined;
    }
    const packet = (typeof message === 'object' && message !== null ? message : {}) as {
      packetType?: unknown;
      token?: unknown;
    };
    if (
      this.closing ||
      packet.packetType !== AUTH_PACKET ||
      !this.credentials.isValidToken(packet.token)
    ) {
      ws.close(CLOSE_UNAUTHORIZED, 'a valid session token is required');
      return;
    }
    this.send(ws, JSON.stringify({ packetType: AUTH_OK }));
    // Subscribing per socket gives each new one the current state at once.
    this.authenticated.set(
      ws,
      this.service.subscribe((event) => this.send(ws, this.eventText(event))),
    );
  }

  private forget(ws: WebSocket): void {
    this.authenticated.get(ws)?.();
    this.authenticated.delete(ws);
  }

  private async request(ws: WebSocket, data: RawData): Promise<void> {
    let packet: unknown;
    try {
      packet = JSON.parse(rawText(data));
    } catch {
      this.send(ws, JSON.stringify(errorPacket(null, 'the message is not valid JSON')));
      return;
    }
    let answer: ResultPacket | ErrorPacket;
    try {
      answer = await this.service.handle(packet);
    } catch (error) {
      // The service answers failures itself; this is the last line of defence.
      answer = errorPacket(
        packetIdOf(packet),
        error instanceof Error ? error.message : String(error),
      );
    }
    this.send(ws, JSON.stringify(answer));
  }

  private eventText(event: EventPacket): string {
    if (event !== this.lastEvent) {
      this.lastEvent = event;
      this.lastEventText = JSON.stringify(event);
    }
    return this.lastEventText;
  }

  private send(ws: WebSocket, text: string): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > this.limits.maxBufferedBytes) {
      // The client stopped reading; holding more for it would only grow memory.
      this.forget(ws);
      ws.terminate();
      return;
    }
    ws.send(text);
  }
}

/** A close frame's reason is at most 123 bytes of UTF-8: shortened by whole characters. */
export function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = [...reason].slice(0, -1).join('');
  return reason;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

// The headless host's WebSocket sessions (protocol/session.ts): a socket
// proves its session in its first message, then carries the contract's
// packets as JSON text frames, and gets every event the core pushes. A
// local session (the one-time code) sends packets as they are; a remote
// one (the handshake) seals every frame both ways, and its role decides
// which requests it may make.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ErrorPacket, EventPacket, ResultPacket } from '../../protocol/contract';
import { errorPacket, packetIdOf } from '../../protocol/packets';
import { refusal } from '../../protocol/roles';
import {
  AUTH_OK,
  AUTH_PACKET,
  CLOSE_INTERRUPTED,
  CLOSE_REPLACED,
  CLOSE_UNAUTHORIZED,
  CONTROL_ROLE,
  type SessionRole,
} from '../../protocol/session';
import type { Credentials } from './credentials';
import type { RemoteAuth, RemoteSession } from './remote-auth';

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
  // A whole mission upload (up to 65,535 items, ~200 bytes each as JSON) is one request.
  maxFrameBytes: 16 * 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  closeGraceMs: 1000,
};

/** The close code for a frame type the session does not speak (RFC 6455). */
const CLOSE_UNSUPPORTED_DATA = 1003;

/** An authenticated socket: its event subscription, its role, its remote session if any. */
interface Attachment {
  unsubscribe: () => void;
  role: SessionRole;
  remote: RemoteSession | null;
}

export interface SessionAuthorities {
  /** One-time codes and their tokens; null where they are not offered (a network address). */
  credentials: Credentials | null;
  /** The handshake's sessions; null when the operator gave no secrets. */
  remote: RemoteAuth | null;
}

export class SessionHub {
  private readonly wss: WebSocketServer;
  private readonly authenticated = new Map<WebSocket, Attachment>();
  /** The socket that carries each remote session now. */
  private readonly remoteSockets = new Map<RemoteSession, WebSocket>();
  private readonly credentials: Credentials | null;
  private readonly remote: RemoteAuth | null;
  /** The last event and its JSON: every socket gets the same object, serialised once. */
  private lastEvent: EventPacket | undefined;
  private lastEventText = '';
  private closing = false;

  constructor(
    private readonly service: HostedService,
    authorities: SessionAuthorities,
    private readonly limits: SessionLimits = DEFAULT_LIMITS,
  ) {
    this.credentials = authorities.credentials;
    this.remote = authorities.remote;
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.maxFrameBytes,
      perMessageDeflate: false,
    });
    this.wss.on('connection', (ws) => this.accept(ws));
    this.remote?.onEnd((session, reason) => this.interruptRemote(session, reason));
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
    for (const attachment of this.authenticated.values()) attachment.unsubscribe();
    const text = interruptText(reason);
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
    for (const session of this.remoteSockets.keys()) session.connected = false;
    this.remoteSockets.clear();
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
      const attachment = this.authenticated.get(ws);
      if (attachment === undefined) {
        clearTimeout(timer);
        this.authenticate(ws, data, isBinary);
        return;
      }
      if (attachment.remote !== null) {
        this.remoteFrame(ws, attachment, attachment.remote, data, isBinary);
        return;
      }
      if (isBinary) {
        ws.close(CLOSE_UNSUPPORTED_DATA, 'only JSON text frames are accepted');
        return;
      }
      let packet: unknown;
      try {
        packet = JSON.parse(rawText(data));
      } catch {
        this.send(ws, JSON.stringify(errorPacket(null, 'the message is not valid JSON')));
        return;
      }
      void this.request(ws, attachment, packet);
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
      time?: unknown;
      signature?: unknown;
    };
    if (this.closing || packet.packetType !== AUTH_PACKET) {
      ws.close(CLOSE_UNAUTHORIZED, 'a valid session token is required');
      return;
    }
    if ('time' in packet || 'signature' in packet) {
      // A remote session's proof: token, time, signature (protocol/session.ts, B 4).
      const proof = this.remote?.prove(packet.token, packet.time, packet.signature);
      if (proof === undefined || !proof.ok) {
        ws.close(CLOSE_UNAUTHORIZED, closeReason(proof?.reason ?? 'remote sessions are off'));
        return;
      }
      this.attachRemote(ws, proof.session);
      return;
    }
    if (this.credentials === null || !this.credentials.isValidToken(packet.token)) {
      ws.close(CLOSE_UNAUTHORIZED, 'a valid session token is required');
      return;
    }
    this.subscribe(ws, CONTROL_ROLE, null);
    this.send(ws, JSON.stringify({ packetType: AUTH_OK }));
  }

  private attachRemote(ws: WebSocket, session: RemoteSession): void {
    const previous = this.remoteSockets.get(session);
    if (previous !== undefined) {
      this.forget(previous);
      previous.close(CLOSE_REPLACED, 'the session continued on another connection');
    }
    this.remoteSockets.set(session, ws);
    session.connected = true;
    this.subscribe(ws, session.role, session);
    this.send(ws, JSON.stringify({ packetType: AUTH_OK, role: session.role }));
  }

  private subscribe(ws: WebSocket, role: SessionRole, remote: RemoteSession | null): void {
    // Subscribing per socket gives each new one the current state at once.
    const attachment: Attachment = { unsubscribe: () => {}, role, remote };
    this.authenticated.set(ws, attachment);
    attachment.unsubscribe = this.service.subscribe((event) =>
      this.send(ws, this.eventText(event)),
    );
  }

  /** A frame on a remote session: sealed, or the session ends. */
  private remoteFrame(
    ws: WebSocket,
    attachment: Attachment,
    session: RemoteSession,
    data: RawData,
    isBinary: boolean,
  ): void {
    if (this.remote === null) return;
    const opened = isBinary
      ? ({ ok: false, reason: 'a binary frame on a sealed session' } as const)
      : session.open(rawText(data));
    if (!opened.ok) {
      this.remote.end(session, opened.reason);
      return;
    }
    this.remote.touch(session);
    void this.request(ws, attachment, opened.packet);
  }

  /** A remote session ended (expiry, DELETE, new keys, a bad frame): its socket hears why. */
  private interruptRemote(session: RemoteSession, reason: string): void {
    const ws = this.remoteSockets.get(session);
    if (ws === undefined) return;
    this.send(ws, interruptText(reason));
    this.forget(ws);
    ws.close(CLOSE_INTERRUPTED, closeReason(reason));
  }

  private forget(ws: WebSocket): void {
    const attachment = this.authenticated.get(ws);
    if (attachment === undefined) return;
    attachment.unsubscribe();
    this.authenticated.delete(ws);
    const session = attachment.remote;
    if (session !== null && this.remoteSockets.get(session) === ws) {
      this.remoteSockets.delete(session);
      session.connected = false;
    }
  }

  private async request(ws: WebSocket, attachment: Attachment, packet: unknown): Promise<void> {
    const refused = refusal(
      attachment.role,
      (packet as { packetType?: unknown } | null)?.packetType,
      attachment.remote !== null,
    );
    if (refused !== null) {
      this.send(ws, JSON.stringify(errorPacket(packetIdOf(packet), refused)));
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

  /**
   * Sends a packet's JSON to an authenticated socket, sealed for a remote
   * session. A socket that is not (or no longer) authenticated gets nothing.
   */
  private send(ws: WebSocket, text: string): void {
    const attachment = this.authenticated.get(ws);
    if (attachment === undefined || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > this.limits.maxBufferedBytes) {
      // The client stopped reading; holding more for it would only grow memory.
      this.forget(ws);
      ws.terminate();
      return;
    }
    ws.send(attachment.remote === null ? text : attachment.remote.seal(text));
  }
}

function interruptText(reason: string): string {
  const interrupt: EventPacket<'service.interrupt'> = { packetType: 'service.interrupt', reason };
  return JSON.stringify(interrupt);
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

// The Api over the headless host's WebSocket, for a browser (no Electron
// preload). The session steps are protocol/session.ts: a one-time code from
// the URL is traded for a token, the token opens the socket, and from
// `session.ready` on the socket carries the contract's packets.

import type {
  EventPacket,
  RequestPayload,
  RequestType,
  Responses,
  SigilApi,
} from '../../protocol/contract';
import {
  AUTH_OK,
  AUTH_PACKET,
  CLOSE_UNAUTHORIZED,
  LOGIN_PATH,
  SESSION_PATH,
} from '../../protocol/session';
import { ApiRequestError, settleAnswer, type Pending } from '../../protocol/answers';
import type { SocketLike } from '../../protocol/socket-like';

export { AUTH_OK, AUTH_PACKET, CLOSE_UNAUTHORIZED, LOGIN_PATH, SESSION_PATH };

/** Where the token waits between page loads of one tab. */
export const TOKEN_KEY = 'sigil.session-token';

export type ConnectionStatus =
  /** With a reason when a dropped connection is being opened again. */
  | { state: 'connecting'; reason?: string }
  | { state: 'ready' }
  /** No code in the URL and no token kept: the sign-in form for remote use. */
  | { state: 'login-needed'; reason: string }
  /** A remote session ended (the host's reason, or sign-out): the sign-in form again. */
  | { state: 'signed-out'; reason: string }
  | { state: 'login-failed'; reason: string }
  | { state: 'disconnected'; reason: string };

export interface WsClientEnvironment {
  location: { protocol: string; host: string; hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url: string): void } | null;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  fetch: (url: string, init: RequestInit) => Promise<Pick<Response, 'status' | 'json'>>;
  createSocket: (url: string) => SocketLike;
}

/** `#otp=CODE` (other hash parameters allowed) -> CODE, else null. */
export function otpFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const otp = params.get('otp');
  return otp !== null && otp !== '' ? otp : null;
}

/** The hash with `otp` taken out ('' when nothing else was in it). */
export function hashWithoutOtp(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.delete('otp');
  const rest = params.toString();
  return rest === '' ? '' : `#${rest}`;
}

export function sessionUrl(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${SESSION_PATH}`;
}

type StatusListener = (status: ConnectionStatus) => void;
type EventListener = (event: EventPacket) => void;

const OPEN = 1;

export class WsClient implements SigilApi {
  private socket: SocketLike | null = null;
  private ready = false;
  private status: ConnectionStatus = { state: 'connecting' };
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly eventListeners = new Set<EventListener>();
  private readonly statusListeners = new Set<StatusListener>();
  /** The reason from `service.interrupt`, shown instead of the close's own. */
  private interruptReason: string | null = null;

  constructor(private readonly env: WsClientEnvironment) {}

  getStatus(): ConnectionStatus {
    return this.status;
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  subscribe(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /**
   * Logs in (a code in the URL, else the kept token) and opens the session.
   * Resolves once the outcome is known; read it from `getStatus()`.
   */
  async connect(): Promise<ConnectionStatus> {
    this.dropSocket('reconnecting');
    this.setStatus({ state: 'connecting' });
    const otp = otpFromHash(this.env.location.hash);
    if (otp !== null) {
      // The code is good once: take it out of the address bar and history right away.
      const { pathname, search, hash } = this.env.location;
      this.env.history?.replaceState(null, '', `${pathname}${search}${hashWithoutOtp(hash)}`);
      const login = await this.login(otp);
      if (login !== null) return this.setStatus({ state: 'login-failed', reason: login });
    }
    const token = this.env.storage?.getItem(TOKEN_KEY) ?? null;
    if (token === null) {
      return this.setStatus({
        state: 'login-needed',
        reason:
          'On the ground station itself, the address that `sigil serve` printed (it ends in #otp=…) signs in at once.',
      });
    }
    return this.openSession(token);
  }

  /** Ends the session from this side. */
  close(): void {
    this.dropSocket();
    this.failPending('the session was closed');
    this.setStatus({ state: 'disconnected', reason: 'you closed the session' });
  }

  request<T extends RequestType>(packetType: T, payload: RequestPayload<T>): Promise<Responses[T]> {
    const socket = this.socket;
    if (socket === null || !this.ready || socket.readyState !== OPEN) {
      return Promise.reject(
        new ApiRequestError(`not connected to Sigil (${describe(this.status)})`),
      );
    }
    const packetId = `r${this.nextId++}`;
    return new Promise<Responses[T]>((resolve, reject) => {
      this.pending.set(packetId, {
        type: packetType,
        resolve: resolve as (value: never) => void,
        reject,
      });
      socket.send(JSON.stringify({ ...payload, packetId, packetType }));
    });
  }

  /** null on success, else why the login failed, in plain words. */
  private async login(otp: string): Promise<string | null> {
    let response: Pick<Response, 'status' | 'json'>;
    try {
      response = await this.env.fetch(LOGIN_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ otp }),
        credentials: 'same-origin',
      });
    } catch (error) {
      return `Could not reach the Sigil host to sign in (${errorText(error)}).`;
    }
    const body = (await response.json().catch(() => ({}))) as { token?: unknown; reason?: unknown };
    if (response.status === 200 && typeof body.token === 'string') {
      this.env.storage?.setItem(TOKEN_KEY, body.token);
      return null;
    }
    if (typeof body.reason === 'string' && body.reason !== '') {
      return `Sign-in failed: ${body.reason.replace(/\.$/, '')}.`;
    }
    return `Sign-in failed (the host answered ${response.status}). A printed address works once and for a few minutes; run \`sigil serve\` again for a new one.`;
  }

  private openSession(token: string): Promise<ConnectionStatus> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (status: ConnectionStatus): void => {
        this.setStatus(status);
        if (!settled) {
          settled = true;
          resolve(status);
        }
      };
      let socket: SocketLike;
      try {
        socket = this.env.createSocket(sessionUrl(this.env.location));
      } catch (error) {
        settle({
          state: 'disconnected',
          reason: `could not open the session (${errorText(error)})`,
        });
        return;
      }
      this.socket = socket;
      this.ready = false;
      this.interruptReason = null;
      socket.onopen = () => socket.send(JSON.stringify({ packetType: AUTH_PACKET, token }));
      socket.onmessage = (event) => {
        if (this.socket !== socket) return;
        const packet = parsePacket(event.data);
        if (packet === null) return;
        if (!this.ready) {
          if (packet.packetType === AUTH_OK) {
            this.ready = true;
            settle({ state: 'ready' });
          }
          return;
        }
        this.handle(packet);
      };
      socket.onerror = () => {
        // The close that follows says what happened.
      };
      socket.onclose = (event) => {
        if (this.socket !== socket) return;
        const wasReady = this.ready;
        this.socket = null;
        this.ready = false;
        const reason = this.closeReason(event, wasReady);
        this.failPending(reason);
        if (event.code === CLOSE_UNAUTHORIZED) {
          this.env.storage?.removeItem(TOKEN_KEY);
          settle({ state: 'login-failed', reason });
        } else {
          settle({ state: 'disconnected', reason });
        }
      };
    });
  }

  private closeReason(event: { code: number; reason: string }, wasReady: boolean): string {
    if (this.interruptReason !== null) return this.interruptReason;
    if (event.code === CLOSE_UNAUTHORIZED) {
      return `The host refused this session${event.reason ? ` (${event.reason})` : ''}. Open a new address from \`sigil serve\` to sign in again.`;
    }
    if (event.reason) return event.reason;
    return wasReady
      ? `the connection to the Sigil host closed (code ${event.code})`
      : `could not reach the Sigil host (code ${event.code})`;
  }

  private handle(packet: Record<string, unknown>): void {
    if (settleAnswer(this.pending, packet)) return;
    const type = packet.packetType;
    const event = packet as unknown as EventPacket;
    for (const listener of this.eventListeners) listener(event);
    if (type === 'service.interrupt') {
      // The host closes the socket next; the session is over already.
      const reason = (packet as { reason?: unknown }).reason;
      const why =
        typeof reason === 'string' && reason !== '' ? reason : 'the host ended the session';
      this.interruptReason = why;
      this.dropSocket();
      this.failPending(why);
      this.setStatus({ state: 'disconnected', reason: why });
    }
  }

  private failPending(reason: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(new ApiRequestError(`disconnected: ${reason}`));
  }

  private dropSocket(why = 'closed by the page'): void {
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    if (socket !== null) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, why);
    }
  }

  private setStatus(status: ConnectionStatus): ConnectionStatus {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
    return status;
  }
}

function parsePacket(data: unknown): Record<string, unknown> | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function describe(status: ConnectionStatus): string {
  if (status.state === 'ready') return status.state;
  return status.reason ?? status.state;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The environment of a real browser page. */
export function browserEnvironment(): WsClientEnvironment {
  let storage: Storage | null = null;
  try {
    storage = window.sessionStorage;
  } catch {
    // Storage can be disabled; the session then lasts until the page reloads.
  }
  return {
    location: window.location,
    history: window.history,
    storage,
    fetch: (url, init) => window.fetch(url, init),
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
  };
}

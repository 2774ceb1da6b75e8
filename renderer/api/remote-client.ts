// The Api over a remote session (protocol/session.ts, part B): a signed-in
// RemoteSession's sealed channel carries the contract's packets. Answers
// are matched by packetId; packets without one are events. The session is
// kept alive while the page is open; a dropped socket is opened again with
// a fresh proof; a session the host ended (service.interrupt), a channel
// whose frames failed their check, or one taken over by another socket
// ends here, with the reason for the sign-in screen.

import type {
  EventPacket,
  RequestPayload,
  RequestType,
  Responses,
  SigilApi,
} from '../../protocol/contract';
import { CLOSE_REPLACED, type SessionRole } from '../../protocol/session';
import {
  TAMPERED,
  type ChannelClose,
  type RemoteChannel,
  type RemoteSession,
} from '../../protocol/remote/client';
import { ApiRequestError, settleAnswer, type Pending } from '../../protocol/answers';

export const REPLACED_REASON = 'this session was opened in another tab';
export const SIGNED_OUT_REASON = 'you signed out';

export type RemoteStatus =
  | { state: 'ready' }
  /** The socket dropped; it is being opened again. */
  | { state: 'reconnecting'; reason: string }
  /** Over for good: sign in again. */
  | { state: 'ended'; reason: string };

/** What RemoteApi needs of a session (RemoteSession, or a stand-in in tests). */
export type SessionLike = Pick<RemoteSession, 'role' | 'timeoutMs' | 'connect' | 'check' | 'end'>;

export interface RemoteApiOptions {
  /** Default: a third of the session timeout, so two keep-alives may go missing. */
  keepAliveMs?: number;
  /** The longest wait between reconnect attempts. */
  maxBackoffMs?: number;
  /** How long Sign out waits for the host's service.interrupt before ending anyway. */
  signOutWaitMs?: number;
}

type Packet = Record<string, unknown>;

export class RemoteApi implements SigilApi {
  private channel: RemoteChannel | null = null;
  private status: RemoteStatus = { state: 'reconnecting', reason: 'opening the session' };
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly eventListeners = new Set<(event: EventPacket) => void>();
  private readonly statusListeners = new Set<(status: RemoteStatus) => void>();
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;
  private readonly keepAliveMs: number;
  private readonly maxBackoffMs: number;
  private readonly signOutWaitMs: number;

  constructor(
    private readonly session: SessionLike,
    options: RemoteApiOptions = {},
  ) {
    this.keepAliveMs = options.keepAliveMs ?? Math.max(1000, Math.floor(session.timeoutMs / 3));
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.signOutWaitMs = options.signOutWaitMs ?? 3000;
  }

  get role(): SessionRole {
    return this.session.role;
  }

  getStatus(): RemoteStatus {
    return this.status;
  }

  onStatus(listener: (status: RemoteStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  subscribe(listener: (event: EventPacket) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Opens the channel and starts the keep-alive; rejects (RemoteError) when the host refuses. */
  async start(): Promise<void> {
    await this.open();
    this.keepAlive = setInterval(() => this.ping(), this.keepAliveMs);
  }

  request<T extends RequestType>(packetType: T, payload: RequestPayload<T>): Promise<Responses[T]> {
    const channel = this.channel;
    if (channel === null || this.status.state !== 'ready') {
      const why = this.status.state === 'ready' ? 'not connected' : this.status.reason;
      return Promise.reject(new ApiRequestError(`not connected to Sigil (${why})`));
    }
    const packetId = `r${this.nextId++}`;
    return new Promise<Responses[T]>((resolve, reject) => {
      this.pending.set(packetId, {
        type: packetType,
        resolve: resolve as (value: never) => void,
        reject,
      });
      void channel.send({ ...payload, packetId, packetType }).then((sent) => {
        if (!sent) this.settleFailed(packetId, 'the connection closed before the request left');
      });
    });
  }

  /**
   * DELETE /api/session: the host ends the session and says so on the
   * socket (service.interrupt), whose reason then ends this side.
   */
  async signOut(): Promise<void> {
    if (this.status.state === 'ended') return;
    try {
      await this.session.end();
    } catch {
      // Unreachable: the session ends here anyway, and expires there.
    }
    if (this.channel !== null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.signOutWaitMs);
        const off = this.onStatus((s) => {
          if (s.state !== 'ended') return;
          clearTimeout(timer);
          off();
          resolve();
        });
      });
    }
    this.end(SIGNED_OUT_REASON);
  }

  /** Stops everything without a word to the host (the page is going away). */
  close(): void {
    this.end('the page closed the session');
  }

  private async open(): Promise<void> {
    const channel = await this.session.connect((packet) => this.receive(packet));
    if (this.isEnded()) {
      channel.close();
      return;
    }
    this.channel = channel;
    this.attempts = 0;
    const opened = channel;
    void opened.closed.then((close) => this.closed(opened, close));
    this.setStatus({ state: 'ready' });
  }

  private receive(packet: Packet): void {
    if (settleAnswer(this.pending, packet)) return;
    const type = packet.packetType;
    for (const listener of this.eventListeners) listener(packet as unknown as EventPacket);
    if (type === 'service.interrupt') {
      const reason = packet.reason;
      this.end(typeof reason === 'string' && reason !== '' ? reason : 'the host ended the session');
    }
  }

  private closed(channel: RemoteChannel, close: ChannelClose): void {
    if (this.channel !== channel) return;
    this.channel = null;
    if (this.status.state === 'ended') return;
    if (close.interrupted !== undefined) return this.end(close.interrupted);
    if (close.tampered === true) return this.end(TAMPERED);
    if (close.code === CLOSE_REPLACED) return this.end(REPLACED_REASON);
    const reason = `the connection to the host dropped (code ${close.code})`;
    this.failPending(reason);
    this.setStatus({ state: 'reconnecting', reason });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = Math.min(this.maxBackoffMs, 250 * 2 ** this.attempts);
    this.attempts++;
    this.retry = setTimeout(() => void this.reconnect(), delay);
  }

  private async reconnect(): Promise<void> {
    this.retry = undefined;
    if (this.status.state === 'ended') return;
    try {
      await this.open();
    } catch {
      // The socket was refused or did not open: is the session still there?
      const answer = await this.session.check().catch(() => null);
      if (this.isEnded()) return;
      if (answer !== null && answer.status !== 200) {
        this.end(`the session is over (${answer.reason})`);
        return;
      }
      this.scheduleReconnect();
    }
  }

  /** The keep-alive: a proof over HTTP is traffic to the host, and says whether the session lives. */
  private ping(): void {
    if (this.status.state !== 'ready') return;
    void this.session.check().then(
      (answer) => {
        if (answer.status !== 200 && !this.isEnded()) {
          this.end(`the session is over (${answer.reason})`);
        }
      },
      () => {
        // Unreachable for now: the socket's close says more, and the next ping tries again.
      },
    );
  }

  /** A method, so the compiler does not narrow the status across an await. */
  private isEnded(): boolean {
    return this.status.state === 'ended';
  }

  private end(reason: string): void {
    if (this.status.state === 'ended') return;
    clearInterval(this.keepAlive);
    clearTimeout(this.retry);
    const channel = this.channel;
    this.channel = null;
    this.failPending(reason);
    this.setStatus({ state: 'ended', reason });
    channel?.close();
  }

  private settleFailed(packetId: string, reason: string): void {
    const waiting = this.pending.get(packetId);
    if (waiting === undefined) return;
    this.pending.delete(packetId);
    waiting.reject(new ApiRequestError(`disconnected: ${reason}`));
  }

  private failPending(reason: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(new ApiRequestError(`disconnected: ${reason}`));
  }

  private setStatus(status: RemoteStatus): void {
    this.status = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }
}

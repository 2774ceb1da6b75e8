// The client side of remote sessions (protocol/session.ts, part B), for
// the browser's login screen: sign in with the identity key and an
// authorization key, prove the session over HTTP, and carry sealed frames
// on its WebSocket. Framework-free and Node-free: WebCrypto, fetch and a
// WebSocket handed in, so the same code runs in a page and in Node tests.

import {
  AUTH_OK,
  AUTH_PACKET,
  CONTROL_ROLE,
  HANDSHAKE_CONFIG_PATH,
  HANDSHAKE_PATH,
  SESSION_CHECK_PATH,
  SESSION_PATH,
  SIGNATURE_HEADER,
  TIME_HEADER,
  VIEW_ROLE,
  type SessionCheckAnswer,
  type SessionRole,
} from '../session';
import {
  computeKeySignature,
  encryptSecrets,
  exportPublicKey,
  frameMac,
  frameMacMatches,
  generateAgreementKeys,
  generateProofKeys,
  handshakeKey,
  importAgreementKey,
  importMacKey,
  signProof,
  type Key,
} from './crypto';
import { fromBase64Url, randomBytes, toBase64Url } from './encoding';
import {
  IV_BYTES,
  MAX_TOKEN_LENGTH,
  PUBLIC_KEY_BYTES,
  SHARED_KEY_BYTES,
  isClientName,
  parseHandshakeConfig,
  parseSealedFrame,
  sealedFrameText,
} from './protocol';
import { IncreasingMark } from './replay-guard';
import type { SocketLike } from '../socket-like';

export const IDENTITY_MISMATCH =
  'the server could not prove its identity: wrong identity key, or someone in between';
export const TAMPERED =
  "the server's messages failed their check: someone on the network may be altering them";

export interface RemoteHost {
  /** The host's origin, e.g. `http://192.168.1.10:8080` (in a page: `location.origin`). */
  baseUrl: string;
  /** In a page `(url) => new WebSocket(url)`; in Node, the `ws` package's WebSocket. */
  openSocket(url: string): SocketLike;
  fetch?: typeof globalThis.fetch;
  /** The local clock, in milliseconds (tests). */
  now?: () => number;
}

export interface SignInOptions {
  identityKey: string;
  /** The authorization key (control) or the view key (watch only). */
  authKey: string;
  /** Shown to the operator; at most 64 characters. */
  clientName?: string;
}

export type RemoteErrorKind = 'identity' | 'refused' | 'rate-limited' | 'unreachable' | 'protocol';

export class RemoteError extends Error {
  override readonly name = 'RemoteError';

  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
    /** For 'rate-limited': when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** How a channel ended. */
export interface ChannelClose {
  code: number;
  reason: string;
  /** The reason of the host's `service.interrupt`, when it ended the session. */
  interrupted?: string;
  /** A frame from the host failed its check; this side closed the socket. */
  tampered?: boolean;
}

type Packet = Record<string, unknown>;

const OPEN = 1;
/** Close code this side uses for frames that failed their check (policy violation). */
const CLOSE_POLICY = 1008;

/** How far the local clock may be off before the host's Date header is trusted instead. */
const CLOCK_TOLERANCE_MS = 2000;

async function call(
  host: RemoteHost,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: unknown; headers: { get(name: string): string | null } }> {
  const fetcher = host.fetch ?? globalThis.fetch;
  let response: Awaited<ReturnType<typeof fetcher>>;
  try {
    response = await fetcher(new URL(path, host.baseUrl).href, {
      method,
      headers: init.headers ?? {},
      ...(init.body === undefined ? {} : { body: init.body }),
      credentials: 'omit',
    });
  } catch (error) {
    throw new RemoteError(
      'unreachable',
      `cannot reach ${host.baseUrl}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return { status: response.status, body, headers: response.headers };
}

function reasonOf(body: unknown, fallback: string): string {
  const reason = (body as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' && reason !== '' ? reason : fallback;
}

/**
 * How far the host's clock is ahead of ours, from its Date header (whole
 * seconds), when ours is off by more than a couple of seconds: a tablet's
 * clock can be minutes wrong, and proofs must be within 30 s of the host's.
 */
function clockOffset(date: string | null, localNow: number): number {
  if (date === null) return 0;
  const hostNow = Date.parse(date);
  if (Number.isNaN(hostNow)) return 0;
  const offset = hostNow + 500 - localNow;
  return Math.abs(offset) > CLOCK_TOLERANCE_MS ? offset : 0;
}

/**
 * Signs in: checks the host's identity first (nothing secret is sent to a
 * host that cannot prove it), then hands over the authorization key and a
 * fresh shared key, encrypted to the host's key.
 */
export async function signIn(host: RemoteHost, options: SignInOptions): Promise<RemoteSession> {
  const now = host.now ?? Date.now;
  const clientName = options.clientName ?? '';
  if (!isClientName(clientName)) {
    throw new RangeError('clientName: at most 64 characters, without control characters');
  }

  const answer = await call(host, 'GET', HANDSHAKE_CONFIG_PATH);
  if (answer.status === 404) {
    throw new RemoteError('refused', reasonOf(answer.body, 'this host takes no remote sign-ins'));
  }
  const config = answer.status === 200 ? parseHandshakeConfig(answer.body) : null;
  if (config === null) {
    throw new RemoteError(
      'protocol',
      `the host answered ${answer.status} to ${HANDSHAKE_CONFIG_PATH}`,
    );
  }
  const serverKey = fromBase64Url(config.publicKey, PUBLIC_KEY_BYTES)!;
  if ((await computeKeySignature(options.identityKey, serverKey)) !== config.keySignature) {
    throw new RemoteError('identity', IDENTITY_MISMATCH);
  }
  const offset = clockOffset(answer.headers.get('date'), now());

  let serverPublic: Key;
  try {
    serverPublic = await importAgreementKey(serverKey);
  } catch {
    throw new RemoteError('protocol', "the host's public key is not a P-256 point");
  }
  const agreement = await generateAgreementKeys();
  const proofKeys = await generateProofKeys();
  const clientKey = await exportPublicKey(agreement.publicKey);
  const verifyKey = await exportPublicKey(proofKeys.publicKey);
  const key = await handshakeKey(agreement.privateKey, serverPublic, clientKey, serverKey);
  const iv = randomBytes(IV_BYTES);
  const shared = randomBytes(SHARED_KEY_BYTES);
  const ciphertext = await encryptSecrets(key, iv, verifyKey, {
    authKey: options.authKey,
    sharedKey: toBase64Url(shared),
    clientName,
  });

  const reply = await call(host, 'POST', HANDSHAKE_PATH, {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      clientKey: toBase64Url(clientKey),
      verifyKey: toBase64Url(verifyKey),
      iv: toBase64Url(iv),
      ciphertext: toBase64Url(ciphertext),
    }),
  });
  if (reply.status === 429) {
    const retry = Number(reply.headers.get('retry-after'));
    throw new RemoteError(
      'rate-limited',
      reasonOf(reply.body, 'too many wrong keys: wait before trying again'),
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  if (reply.status === 403 || reply.status === 503) {
    throw new RemoteError('refused', reasonOf(reply.body, 'the host refused the sign-in'));
  }
  const body = reply.body as { token?: unknown; role?: unknown } | undefined;
  const token = body?.token;
  const role = body?.role;
  if (
    reply.status !== 200 ||
    typeof token !== 'string' ||
    token.length > MAX_TOKEN_LENGTH ||
    (role !== CONTROL_ROLE && role !== VIEW_ROLE)
  ) {
    throw new RemoteError('protocol', `the host answered ${reply.status} to ${HANDSHAKE_PATH}`);
  }
  return new RemoteSession(host, {
    token,
    role,
    timeoutMs: config.timeout,
    proofKey: proofKeys.privateKey,
    macKey: await importMacKey(shared),
    clockOffsetMs: offset,
  });
}

interface SessionSecrets {
  token: string;
  role: SessionRole;
  timeoutMs: number;
  proofKey: Key;
  macKey: Key;
  clockOffsetMs: number;
}

/** A signed-in session: proofs, the HTTP checks, and its WebSocket channel. */
export class RemoteSession {
  readonly token: string;
  readonly role: SessionRole;
  /** The host ends the session after this long without traffic from here. */
  readonly timeoutMs: number;
  /** How far the host's clock is ahead of this one (0 when they agree). */
  readonly clockOffsetMs: number;
  private readonly proofKey: Key;
  /** @internal HMAC key of the sealed frames (the shared key; WebCrypto will not export it). */
  readonly macKey: Key;
  private lastTime = -1;
  /** Proofs are used one at a time, in the order they were made. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Sealed frames' counters: per session, across its sockets. */
  private sentSeq = 0;
  private readonly received = new IncreasingMark();
  private current: RemoteChannel | null = null;

  constructor(
    private readonly host: RemoteHost,
    secrets: SessionSecrets,
  ) {
    this.token = secrets.token;
    this.role = secrets.role;
    this.timeoutMs = secrets.timeoutMs;
    this.clockOffsetMs = secrets.clockOffsetMs;
    this.proofKey = secrets.proofKey;
    this.macKey = secrets.macKey;
  }

  /** A fresh proof: the host's time as best known here, always above the last one. */
  async proof(): Promise<{ time: number; signature: string }> {
    const now = Math.floor((this.host.now ?? Date.now)() + this.clockOffsetMs);
    const time = Math.max(now, this.lastTime + 1);
    this.lastTime = time;
    return { time, signature: await signProof(this.proofKey, this.token, time) };
  }

  /** The headers of an HTTP request that proves this session. */
  async proofHeaders(): Promise<Record<string, string>> {
    const { time, signature } = await this.proof();
    return {
      Authorization: `Bearer ${this.token}`,
      [TIME_HEADER]: String(time),
      [SIGNATURE_HEADER]: signature,
    };
  }

  /** GET /api/session/check: whether the host still holds this session (200, 401 or 404). */
  check(): Promise<SessionCheckAnswer> {
    return this.serially(() => this.proven('GET', SESSION_CHECK_PATH));
  }

  /** DELETE /api/session: ends the session; its socket gets a service.interrupt. */
  end(): Promise<SessionCheckAnswer> {
    return this.serially(() => this.proven('DELETE', SESSION_PATH));
  }

  /**
   * Opens the session's WebSocket and proves it; resolves once the host's
   * sealed `session.ready` checked out. `onPacket` gets every packet after
   * it (answers, events, the final `service.interrupt`). A second channel
   * replaces the first: the host closes the older socket.
   */
  connect(onPacket: (packet: Packet) => void): Promise<RemoteChannel> {
    return this.serially(() => {
      const url = new URL(SESSION_PATH, this.host.baseUrl);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      const channel = new RemoteChannel(this, this.host.openSocket(url.href), onPacket);
      this.current = channel;
      return channel.ready;
    });
  }

  /** @internal The next outgoing seq. */
  nextSeq(): number {
    return ++this.sentSeq;
  }

  /** @internal Whether an incoming seq is new (the MAC is checked by the caller). */
  isFreshSeq(seq: number): boolean {
    return this.received.isFresh(seq);
  }

  /** @internal Records an incoming seq whose frame checked out. */
  acceptSeq(seq: number): void {
    this.received.accept(seq);
  }

  /** @internal Whether `channel` is the session's newest. */
  isCurrent(channel: RemoteChannel): boolean {
    return this.current === channel;
  }

  private async proven(method: string, path: string): Promise<SessionCheckAnswer> {
    const answer = await call(this.host, method, path, { headers: await this.proofHeaders() });
    if (answer.status === 200) return { status: 200, role: this.role };
    if (answer.status === 401 || answer.status === 404) {
      return { status: answer.status, reason: reasonOf(answer.body, 'refused') };
    }
    throw new RemoteError('protocol', `the host answered ${answer.status} to ${method} ${path}`);
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** A session's WebSocket: sealed frames out, checked frames in, in order both ways. */
export class RemoteChannel {
  /** Resolves with this channel once the host accepted the proof; rejects if it did not. */
  readonly ready: Promise<RemoteChannel>;
  /** Resolves once, when the socket is closed. */
  readonly closed: Promise<ChannelClose>;
  private isReady = false;
  private interrupted: string | undefined;
  private tampered = false;
  private sending: Promise<unknown> = Promise.resolve();
  private receiving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly session: RemoteSession,
    private readonly socket: SocketLike,
    private readonly onPacket: (packet: Packet) => void,
  ) {
    let ready!: (channel: RemoteChannel) => void;
    let fail!: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      ready = resolve;
      fail = reject;
    });
    this.closed = new Promise((resolve) => {
      socket.onclose = (event) => {
        // Frames that came before the close are still being checked: their
        // verdicts (the interrupt's reason above all) belong to this close.
        void this.receiving.then(() => {
          const close: ChannelClose = { code: event.code, reason: event.reason };
          if (this.interrupted !== undefined) close.interrupted = this.interrupted;
          if (this.tampered) close.tampered = true;
          if (!this.isReady) {
            const detail = event.reason ? `: ${event.reason}` : '';
            fail(
              this.tampered
                ? new RemoteError('protocol', TAMPERED)
                : new RemoteError(
                    'refused',
                    `the host refused the session socket (${event.code}${detail})`,
                  ),
            );
          }
          resolve(close);
        });
      };
    });
    socket.onerror = () => {
      // A close event follows, with the code.
    };
    socket.onopen = () => {
      void session.proof().then(({ time, signature }) => {
        if (socket.readyState !== OPEN) return;
        socket.send(
          JSON.stringify({ packetType: AUTH_PACKET, token: session.token, time, signature }),
        );
      });
    };
    socket.onmessage = (event) => {
      this.receiving = this.receiving
        .then(() => this.receive(event.data, ready))
        .catch(() => this.fail('a frame could not be checked'));
    };
  }

  get role(): SessionRole {
    return this.session.role;
  }

  /** Seals and sends a packet; resolves false when the socket was no longer open. */
  send(packet: object): Promise<boolean> {
    const seq = this.session.nextSeq();
    const json = JSON.stringify(packet);
    const sent = this.sending.then(async () => {
      const mac = await frameMac(this.session.macKey, 'c2s', seq, json);
      if (this.socket.readyState !== OPEN) return false;
      this.socket.send(sealedFrameText(mac, seq, json));
      return true;
    });
    this.sending = sent.catch(() => false);
    return sent;
  }

  close(): void {
    this.socket.close(1000, 'closed by the client');
  }

  private async receive(data: unknown, ready: (channel: RemoteChannel) => void): Promise<void> {
    if (this.tampered || !this.session.isCurrent(this)) return;
    const frame = typeof data === 'string' ? parseSealedFrame(data) : null;
    const good =
      frame !== null &&
      this.session.isFreshSeq(frame.seq) &&
      (await frameMacMatches(this.session.macKey, 's2c', frame.seq, frame.packetJson, frame.mac));
    if (!good || frame === null) return this.fail('a frame failed its check');
    this.session.acceptSeq(frame.seq);
    const { packet } = frame;
    if (!this.isReady) {
      if (packet.packetType !== AUTH_OK || packet.role !== this.session.role) {
        return this.fail('the first frame was not session.ready for this role');
      }
      this.isReady = true;
      ready(this);
      return;
    }
    if (packet.packetType === 'service.interrupt' && typeof packet.reason === 'string') {
      this.interrupted = packet.reason;
    }
    try {
      this.onPacket(packet);
    } catch (error) {
      // The listener's own failure: reported, without stopping the frames after it.
      setTimeout(() => {
        throw error;
      });
    }
  }

  private fail(reason: string): void {
    this.tampered = true;
    this.socket.close(CLOSE_POLICY, reason);
  }
}

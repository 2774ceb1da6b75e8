// The host's side of remote sessions (protocol/session.ts, part B): its
// key pair and key signature, the handshake, the sessions it opened, their
// proofs, their sealed frames, and their end (expiry, DELETE, key change,
// shutdown).
//
// Proofs and frame MACs are checked synchronously with node:crypto, so the
// check of a time or seq and its recording happen with nothing in between.

import {
  createHash,
  createHmac,
  KeyObject,
  randomBytes,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import { systemClock, unrefTimer, type Clock, type TimerHandle } from '../../main/clock';
import {
  CONTROL_ROLE,
  PROOF_WINDOW_MS,
  REASON_EXPIRED,
  REASON_KEYS_CHANGED,
  VIEW_ROLE,
  type HandshakeConfig,
  type SessionRole,
} from '../../protocol/session';
import {
  computeKeySignature,
  decryptSecrets,
  exportPublicKey,
  generateAgreementKeys,
  handshakeKey,
  importAgreementKey,
  importVerifyKey,
  type KeyPair,
} from '../../protocol/remote/crypto';
import { fromBase64Url, toBase64Url } from '../../protocol/remote/encoding';
import {
  MAX_TOKEN_LENGTH,
  SIGNATURE_BYTES,
  frameMacText,
  parseHandshakeRequest,
  parseHandshakeSecrets,
  parseProofTime,
  parseSealedFrame,
  proofText,
  sealedFrameText,
  type DecodedHandshake,
} from '../../protocol/remote/protocol';
import { IncreasingMark, ReplayGuard } from '../../protocol/remote/replay-guard';
import type { OperatorKeys } from './operator-keys';
import { FailureLimiter } from './rate-limit';

/** Remote sessions alive at once. */
export const MAX_REMOTE_SESSIONS = 64;

export type HandshakeResult =
  | { status: 200; body: { status: 200; token: string; role: SessionRole }; session: RemoteSession }
  | { status: 403 | 429; body: { status: 403 | 429; reason: string }; retryAfterSeconds?: number }
  | { status: 503; body: { status: 503; reason: string } };

export type ProofResult =
  { ok: true; session: RemoteSession } | { ok: false; status: 401 | 404; reason: string };

export type OpenResult =
  { ok: true; packet: Record<string, unknown> } | { ok: false; reason: string };

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A token's name in the table: its digest, so the table's layout says nothing of tokens. */
function tokenId(token: string): string {
  return digest(token).toString('base64');
}

export class RemoteSession {
  /** Proof times: within the window, strictly increasing. */
  readonly proofs = new ReplayGuard(PROOF_WINDOW_MS);
  /** Client-to-server frames' seq. */
  readonly incoming = new IncreasingMark();
  private outgoing = 0;
  lastActivity: number;
  timer: TimerHandle | undefined;
  ended = false;
  /** Whether a socket carries the session now (set by the session hub). */
  connected = false;

  constructor(
    readonly id: string,
    readonly role: SessionRole,
    /** Digest of the key it was opened with: a change of that key ends it. */
    readonly keyDigest: Buffer,
    readonly clientName: string,
    readonly address: string,
    private readonly verifyKey: KeyObject,
    private readonly macKey: Buffer,
    now: number,
  ) {
    this.lastActivity = now;
  }

  /** Whether `signature` is this session's signature of the proof text. */
  verifies(token: string, time: number, signature: Buffer): boolean {
    try {
      return verify(
        'sha256',
        Buffer.from(proofText(token, time), 'utf8'),
        { key: this.verifyKey, dsaEncoding: 'ieee-p1363' },
        signature,
      );
    } catch {
      return false;
    }
  }

  /** The frame of a packet already in JSON, with the next s2c seq. */
  seal(packetJson: string): string {
    const seq = ++this.outgoing;
    const mac = createHmac('sha256', this.macKey)
      .update(frameMacText('s2c', seq, packetJson), 'utf8')
      .digest('base64url');
    return sealedFrameText(mac, seq, packetJson);
  }

  /** Checks a client frame's MAC, then its seq; only a frame that passes both is recorded. */
  open(text: string): OpenResult {
    const frame = parseSealedFrame(text);
    if (frame === null) return { ok: false, reason: 'a frame was not a sealed frame' };
    const expected = createHmac('sha256', this.macKey)
      .update(frameMacText('c2s', frame.seq, frame.packetJson), 'utf8')
      .digest();
    if (!timingSafeEqual(expected, frame.mac)) {
      return { ok: false, reason: 'a frame failed its check (altered or forged)' };
    }
    if (!this.incoming.isFresh(frame.seq)) {
      return { ok: false, reason: 'a frame was replayed (its seq did not grow)' };
    }
    this.incoming.accept(frame.seq);
    return { ok: true, packet: frame.packet };
  }
}

export interface RemoteAuthOptions {
  keys: OperatorKeys;
  timeoutMs: number;
  /** Proof times, the rate limit and expiry; wall clock by default. */
  clock?: Clock;
  limiter?: FailureLimiter;
  maxSessions?: number;
  /** Sessions opened and ended, a line each, for the operator. */
  log?: (line: string) => void;
}

interface KeyDigests {
  control: Buffer;
  view: Buffer | null;
}

function keyDigests(keys: OperatorKeys): KeyDigests {
  return {
    control: digest(keys.authKey),
    view: keys.viewKey === undefined ? null : digest(keys.viewKey),
  };
}

export class RemoteAuth {
  private readonly sessions = new Map<string, RemoteSession>();
  private readonly endListeners = new Set<(session: RemoteSession, reason: string) => void>();
  private readonly clock: Clock;
  private readonly limiter: FailureLimiter;
  private readonly maxSessions: number;
  private digests: KeyDigests;
  private handshakeConfig: HandshakeConfig;
  /** Requests to HANDSHAKE_PATH, whatever became of them (counted by remote-http.ts). */
  handshakeAttempts = 0;

  private constructor(
    private readonly serverKeys: KeyPair,
    private readonly publicKey: Uint8Array,
    keySignature: string,
    private readonly options: RemoteAuthOptions,
  ) {
    const clock = options.clock ?? systemClock;
    this.clock = clock;
    this.limiter = options.limiter ?? new FailureLimiter(() => clock.now());
    this.maxSessions = options.maxSessions ?? MAX_REMOTE_SESSIONS;
    this.digests = keyDigests(options.keys);
    this.handshakeConfig = {
      publicKey: toBase64Url(publicKey),
      timeout: options.timeoutMs,
      keySignature,
    };
  }

  /** Makes the server's key pair for this run and signs its public key. */
  static async create(options: RemoteAuthOptions): Promise<RemoteAuth> {
    const serverKeys = await generateAgreementKeys();
    const publicKey = await exportPublicKey(serverKeys.publicKey);
    const signature = await computeKeySignature(options.keys.serverIdentityKey, publicKey);
    return new RemoteAuth(serverKeys, publicKey, signature, options);
  }

  get config(): HandshakeConfig {
    return this.handshakeConfig;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** Called with every session that ends, and why. */
  onEnd(listener: (session: RemoteSession, reason: string) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  async handshake(body: unknown, address: string): Promise<HandshakeResult> {
    const locked = this.limiter.lockedFor(address);
    if (locked > 0) return tooMany(locked);
    const request = parseHandshakeRequest(body);
    if (typeof request === 'string') return refuse(`malformed handshake: ${request}`);
    const plaintext = await this.decrypt(request);
    if (plaintext === null) {
      return refuse(
        'the handshake could not be decrypted: it was not made for this server key, or it was altered',
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(plaintext);
    } catch {
      value = undefined;
    }
    const secrets = parseHandshakeSecrets(value);
    if (typeof secrets === 'string') return refuse(`malformed handshake: ${secrets}`);
    // Again after the await: many handshakes sent at once all passed the first
    // check; only those that finish before the lockout get their key compared.
    const lockedNow = this.limiter.lockedFor(address);
    if (lockedNow > 0) return tooMany(lockedNow);

    // Both comparisons always run: the time taken does not say which key was near.
    const offered = digest(secrets.authKey);
    const isControl = timingSafeEqual(offered, this.digests.control);
    const view = this.digests.view;
    const isView = timingSafeEqual(offered, view ?? this.digests.control) && view !== null;
    if (!isControl && !isView) {
      this.limiter.recordFailure(address);
      return refuse('wrong authorization key');
    }
    this.limiter.recordSuccess(address);
    if (this.sessions.size >= this.maxSessions && !this.evictIdle()) {
      return {
        status: 503,
        body: { status: 503, reason: 'too many remote sessions: end one first' },
      };
    }
    const verifyKey = KeyObject.from(await importVerifyKey(request.verifyKey));
    const token = randomBytes(32).toString('base64url');
    const role: SessionRole = isControl ? CONTROL_ROLE : VIEW_ROLE;
    const session = new RemoteSession(
      tokenId(token),
      role,
      offered,
      secrets.clientName,
      address,
      verifyKey,
      Buffer.from(secrets.shared),
      this.clock.now(),
    );
    this.sessions.set(session.id, session);
    this.schedule(session);
    this.options.log?.(`Remote session opened: ${role} for ${describe(session)} from ${address}.`);
    return { status: 200, body: { status: 200, token, role }, session };
  }

  /** Checks a proof (token, time, signature as received); records it only if it passes. */
  prove(token: unknown, time: unknown, signature: unknown): ProofResult {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      return { ok: false, status: 401, reason: 'no session token' };
    }
    const parsedTime = parseProofTime(time);
    const signatureBytes = fromBase64Url(signature, SIGNATURE_BYTES);
    if (parsedTime === null || signatureBytes === null) {
      return { ok: false, status: 401, reason: 'no valid proof (time and signature)' };
    }
    const session = this.sessions.get(tokenId(token));
    if (session === undefined) return { ok: false, status: 404, reason: 'no such session' };
    if (!session.verifies(token, parsedTime, Buffer.from(signatureBytes))) {
      return { ok: false, status: 401, reason: 'the proof signature is wrong' };
    }
    const verdict = session.proofs.judge(parsedTime, this.clock.now());
    if (verdict === 'stale') {
      return {
        ok: false,
        status: 401,
        reason: 'the proof time is more than 30 s from the server clock: set the clock',
      };
    }
    if (verdict === 'replay') {
      return { ok: false, status: 401, reason: 'the proof was already used (a replay)' };
    }
    session.proofs.accept(parsedTime);
    this.touch(session);
    return { ok: true, session };
  }

  /** Traffic from the session's client: its timeout starts again. */
  touch(session: RemoteSession): void {
    session.lastActivity = this.clock.now();
  }

  end(session: RemoteSession, reason: string): void {
    if (session.ended) return;
    session.ended = true;
    this.clock.clearTimeout(session.timer);
    this.sessions.delete(session.id);
    this.options.log?.(`Remote session ended for ${describe(session)}: ${reason}.`);
    for (const listener of [...this.endListeners]) listener(session, reason);
  }

  /**
   * New keys (SIGHUP): sessions opened with a key that changed or went end;
   * a new identity key changes the key signature from now on (sessions
   * already open keep their shared keys). Returns how many ended.
   */
  async rotate(keys: OperatorKeys): Promise<number> {
    const signature = await computeKeySignature(keys.serverIdentityKey, this.publicKey);
    const digests = keyDigests(keys);
    this.digests = digests;
    this.handshakeConfig = { ...this.handshakeConfig, keySignature: signature };
    let ended = 0;
    for (const session of [...this.sessions.values()]) {
      const current = session.role === CONTROL_ROLE ? digests.control : digests.view;
      if (current === null || !timingSafeEqual(current, session.keyDigest)) {
        this.end(session, REASON_KEYS_CHANGED);
        ended++;
      }
    }
    return ended;
  }

  /** Ends every session (their sockets were interrupted already). */
  close(reason: string): void {
    for (const session of [...this.sessions.values()]) this.end(session, reason);
  }

  private async decrypt(request: DecodedHandshake): Promise<string | null> {
    try {
      const clientPublic = await importAgreementKey(request.clientKey);
      // The verify key is checked now too: a point off the curve is malformed.
      await importVerifyKey(request.verifyKey);
      const key = await handshakeKey(
        this.serverKeys.privateKey,
        clientPublic,
        request.clientKey,
        this.publicKey,
      );
      return await decryptSecrets(key, request.iv, request.verifyKey, request.ciphertext);
    } catch {
      return null;
    }
  }

  private schedule(session: RemoteSession): void {
    const due = session.lastActivity + this.options.timeoutMs - this.clock.now();
    session.timer = this.clock.setTimeout(
      () => {
        if (session.ended) return;
        if (this.clock.now() - session.lastActivity >= this.options.timeoutMs) {
          this.end(session, REASON_EXPIRED);
        } else {
          this.schedule(session);
        }
      },
      Math.max(due, 0),
    );
    unrefTimer(session.timer);
  }

  /**
   * Ends the session without a socket that was idle longest, to make room;
   * false when every session has its socket open.
   */
  private evictIdle(): boolean {
    let oldest: RemoteSession | undefined;
    for (const session of this.sessions.values()) {
      if (session.connected) continue;
      if (oldest === undefined || session.lastActivity < oldest.lastActivity) oldest = session;
    }
    if (oldest === undefined) return false;
    this.end(oldest, 'too many remote sessions: the one idle longest was ended');
    return true;
  }
}

function describe(session: RemoteSession): string {
  return session.clientName === '' ? 'an unnamed client' : JSON.stringify(session.clientName);
}

function refuse(reason: string): HandshakeResult {
  return { status: 403, body: { status: 403, reason } };
}

function tooMany(lockedMs: number): HandshakeResult {
  const seconds = Math.ceil(lockedMs / 1000);
  return {
    status: 429,
    retryAfterSeconds: seconds,
    body: {
      status: 429,
      reason: `too many wrong keys from this address: try again in ${seconds} s`,
    },
  };
}

// What the remote-session tests share: a host with the operator's keys on a
// loopback port, the browser client (protocol/remote/client.ts) on Node's fetch
// and the `ws` package, and a channel that keeps every packet it gets.

import WebSocket from 'ws';
import { ApiService, type ApiStartOptions } from '../../../main/api/service';
import {
  AUTH_PACKET,
  HANDSHAKE_CONFIG_PATH,
  HANDSHAKE_PATH,
  SIGNATURE_HEADER,
  TIME_HEADER,
  type HandshakeRequest,
  type SessionRole,
} from '../../../protocol/session';
import type { Clock } from '../../../main/clock';
import { tempDir } from '../../../main/testing/temp-dir';
import { waitFor } from '../../../main/testing/wait-for';
import {
  signIn,
  type ChannelClose,
  type RemoteChannel,
  type RemoteHost,
  type RemoteSession,
} from '../../../protocol/remote/client';
import type { SocketLike } from '../../../protocol/socket-like';
import {
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
} from '../../../protocol/remote/crypto';
import {
  fromBase64Url,
  randomBytes,
  toBase64Url,
  utf8,
  type Bytes,
} from '../../../protocol/remote/encoding';
import { sealedFrameText } from '../../../protocol/remote/protocol';
import type { OperatorKeys } from '../operator-keys';
import { startHost, type HostOptions, type RunningHost } from '../server';
import { fakeUi } from './fake-ui';
import { rawRequest } from './raw-clients';

export const KEYS: OperatorKeys = {
  serverIdentityKey: 'identity key of the test server',
  authKey: 'control key for the tests 0001',
  viewKey: 'view key for the tests 000001',
};

export type Cleanup = (() => unknown)[];

export interface RemoteTestHost {
  running: RunningHost;
  service: ApiService;
  port: number;
  /** The client's view of the host. */
  client: RemoteHost;
}

export async function remoteHost(
  cleanup: Cleanup,
  options: {
    timeoutMs?: number;
    /** The host's clock for proofs and expiry; wall clock by default. */
    clock?: Clock;
    keys?: OperatorKeys;
    service?: Partial<ApiStartOptions>;
    host?: Partial<HostOptions>;
  } = {},
): Promise<RemoteTestHost> {
  const ui = await fakeUi();
  cleanup.push(() => ui.remove());
  const service = await ApiService.start({
    dataDir: tempDir('sigil-remote-'),
    defaultLink: null,
    ...options.service,
  });
  cleanup.push(() => service.close());
  const running = await startHost({
    service,
    root: ui.root,
    host: '127.0.0.1',
    port: 0,
    remote: {
      keys: options.keys ?? KEYS,
      timeoutMs: options.timeoutMs ?? 60_000,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    },
    limits: { closeGraceMs: 500 },
    ...options.host,
  });
  cleanup.push(() => running.close('the test is over'));
  return { running, service, port: running.port, client: clientHost(running.port) };
}

export function clientHost(port: number, now?: () => number): RemoteHost {
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    openSocket: (url) => new WebSocket(url) as SocketLike,
    ...(now === undefined ? {} : { now }),
  };
}

/** Signs in with the test keys (control unless `authKey` says otherwise). */
export function signInAs(
  host: RemoteHost,
  authKey = KEYS.authKey,
  identityKey = KEYS.serverIdentityKey,
): Promise<RemoteSession> {
  return signIn(host, { identityKey, authKey, clientName: 'test client' });
}

export interface Watched {
  channel: RemoteChannel;
  packets: Record<string, unknown>[];
  next(
    match: (p: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Sends a request and waits for the packet with its packetId. */
  request(packet: Record<string, unknown>): Promise<Record<string, unknown>>;
  closed: Promise<ChannelClose>;
}

export async function watch(session: RemoteSession, cleanup: Cleanup): Promise<Watched> {
  const packets: Record<string, unknown>[] = [];
  const channel = await session.connect((packet) => packets.push(packet));
  cleanup.push(() => channel.close());
  const next = (match: (p: Record<string, unknown>) => boolean, timeoutMs = 10_000) =>
    waitFor('a matching packet', () => packets.find(match), timeoutMs);
  return {
    channel,
    packets,
    next,
    async request(packet) {
      await channel.send(packet);
      return next((p) => p.packetId === packet.packetId);
    },
    closed: channel.closed,
  };
}

/** The client's half of a handshake, made by hand: `plaintext` encrypted to `serverKey`. */
export async function handshakeBody(
  port: number,
  plaintext: string,
  serverKey?: Uint8Array,
): Promise<{ body: HandshakeRequest; proofKey: Key }> {
  let server = serverKey;
  if (server === undefined) {
    const config = JSON.parse((await rawRequest(port, HANDSHAKE_CONFIG_PATH)).body) as {
      publicKey: string;
    };
    server = fromBase64Url(config.publicKey, 65)!;
  }
  const agreement = await generateAgreementKeys();
  const proof = await generateProofKeys();
  const clientKey = await exportPublicKey(agreement.publicKey);
  const verifyKey = await exportPublicKey(proof.publicKey);
  const raw = fromBase64Url(toBase64Url(server), 65)!;
  const key = await handshakeKey(
    agreement.privateKey,
    await importAgreementKey(raw),
    clientKey,
    raw,
  );
  const iv = randomBytes(12);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: verifyKey },
      key,
      utf8(plaintext),
    ),
  );
  return {
    body: {
      clientKey: toBase64Url(clientKey),
      verifyKey: toBase64Url(verifyKey),
      iv: toBase64Url(iv),
      ciphertext: toBase64Url(ciphertext),
    },
    proofKey: proof.privateKey,
  };
}

/**
 * A session signed in by hand, for the refusal paths: the test holds the
 * keys, so it can sign any time and seal any frame, good or bad.
 */
export interface HandSession {
  token: string;
  role: SessionRole;
  shared: Bytes;
  /** Proof headers for `time` (default: now). */
  headers(time?: number): Promise<Record<string, string>>;
  /** The socket's first message for `time` (default: now). */
  auth(time?: number): Promise<Record<string, unknown>>;
  /** A client frame sealed with `seq`. */
  seal(seq: number, packet: object): Promise<string>;
  /** Whether a frame from the host carries the right MAC. */
  fromHost(frame: Record<string, unknown>): Promise<boolean>;
}

export async function handSession(port: number, authKey = KEYS.authKey): Promise<HandSession> {
  const shared = randomBytes(32);
  const { body, proofKey } = await handshakeBody(
    port,
    JSON.stringify({ authKey, sharedKey: toBase64Url(shared), clientName: 'by hand' }),
  );
  const answer = await rawRequest(port, HANDSHAKE_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (answer.status !== 200) throw new Error(`handshake: ${answer.status} ${answer.body}`);
  const { token, role } = JSON.parse(answer.body) as { token: string; role: SessionRole };
  const macKey = await importMacKey(shared);
  return {
    token,
    role,
    shared,
    async headers(time = Date.now()) {
      return {
        Authorization: `Bearer ${token}`,
        [TIME_HEADER]: String(time),
        [SIGNATURE_HEADER]: await signProof(proofKey, token, time),
      };
    },
    async auth(time = Date.now()) {
      return {
        packetType: AUTH_PACKET,
        token,
        time,
        signature: await signProof(proofKey, token, time),
      };
    },
    async seal(seq, packet) {
      const json = JSON.stringify(packet);
      return sealedFrameText(await frameMac(macKey, 'c2s', seq, json), seq, json);
    },
    fromHost(frame) {
      const mac = fromBase64Url(frame.mac, 32);
      if (mac === null || typeof frame.seq !== 'number') return Promise.resolve(false);
      return frameMacMatches(macKey, 's2c', frame.seq, JSON.stringify(frame.packet), mac);
    },
  };
}

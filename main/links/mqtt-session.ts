// One client's time on an MQTT broker, kept up by itself: connect (MQTT 5,
// or 3.1.1 when the broker refuses 5), subscribe, and after an outage
// connect again with backoff and subscribe again. Its state is a link
// state a person can read: a broker that is down, a wrong password and an
// untrusted certificate each say so.
//
// Each attempt is a new client with a clean session: nothing queued while
// the broker was away is sent after it (a command or a signed frame from
// before an outage would arrive late, or as a replay).

import { readFile } from 'node:fs/promises';
import { connect as connectTcp, isIP } from 'node:net';
import { connect as connectTls } from 'node:tls';
// The client alone: the package's `connect` would bring WebSocket support
// (and its optional native modules) into every bundle for nothing.
import * as clientModule from 'mqtt/lib/client';
import type { IClientOptions } from 'mqtt/lib/client';
import { Retry, type BackoffOptions } from './backoff';
import type { MqttConfig } from './connection';
import { describeConnectError, describeFileError, formatEndpoint, sameState } from './errors';
import type { LinkState } from './transport';

type MqttClient = clientModule.default;
/**
 * A CommonJS module's default export, as every loader hands it over: the
 * class itself (TypeScript's interop), or the module object holding it
 * (Node's, in the ES-module bundle).
 */
const MqttClient: typeof clientModule.default =
  (clientModule.default as unknown as { default?: typeof clientModule.default }).default ??
  clientModule.default;

export interface MqttSubscription {
  readonly topic: string;
  /** Not given back what this client published itself (MQTT 5 only). */
  readonly noLocal?: boolean;
}

export interface MqttMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly retain: boolean;
}

export interface MqttSessionOptions {
  /** Unique on the broker: a second client with the same id pushes the first off. */
  clientId: string;
  subscriptions: readonly MqttSubscription[];
  /** Published by the broker when this client vanishes (retained). */
  will?: { topic: string; payload: string };
  /** Published (retained) on every connect, e.g. `online` on the will's topic. */
  birth?: { topic: string; payload: string };
  backoff?: BackoffOptions;
  /** How long the broker has to answer CONNECT. Default 10 s. */
  connectTimeoutMs?: number;
  /** Keepalive in seconds: how soon a silent broker is noticed. Default 15. */
  keepaliveS?: number;
  /** The protocol to try first. Default 5. */
  protocolVersion?: 5 | 4;
}

export interface MqttSessionEvents {
  onState(state: LinkState): void;
  onMessage(message: MqttMessage): void;
}

export interface MqttSessionStats {
  /** Connections the broker accepted. */
  connects: number;
  /** Accepted connections lost afterwards (broker down, network gone). */
  outages: number;
  /** The protocol spoken now: 5, 4 (3.1.1), or null before the first connection. */
  protocolVersion: 5 | 4 | null;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_KEEPALIVE_S = 15;
/** A broker that stops reading must not make us buffer without bound: writes beyond this fail. */
const MAX_QUEUED_BYTES = 1024 * 1024;
const FAREWELL_WAIT_MS = 1000;

// CONNACK codes, 3.1.1 first, then MQTT 5.
const PROTOCOL_REFUSED = new Set([1, 0x84]);
const BAD_CREDENTIALS = new Set([4, 0x86]);
const NOT_AUTHORIZED = new Set([5, 0x87]);
const CLIENT_ID_REFUSED = new Set([2, 0x85]);
const UNAVAILABLE = new Set([3, 0x88, 0x89]);

const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function codeOf(error: unknown): string | number | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' || typeof code === 'number' ? code : undefined;
}

/** The sentence for a failed or lost connection; `connected`: it had been up. */
export function describeMqttError(error: unknown, config: MqttConfig, connected: boolean): string {
  const endpoint = formatEndpoint(config.host, config.port);
  const broker = `the broker at ${endpoint}`;
  const code = codeOf(error);
  if (typeof code === 'number') {
    const user = config.username === undefined ? 'no user name given' : `user '${config.username}'`;
    if (BAD_CREDENTIALS.has(code)) return `${broker} refused the user name or password (${user})`;
    // mosquitto answers a wrong password with `not authorized`.
    if (NOT_AUTHORIZED.has(code)) {
      return `${broker} refused the user name or password, or does not let this user in (${user})`;
    }
    if (CLIENT_ID_REFUSED.has(code)) return `${broker} refused our client id`;
    if (UNAVAILABLE.has(code)) return `${broker} is unavailable (it said so)`;
    const text = error instanceof Error ? error.message.replace(/^Connection refused: /, '') : '';
    return `${broker} refused the connection: ${text || `reason ${code}`}`;
  }
  if (typeof code === 'string' && /CERTIFICATE_REQUIRED/.test(code)) {
    return `${broker} wants a client certificate: name it with ?cert=FILE&key=FILE`;
  }
  if (typeof code === 'string' && /^ERR_SSL_/.test(code)) {
    // ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE -> 'sslv3 alert bad certificate'
    const why = code
      .replace(/^ERR_SSL_/, '')
      .replace(/_/g, ' ')
      .toLowerCase();
    return `TLS with ${broker} failed: ${why}`;
  }
  if (typeof code === 'string' && UNTRUSTED_CERTIFICATE.has(code)) {
    const why = error instanceof Error ? error.message : code;
    return `the certificate of ${broker} is not trusted (${why}): name its CA with ?ca=FILE`;
  }
  // Whatever the socket said (reset, closed): the broker that was there is gone.
  if (connected) return `lost ${broker}`;
  if (error === undefined) return `no MQTT answer from ${broker}`;
  if (code === undefined && error instanceof Error && /connack timeout/i.test(error.message)) {
    return `no MQTT answer from ${broker}`;
  }
  return describeConnectError(error, config.host, config.port);
}

export class MqttSession {
  readonly stats: MqttSessionStats = { connects: 0, outages: 0, protocolVersion: null };
  private events: MqttSessionEvents | undefined;
  private state: LinkState | undefined;
  private client: MqttClient | undefined;
  private connected = false;
  private version: 5 | 4;
  private readonly subscriptions = new Map<string, MqttSubscription>();
  private readonly retry: Retry;
  private closing: Promise<void> | undefined;

  constructor(
    readonly config: MqttConfig,
    private readonly options: MqttSessionOptions,
  ) {
    this.retry = new Retry(options.backoff);
    this.version = options.protocolVersion ?? 5;
    for (const s of options.subscriptions) this.subscriptions.set(s.topic, s);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  start(events: MqttSessionEvents): void {
    if (this.events !== undefined) return;
    this.events = events;
    void this.open();
  }

  /** Publishes now; false when not connected or the broker is not keeping up. */
  publish(topic: string, payload: Uint8Array, qos: 0 | 1, retain = false): boolean {
    const client = this.client;
    if (client === undefined || !this.connected) return false;
    const queued = (client.stream as { writableLength?: number } | undefined)?.writableLength ?? 0;
    if (queued > MAX_QUEUED_BYTES) return false;
    // Copied: the client may still hold the bytes after the caller reused its buffer.
    client.publish(topic, Buffer.from(payload), { qos, retain });
    return true;
  }

  /** Subscribes now (when connected) and after every reconnect. */
  subscribe(subscription: MqttSubscription): void {
    if (this.subscriptions.has(subscription.topic)) return;
    this.subscriptions.set(subscription.topic, subscription);
    if (this.connected) this.sendSubscriptions([subscription]);
  }

  /**
   * Leaves for good. `farewell` is published first when connected (a bridge
   * marks itself offline: a clean DISCONNECT does not fire the will).
   */
  close(farewell?: { topic: string; payload: string }): Promise<void> {
    this.closing ??= this.shutdown(farewell);
    return this.closing;
  }

  private async shutdown(farewell: { topic: string; payload: string } | undefined): Promise<void> {
    this.retry.cancel();
    const client = this.client;
    const connected = this.connected;
    this.client = undefined;
    this.connected = false;
    if (client !== undefined) {
      if (connected && farewell !== undefined) {
        // Acknowledged, or given up on: a broker that has just died must not hold the exit.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, FAREWELL_WAIT_MS);
          client.publish(farewell.topic, farewell.payload, { qos: 1, retain: true }, () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      await endClient(client, !connected);
    }
    this.state = { status: 'closed' };
    this.events?.onState(this.state);
  }

  private async open(): Promise<void> {
    if (this.closing !== undefined) return;
    this.report({ status: 'connecting' });
    let tls: Pick<IClientOptions, 'ca' | 'cert' | 'key'>;
    try {
      tls = await this.tlsFiles();
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.closing !== undefined) return;
    const { config, options } = this;
    const version = this.version;
    const { host, port } = config;
    const stream = () => {
      const socket = config.tls
        ? connectTls({
            host,
            port,
            ...tls,
            // SNI takes a host name, never an address.
            ...(isIP(host) === 0 ? { servername: host } : {}),
          })
        : connectTcp({ host, port });
      // Commands must not wait for the next packet to fill a segment.
      socket.setNoDelay(true);
      return socket;
    };
    const client = new MqttClient(stream, {
      protocolVersion: version,
      clientId: options.clientId,
      clean: true,
      // Reconnecting is ours (backoff.ts), with a fresh client each time.
      reconnectPeriod: 0,
      connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      keepalive: options.keepaliveS ?? DEFAULT_KEEPALIVE_S,
      // Nothing waits for a broker that is away: telemetry from then is stale.
      queueQoSZero: false,
      resubscribe: false,
      ...(config.username === undefined ? {} : { username: config.username }),
      ...(config.password === undefined ? {} : { password: config.password }),
      ...(options.will === undefined
        ? {}
        : {
            will: {
              ...options.will,
              payload: Buffer.from(options.will.payload),
              qos: 1,
              retain: true,
            },
          }),
    });
    this.client = client;
    this.connected = false;
    let failure: unknown;
    client.on('connect', () => {
      if (client !== this.client) return;
      this.connected = true;
      this.stats.connects++;
      this.stats.protocolVersion = version;
      this.retry.reset();
      this.sendSubscriptions([...this.subscriptions.values()]);
      const birth = options.birth;
      if (birth !== undefined) client.publish(birth.topic, birth.payload, { qos: 1, retain: true });
      this.report({ status: 'connected' });
    });
    client.on('message', (topic, payload, packet) => {
      if (client === this.client) this.events?.onMessage({ topic, payload, retain: packet.retain });
    });
    client.on('error', (error) => {
      failure ??= error;
    });
    client.on('close', () => {
      if (client !== this.client) return;
      const wasConnected = this.connected;
      this.client = undefined;
      this.connected = false;
      client.removeAllListeners('message');
      client.end(true);
      if (this.closing !== undefined) return;
      if (wasConnected) this.stats.outages++;
      const code = codeOf(failure);
      if (
        !wasConnected &&
        version === 5 &&
        typeof code === 'number' &&
        PROTOCOL_REFUSED.has(code)
      ) {
        // A 3.1.1 broker: speak that from now on, without waiting.
        this.version = 4;
        setImmediate(() => void this.open());
        return;
      }
      this.fail(describeMqttError(failure, config, wasConnected));
    });
  }

  private sendSubscriptions(list: readonly MqttSubscription[]): void {
    const client = this.client;
    if (client === undefined || list.length === 0) return;
    const map: Record<string, { qos: 1; nl?: boolean }> = {};
    for (const s of list) {
      map[s.topic] = this.version === 5 && s.noLocal ? { qos: 1, nl: true } : { qos: 1 };
    }
    client.subscribe(map, (error) => {
      if (error && client === this.client) {
        this.report({
          status: 'error',
          message: `the broker refused a subscription: ${error.message}`,
        });
      }
    });
  }

  private async tlsFiles(): Promise<Pick<IClientOptions, 'ca' | 'cert' | 'key'>> {
    const { ca, cert, key } = this.config;
    const read = async (path: string | undefined, what: string) => {
      if (path === undefined) return undefined;
      try {
        return await readFile(path);
      } catch (error) {
        throw new Error(`cannot read the ${what}: ${describeFileError(error, path)}`, {
          cause: error,
        });
      }
    };
    const [caPem, certPem, keyPem] = await Promise.all([
      read(ca, 'CA file'),
      read(cert, 'client certificate'),
      read(key, 'client key'),
    ]);
    return {
      ...(caPem === undefined ? {} : { ca: caPem }),
      ...(certPem === undefined ? {} : { cert: certPem }),
      ...(keyPem === undefined ? {} : { key: keyPem }),
    };
  }

  private fail(message: string): void {
    if (this.closing !== undefined) return;
    this.report({ status: 'error', message });
    this.retry.schedule(() => void this.open());
  }

  private report(state: LinkState): void {
    if (this.closing !== undefined || sameState(this.state, state)) return;
    this.state = state;
    this.events?.onState(state);
  }
}

/** Ends a client: politely (a DISCONNECT) when it is connected, within a second either way. */
function endClient(client: MqttClient, force: boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => client.end(true, () => resolve()), FAREWELL_WAIT_MS);
    client.end(force, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// The field side of a broker: one vehicle link (radio, USB autopilot, SITL)
// carried to an MQTT network. Every good frame from the link is published
// as it is on its sender's `from` topic; the frames operators send to the
// systems seen on the link, and to every system, are written to the link as
// they are. Nothing is decoded for routing but the header, nothing is
// re-encoded or re-signed: the bridge holds no key and needs none. Given
// one, it counts the signing verdicts of what passes, both ways, and still
// drops nothing (the vehicle and the operators verify for themselves).
//
// The bridge announces itself on `mavlink/NETWORK/bridge/NAME/status`:
// `online` while connected, `offline` when it leaves, and `offline` by its
// Last Will when it vanishes.

import { randomBytes } from 'node:crypto';
import { createCodec } from '../mavlink/ardupilotmega';
import type { Codec } from '../mavlink/codec';
import { FrameParser, type ParserStats } from '../mavlink/parser';
import type { FrameView } from '../mavlink/frame';
import { LinkVerifier, type VerdictCounts } from '../signing/link-verifier';
import { DEFAULT_ALLOWED_UNSIGNED, rejectUnsigned } from '../signing/unsigned-policy';
import type { SignatureVerifier } from '../signing/verifier';
import type { BackoffOptions } from './backoff';
import type { MqttConfig } from './connection';
import { FrameRouting, wholeFrame } from './mqtt-frames';
import { MqttSession, type MqttMessage, type MqttSessionStats } from './mqtt-session';
import { OFFLINE, ONLINE, fromTopic, parseTopic, statusTopic, toTopic } from './mqtt-topics';
import type { LinkState, Transport } from './transport';

export interface MqttBridgeOptions {
  /** The vehicle side; started and closed by the bridge. */
  link: Transport;
  broker: MqttConfig;
  /** How the bridge is known on the broker: one topic level (see `topicLevel`). */
  name: string;
  codec?: Codec;
  /** Given: count the signing verdicts of the frames that pass (nothing is dropped). */
  verifier?: SignatureVerifier;
  backoff?: BackoffOptions;
  connectTimeoutMs?: number;
  clientId?: string;
  onLinkState?: (state: LinkState) => void;
  onBrokerState?: (state: LinkState) => void;
}

export interface MqttBridgeStats {
  /** Frames from the link published to the broker. */
  up: number;
  /** Frames from the link not published: the broker away or not keeping up. */
  upUnsent: number;
  /** Frames from the broker written to the link. */
  down: number;
  /** Frames from the broker the link would not take (not connected). */
  downUnsent: number;
  /** Messages from the broker that did not hold exactly one frame. */
  malformed: number;
  /** The systems heard on the link, whose `to` topics the bridge reads. */
  systems: number[];
  parser: ParserStats;
  broker: MqttSessionStats;
  /** With a key: the verdicts on frames from the link (up) and from the broker (down). */
  verdicts: { up: VerdictCounts; down: VerdictCounts } | null;
}

export class MqttBridge {
  readonly linkTransport: Transport;
  private readonly session: MqttSession;
  private readonly routing: FrameRouting;
  private readonly parser: FrameParser;
  private readonly downParser: FrameParser | undefined;
  private readonly upVerifier: LinkVerifier | undefined;
  private readonly downVerifier: LinkVerifier | undefined;
  private readonly systems = new Set<number>();
  private readonly counts = { up: 0, upUnsent: 0, down: 0, downUnsent: 0, malformed: 0 };
  private readonly status: string;
  private linkState: LinkState = { status: 'connecting' };
  private brokerState: LinkState = { status: 'connecting' };
  private started = false;

  constructor(private readonly options: MqttBridgeOptions) {
    const codec = options.codec ?? createCodec();
    const network = options.broker.network;
    this.linkTransport = options.link;
    this.routing = new FrameRouting(codec.messages);
    this.parser = new FrameParser(codec, (frame) => this.fromLink(frame));
    if (options.verifier !== undefined) {
      // The usual policy of a link that requires signing: what it would reject is counted so.
      const policy = rejectUnsigned(DEFAULT_ALLOWED_UNSIGNED);
      this.upVerifier = new LinkVerifier(options.verifier, policy);
      this.downVerifier = new LinkVerifier(options.verifier, policy);
      this.downParser = new FrameParser(codec, (frame) => this.downVerifier!.verify(frame));
    }
    this.status = statusTopic(network, options.name);
    this.session = new MqttSession(options.broker, {
      clientId: options.clientId ?? `sigil-bridge-${randomBytes(6).toString('hex')}`,
      subscriptions: [{ topic: toTopic(network, 0) }],
      will: { topic: this.status, payload: OFFLINE },
      birth: { topic: this.status, payload: ONLINE },
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.connectTimeoutMs === undefined
        ? {}
        : { connectTimeoutMs: options.connectTimeoutMs }),
    });
  }

  get statusTopic(): string {
    return this.status;
  }

  get states(): { link: LinkState; broker: LinkState } {
    return { link: this.linkState, broker: this.brokerState };
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.session.start({
      onState: (state) => {
        this.brokerState = state;
        this.options.onBrokerState?.(state);
      },
      onMessage: (message) => this.fromBroker(message),
    });
    this.linkTransport.start({
      onData: (chunk) => this.parser.push(chunk),
      onState: (state) => {
        // A new connection starts a new byte stream: a half frame from the old one means nothing.
        if (state.status === 'connected') this.parser.reset();
        this.linkState = state;
        this.options.onLinkState?.(state);
      },
    });
  }

  stats(): MqttBridgeStats {
    return {
      ...this.counts,
      systems: [...this.systems].sort((a, b) => a - b),
      parser: { ...this.parser.stats },
      broker: { ...this.session.stats },
      verdicts:
        this.upVerifier === undefined || this.downVerifier === undefined
          ? null
          : { up: { ...this.upVerifier.counts }, down: { ...this.downVerifier.counts } },
    };
  }

  /** Marks the bridge offline on the broker, then closes both sides. */
  async close(): Promise<void> {
    await Promise.all([
      this.session.close({ topic: this.status, payload: OFFLINE }),
      this.linkTransport.close(),
    ]);
  }

  private fromLink(frame: FrameView): void {
    const network = this.options.broker.network;
    if (!this.systems.has(frame.sysid)) {
      this.systems.add(frame.sysid);
      this.session.subscribe({ topic: toTopic(network, frame.sysid) });
    }
    this.upVerifier?.verify(frame);
    const topic = fromTopic(network, frame.sysid, frame.compid);
    if (this.session.publish(topic, frame.bytes(), this.routing.qos(frame.msgid))) {
      this.counts.up++;
    } else {
      this.counts.upUnsent++;
    }
  }

  private fromBroker(message: MqttMessage): void {
    const topic = parseTopic(this.options.broker.network, message.topic);
    if (topic === null || topic.kind !== 'to') return;
    const payload = message.payload;
    if (wholeFrame(payload) === null) {
      this.counts.malformed++;
      return;
    }
    if (this.downParser !== undefined) {
      this.downParser.push(payload);
      this.downParser.reset();
    }
    if (this.linkTransport.write(payload)) this.counts.down++;
    else this.counts.downUnsent++;
  }
}

// The operator's side of a broker: a link whose bytes are the frames of one
// network. It reads what every system of the network sent (`from` topics)
// and the other operators' broadcasts, and sends each frame to the `to`
// topic of the system it is addressed to. Frames go as they are, one per
// message: the link above verifies them as it would from a radio.
//
// A message that does not hold exactly one frame, or whose frame names
// another sender than its topic, is dropped and counted: one publisher's
// garbage must not run into the next frame, and a broker's per-topic ACLs
// then say who may speak as which system.

import { randomBytes } from 'node:crypto';
import { createCodec } from '../mavlink/ardupilotmega';
import type { BackoffOptions } from './backoff';
import type { MqttConfig } from './connection';
import { FrameRouting, wholeFrame } from './mqtt-frames';
import { MqttSession, type MqttMessage, type MqttSessionStats } from './mqtt-session';
import { ONLINE, operatorTopics, parseTopic, toTopic } from './mqtt-topics';
import type { Transport, TransportEvents } from './transport';

export interface MqttTransportOptions {
  backoff?: BackoffOptions;
  connectTimeoutMs?: number;
  /** Where target systems and QoS come from. Default: the ardupilotmega dialect. */
  routing?: FrameRouting;
  /** Default: `sigil-` and random hex. */
  clientId?: string;
  protocolVersion?: 5 | 4;
}

export interface MqttLinkStats extends MqttSessionStats {
  /** Frames published to `to` topics. */
  published: number;
  /** Frames not published: not connected, or the broker not keeping up. */
  unsent: number;
  /** Frames taken from the broker and handed to the link. */
  received: number;
  /** Messages that did not hold exactly one frame. */
  malformed: number;
  /** Frames on a `from` topic that is not their sender's. */
  misrouted: number;
  /** Our own broadcasts handed back by a 3.1.1 broker (MQTT 5 is asked not to). */
  echoes: number;
}

export interface BridgeStatus {
  name: string;
  online: boolean;
}

let sharedRouting: FrameRouting | undefined;

/** The routing table of the dialect Sigil speaks, built once. */
export function defaultRouting(): FrameRouting {
  sharedRouting ??= new FrameRouting(createCodec().messages);
  return sharedRouting;
}

export class MqttTransport implements Transport {
  private readonly session: MqttSession;
  private readonly routing: FrameRouting;
  private readonly counts = {
    published: 0,
    unsent: 0,
    received: 0,
    malformed: 0,
    misrouted: 0,
    echoes: 0,
  };
  private readonly bridgeStatus = new Map<string, boolean>();
  /** (sysid << 8 | compid) of what we sent: how an echo is told on 3.1.1. */
  private readonly ownSources = new Set<number>();
  private events: TransportEvents | undefined;

  constructor(
    readonly config: MqttConfig,
    options: MqttTransportOptions = {},
  ) {
    this.routing = options.routing ?? defaultRouting();
    const topics = operatorTopics(config.network);
    this.session = new MqttSession(config, {
      clientId: options.clientId ?? `sigil-${randomBytes(6).toString('hex')}`,
      subscriptions: [
        { topic: topics.frames },
        { topic: topics.broadcast, noLocal: true },
        { topic: topics.bridges },
      ],
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.connectTimeoutMs === undefined
        ? {}
        : { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.protocolVersion === undefined
        ? {}
        : { protocolVersion: options.protocolVersion }),
    });
  }

  start(events: TransportEvents): void {
    if (this.events !== undefined) return;
    this.events = events;
    this.session.start({
      onState: (state) => events.onState(state),
      onMessage: (message) => this.receive(message),
    });
  }

  write(bytes: Uint8Array): boolean {
    const header = wholeFrame(bytes);
    if (header === null) return false;
    const target = this.routing.target(bytes, header.msgid);
    this.ownSources.add((header.sysid << 8) | header.compid);
    const topic = toTopic(this.config.network, target);
    if (this.session.publish(topic, bytes, this.routing.qos(header.msgid))) {
      this.counts.published++;
      return true;
    }
    this.counts.unsent++;
    return false;
  }

  close(): Promise<void> {
    return this.session.close();
  }

  /** Connections, outages, protocol and frame counts of this link's broker side. */
  brokerStats(): MqttLinkStats {
    return { ...this.session.stats, ...this.counts };
  }

  /** The bridges of this network that announced themselves, and whether each is online. */
  bridges(): BridgeStatus[] {
    return [...this.bridgeStatus].map(([name, online]) => ({ name, online }));
  }

  private receive(message: MqttMessage): void {
    const topic = parseTopic(this.config.network, message.topic);
    if (topic === null) return;
    if (topic.kind === 'status') {
      const text = message.payload.toString('utf8');
      // An empty retained message clears a bridge that is gone for good.
      if (text === '') this.bridgeStatus.delete(topic.bridge);
      else this.bridgeStatus.set(topic.bridge, text === ONLINE);
      return;
    }
    const payload = message.payload;
    const header = wholeFrame(payload);
    if (header === null) {
      this.counts.malformed++;
      return;
    }
    if (topic.kind === 'from') {
      if (header.sysid !== topic.sysid || header.compid !== topic.compid) {
        this.counts.misrouted++;
        return;
      }
    } else if (
      this.session.stats.protocolVersion === 4 &&
      this.ownSources.has((header.sysid << 8) | header.compid)
    ) {
      this.counts.echoes++;
      return;
    }
    this.counts.received++;
    this.events?.onData(payload);
  }
}

// A link as the wire carries it: connected, nothing received yet, no peers;
// a test overrides what it is about. `mqttLink` adds a broker that has been
// connected once.

import type { BrokerInfo, LinkInfo } from '../../protocol/wire-types';

export function linkInfo(over: Partial<LinkInfo> = {}): LinkInfo {
  return {
    id: 0,
    connection: 'udpin:0.0.0.0:14550',
    kind: 'udpin',
    state: { status: 'connected' },
    policy: { sign: false, require: false, allowUnsigned: [] },
    peers: [],
    stats: {
      bytesIn: 0,
      bytesOut: 0,
      framesIn: 0,
      framesOut: 0,
      rates: { bytesIn: 0, bytesOut: 0, framesIn: 0, framesOut: 0 },
      parser: { frames: 0, badCrc: 0, unknown: 0, discardedBytes: 0 },
      loss: [],
      verdicts: {
        ok: 0,
        'unsigned-allowed': 0,
        'bad-signature': 0,
        replay: 0,
        stale: 0,
        future: 0,
        'too-many-streams': 0,
        unsigned: 0,
      },
      framesRejected: 0,
      rejectedRate: 0,
      dropped: { impersonation: 0, 'own-identity': 0 },
    },
    ...over,
  };
}

export function mqttLink(over: Partial<LinkInfo> = {}, broker: Partial<BrokerInfo> = {}): LinkInfo {
  return linkInfo({
    connection: 'mqtt://broker.local:1883/field',
    kind: 'mqtt',
    broker: {
      network: 'field',
      protocolVersion: 5,
      connects: 1,
      outages: 0,
      lastContactMs: 1000,
      retryAtMs: null,
      published: 0,
      unsent: 0,
      received: 0,
      malformed: 0,
      misrouted: 0,
      bridges: [],
      ...broker,
    },
    ...over,
  });
}

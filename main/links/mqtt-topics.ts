// Where frames live on the broker. Every topic starts with the network, so
// two networks can each have a system 1, and an operator can subscribe to
// one vehicle or to all of a network:
//
//   mavlink/NETWORK/SYSID/COMPID/from   what system SYSID, component COMPID sent
//   mavlink/NETWORK/SYSID/to            frames addressed to system SYSID
//   mavlink/NETWORK/all/to              frames for every system (no target, or target 0)
//   mavlink/NETWORK/bridge/NAME/status  `online` or `offline` (retained; the Last Will)
//
// Bridges publish `from` topics and read the `to` topics of the systems on
// their link; operators read `from` topics and publish `to` topics, and
// read `all/to` too, where the other operators' heartbeats are.

export const TOPIC_ROOT = 'mavlink';
/** The `to` level of frames for every system. */
export const BROADCAST_LEVEL = 'all';

export const ONLINE = 'online';
export const OFFLINE = 'offline';

export function fromTopic(network: string, sysid: number, compid: number): string {
  return `${TOPIC_ROOT}/${network}/${sysid}/${compid}/from`;
}

/** Frames for system `target`; 0 is every system. */
export function toTopic(network: string, target: number): string {
  return `${TOPIC_ROOT}/${network}/${target === 0 ? BROADCAST_LEVEL : target}/to`;
}

export function statusTopic(network: string, bridge: string): string {
  return `${TOPIC_ROOT}/${network}/bridge/${bridge}/status`;
}

/** What an operator's link subscribes to. */
export function operatorTopics(network: string): {
  frames: string;
  broadcast: string;
  bridges: string;
} {
  return {
    frames: `${TOPIC_ROOT}/${network}/+/+/from`,
    broadcast: toTopic(network, 0),
    bridges: statusTopic(network, '+'),
  };
}

export type ParsedTopic =
  | { readonly kind: 'from'; readonly sysid: number; readonly compid: number }
  | { readonly kind: 'to'; readonly target: number }
  | { readonly kind: 'status'; readonly bridge: string };

function id(text: string | undefined, min: number): number | null {
  if (text === undefined || !/^\d{1,3}$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= 255 ? value : null;
}

/** Reads a topic of `network`; null for anything else (another network, a malformed level). */
export function parseTopic(network: string, topic: string): ParsedTopic | null {
  const levels = topic.split('/');
  if (levels[0] !== TOPIC_ROOT || levels[1] !== network) return null;
  if (levels.length === 5 && levels[4] === 'from') {
    const sysid = id(levels[2], 1);
    const compid = id(levels[3], 0);
    return sysid === null || compid === null ? null : { kind: 'from', sysid, compid };
  }
  if (levels.length === 4 && levels[3] === 'to') {
    if (levels[2] === BROADCAST_LEVEL) return { kind: 'to', target: 0 };
    const target = id(levels[2], 1);
    return target === null ? null : { kind: 'to', target };
  }
  if (levels.length === 5 && levels[2] === 'bridge' && levels[4] === 'status') {
    return { kind: 'status', bridge: levels[3]! };
  }
  return null;
}

/** A bridge name usable as one topic level: MQTT wildcards and separators become '-'. */
export function topicLevel(text: string): string {
  const level = text
    .replaceAll('\0', '-')
    .replace(/[/+#\s]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return level === '' ? 'bridge' : level;
}

// What the Connections page and the flight view say of a fleet's broker and
// of the other ground stations: an MQTT link's state in words a pilot acts
// on, how long ago the broker was last heard, and who else can command a
// vehicle.

import type { LinkInfo, PeerInfo, VehicleState } from '../../../protocol/wire-types';

/** "3 s", "2 min", "1 h": how long ago, or how long until. */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  return min < 90 ? `${min} min` : `${Math.round(min / 60)} h`;
}

/**
 * An MQTT link's state: connecting, connected, or the broker unreachable
 * with the reason and when it tries again. `now` is the snapshot's time.
 */
export function brokerStateText(link: LinkInfo, now: number | null): string {
  const state = link.state;
  switch (state.status) {
    case 'connecting':
      return link.broker !== undefined && link.broker.connects > 0
        ? 'reconnecting…'
        : 'connecting…';
    case 'connected':
      return 'connected';
    case 'closed':
      return 'closed';
    case 'error': {
      const retryAt = link.broker?.retryAtMs ?? null;
      const retry =
        retryAt === null || now === null ? '' : `; reconnecting in ${formatAgo(retryAt - now)}`;
      return `broker unreachable: ${state.message}${retry}`;
    }
  }
}

/** When the broker last sent anything: "last heard 2 s ago", or "never heard". */
export function contactText(link: LinkInfo, now: number | null): string {
  const last = link.broker?.lastContactMs ?? null;
  if (last === null) return 'never heard';
  return now === null ? 'heard' : `last heard ${formatAgo(now - last)} ago`;
}

/** A peer with the link it was heard on. */
export interface HeardPeer extends PeerInfo {
  linkId: number;
  /** The MQTT network of that link; absent for a direct link. */
  network?: string;
}

/** Every ground station heard, on any link, by link. */
export function allPeers(links: readonly LinkInfo[]): HeardPeer[] {
  return links.flatMap((link) =>
    link.peers.map((peer) =>
      link.broker === undefined
        ? { ...peer, linkId: link.id }
        : { ...peer, linkId: link.id, network: link.broker.network },
    ),
  );
}

/**
 * The ground stations that can reach a vehicle: those heard on its MQTT
 * network, or for a vehicle of the direct links, on any direct link. None
 * for a replayed log's vehicle.
 */
export function peersOf(
  vehicle: Pick<VehicleState, 'network' | 'replay'>,
  links: readonly LinkInfo[],
): HeardPeer[] {
  if (vehicle.replay !== undefined) return [];
  return allPeers(links).filter((peer) =>
    vehicle.network === undefined
      ? peer.network === undefined && links.find((l) => l.id === peer.linkId)?.kind !== 'tlog'
      : peer.network === vehicle.network,
  );
}

/** "GCS 255/31 (signed)". */
export function peerLabel(peer: PeerInfo): string {
  return `GCS ${peer.sysid}/${peer.compid}${peer.signed ? ' (signed)' : ' (unsigned)'}`;
}

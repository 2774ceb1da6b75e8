// The other ground stations heard: a pilot must know that someone else can
// command the vehicle. A peer is a component whose heartbeat says it is a
// GCS, heard lately on a live link; on a broker they are the other
// operators. Each is kept with the link it was heard on, so the pilot sees
// which network (or radio) it shares with them. Peers cost memory, so the
// table is bounded: a flood of invented ground stations fills it and is
// refused until they fall silent.

import { MAV_TYPE } from '../mavlink/dialect/enums';

export interface GcsPeer {
  sysid: number;
  compid: number;
  /** The link its heartbeats came in on. */
  linkId: number;
  /** When its last heartbeat arrived, Unix milliseconds. */
  lastMs: number;
  /** Its last heartbeat was signed (and, on a link that verifies, verified). */
  signed: boolean;
}

/** A GCS silent this long is no longer listed. */
export const PEER_SILENT_MS = 5000;
/** Ground stations remembered at once. */
export const MAX_PEERS = 64;

export function isGcsHeartbeat(fields: Readonly<Record<string, unknown>>): boolean {
  return fields.type === MAV_TYPE.MAV_TYPE_GCS;
}

export class PeerTable {
  private readonly peers = new Map<number, GcsPeer>();
  /** Peers not kept: the table full of ground stations heard lately. */
  refused = 0;

  constructor(readonly capacity = MAX_PEERS) {}

  /** A GCS heartbeat heard on `linkId`. */
  heard(linkId: number, sysid: number, compid: number, signed: boolean, nowMs: number): void {
    const key = linkId * 0x10000 + ((sysid << 8) | compid);
    const known = this.peers.get(key);
    if (known !== undefined) {
      known.lastMs = nowMs;
      known.signed = signed;
      return;
    }
    if (this.peers.size >= this.capacity) this.dropSilent(nowMs);
    if (this.peers.size >= this.capacity) {
      this.refused++;
      return;
    }
    this.peers.set(key, { sysid, compid, linkId, lastMs: nowMs, signed });
  }

  /** The peers heard within PEER_SILENT_MS, by link, then system and component. */
  list(nowMs: number): GcsPeer[] {
    return [...this.peers.values()]
      .filter((p) => nowMs - p.lastMs <= PEER_SILENT_MS)
      .sort((a, b) => a.linkId - b.linkId || a.sysid - b.sysid || a.compid - b.compid)
      .map((p) => ({ ...p }));
  }

  /** A link closed: what was heard on it no longer says anything. */
  forgetLink(linkId: number): void {
    for (const [key, peer] of this.peers) if (peer.linkId === linkId) this.peers.delete(key);
  }

  private dropSilent(nowMs: number): void {
    for (const [key, peer] of this.peers) {
      if (nowMs - peer.lastMs > PEER_SILENT_MS) this.peers.delete(key);
    }
  }
}

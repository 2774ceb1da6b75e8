// The other ground stations heard: a pilot must know that someone else can
// command the vehicle. A peer is a component whose heartbeat says it is a
// GCS, heard lately; on a broker they are the other operators.

import { MAV_TYPE } from '../mavlink/dialect/enums';
import { MSG_ID } from '../mavlink/dialect/types';
import type { Inspector } from '../vehicle/inspector';

export interface GcsPeer {
  sysid: number;
  compid: number;
  /** When its last heartbeat arrived, Unix milliseconds. */
  lastMs: number;
  /** Its last heartbeat was signed (and, on a link that verifies, verified). */
  signed: boolean;
}

/** A GCS silent this long is no longer listed. */
export const PEER_SILENT_MS = 5000;

export function gcsPeers(inspector: Inspector, nowMs: number): GcsPeer[] {
  return inspector
    .latest(MSG_ID.HEARTBEAT)
    .filter((h) => h.fields.type === MAV_TYPE.MAV_TYPE_GCS && nowMs - h.lastMs <= PEER_SILENT_MS)
    .map(({ sysid, compid, lastMs, signed }) => ({ sysid, compid, lastMs, signed }))
    .sort((a, b) => a.sysid - b.sysid || a.compid - b.compid);
}

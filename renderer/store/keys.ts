// How views name a vehicle: by (sysid, compid), and for a replayed log's
// vehicle by its replay link as well, so a replay of a flight never merges
// with the live vehicle of the same identity (its track, its messages, the
// selection).

/** A vehicle: one (sysid, compid) live, or in one replayed log. */
export interface VehicleKey {
  readonly sysid: number;
  readonly compid: number;
  /** Set for a replayed log's vehicle: the link that plays it. */
  readonly replay?: { readonly linkId: number };
}

export function vehicleKey(v: VehicleKey): string {
  const id = `${v.sysid}:${v.compid}`;
  return v.replay === undefined ? id : `${id}@${v.replay.linkId}`;
}

/** Just the key of a vehicle (its state has much more). */
export function keyOf(v: VehicleKey): VehicleKey {
  return v.replay === undefined
    ? { sysid: v.sysid, compid: v.compid }
    : { sysid: v.sysid, compid: v.compid, replay: { linkId: v.replay.linkId } };
}

export function sameVehicle(a: VehicleKey, b: VehicleKey): boolean {
  return vehicleKey(a) === vehicleKey(b);
}

/** What a request names a vehicle by: commands reach live vehicles only. */
export function liveTarget(v: VehicleKey): { sysid: number; compid: number } {
  return { sysid: v.sysid, compid: v.compid };
}

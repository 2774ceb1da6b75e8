// How views name a vehicle: by (sysid, compid) within its network (the MQTT
// network it is on; none for the direct links), and for a replayed log's
// vehicle by its replay link as well, so two networks' system 1 are two
// vehicles and a replay of a flight never merges with the live vehicle of
// the same identity (its track, its messages, the selection).

/** A vehicle: one (sysid, compid) live in one network, or in one replayed log. */
export interface VehicleKey {
  readonly sysid: number;
  readonly compid: number;
  /** The MQTT network it is on; absent for the direct links'. */
  readonly network?: string;
  /** Set for a replayed log's vehicle: the link that plays it. */
  readonly replay?: { readonly linkId: number };
}

export function vehicleKey(v: VehicleKey): string {
  const id = `${v.sysid}:${v.compid}`;
  const live = v.network === undefined ? id : `${id}/${v.network}`;
  return v.replay === undefined ? live : `${live}@${v.replay.linkId}`;
}

/** Just the key of a vehicle (its state has much more). */
export function keyOf(v: VehicleKey): VehicleKey {
  return {
    sysid: v.sysid,
    compid: v.compid,
    ...(v.network === undefined ? {} : { network: v.network }),
    ...(v.replay === undefined ? {} : { replay: { linkId: v.replay.linkId } }),
  };
}

export function sameVehicle(a: VehicleKey, b: VehicleKey): boolean {
  return vehicleKey(a) === vehicleKey(b);
}

/** What a request names a vehicle by: commands reach live vehicles only. */
export function liveTarget(v: VehicleKey): { sysid: number; compid: number; network?: string } {
  return v.network === undefined
    ? { sysid: v.sysid, compid: v.compid }
    : { sysid: v.sysid, compid: v.compid, network: v.network };
}

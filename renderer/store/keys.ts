/** A vehicle is one (sysid, compid). */
export interface VehicleKey {
  readonly sysid: number;
  readonly compid: number;
}

export function vehicleKey(v: VehicleKey): string {
  return `${v.sysid}:${v.compid}`;
}

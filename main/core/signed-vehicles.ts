// The vehicles whose frames have verified: from then on only accepted signed
// frames change what is shown of them. Kept by identity, apart from the
// vehicle table, so a signed vehicle dropped for its silence is still
// signed when something claims its identity later. A vehicle leaves only
// deliberately (signing turned off on it and confirmed, or forgotten by the
// pilot). Only key holders add to it; the identity space bounds it (65,536).

export interface VehicleId {
  sysid: number;
  compid: number;
}

export function vehicleKey(sysid: number, compid: number): number {
  return (sysid << 8) | compid;
}

export class SignedVehicles {
  private readonly keys = new Set<number>();

  has(sysid: number, compid: number): boolean {
    return this.keys.has(vehicleKey(sysid, compid));
  }

  /** True when it was not signed before. */
  add(sysid: number, compid: number): boolean {
    const key = vehicleKey(sysid, compid);
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    return true;
  }

  /** True when it was signed. */
  delete(sysid: number, compid: number): boolean {
    return this.keys.delete(vehicleKey(sysid, compid));
  }

  list(): VehicleId[] {
    return [...this.keys].sort((a, b) => a - b).map((k) => ({ sysid: k >> 8, compid: k & 0xff }));
  }
}

// The vehicles whose frames have verified: from then on only accepted signed
// frames change what is shown of them. Kept by identity, apart from the
// vehicle table, so a signed vehicle dropped for its silence is still
// signed when something claims its identity later. A vehicle leaves only
// deliberately (signing turned off on it and confirmed, or forgotten by the
// pilot). Only key holders add to it; the identity space bounds it (65,536
// per network, networks.ts).

export interface VehicleId {
  sysid: number;
  compid: number;
  /** The MQTT network it is on; absent for a vehicle of the direct links. */
  network?: string;
}

/** A signed vehicle with its network's number (networks.ts). */
export interface SignedId {
  network: number;
  sysid: number;
  compid: number;
}

export function vehicleKey(sysid: number, compid: number): number {
  return (sysid << 8) | compid;
}

function key(network: number, sysid: number, compid: number): number {
  return network * 0x10000 + vehicleKey(sysid, compid);
}

export class SignedVehicles {
  private readonly keys = new Set<number>();

  has(network: number, sysid: number, compid: number): boolean {
    return this.keys.has(key(network, sysid, compid));
  }

  /** True when it was not signed before. */
  add(network: number, sysid: number, compid: number): boolean {
    const k = key(network, sysid, compid);
    if (this.keys.has(k)) return false;
    this.keys.add(k);
    return true;
  }

  /** True when it was signed. */
  delete(network: number, sysid: number, compid: number): boolean {
    return this.keys.delete(key(network, sysid, compid));
  }

  /** By network, then system and component. */
  list(): SignedId[] {
    return [...this.keys]
      .sort((a, b) => a - b)
      .map((k) => ({ network: Math.floor(k / 0x10000), sysid: (k >> 8) & 0xff, compid: k & 0xff }));
  }
}

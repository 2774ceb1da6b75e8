// Where the MQTT benchmark's vehicles are: N vehicles spread evenly over K
// networks (one network holds at most 255 systems), systems 1.. in each.
// The generator publishes by it and the ground station opens its networks.

export const MAX_PER_NETWORK = 255;

/** How many networks N vehicles need: one up to 250, then one more per 250. */
export function networksFor(vehicles: number): number {
  return Math.max(1, Math.ceil(vehicles / 250));
}

/** The network name of index `i` of `count`: the base name alone when there is one. */
export function networkName(base: string, i: number, count: number): string {
  return count === 1 ? base : `${base}-${i}`;
}

export function fleetLayout(
  vehicles: number,
  networks: number,
  base: string,
): { network: string; sysid: number }[] {
  const perNetwork = Math.ceil(vehicles / networks);
  if (perNetwork > MAX_PER_NETWORK) {
    throw new Error(`${vehicles} vehicles need more than ${networks} network(s)`);
  }
  return Array.from({ length: vehicles }, (_, i) => ({
    network: networkName(base, Math.floor(i / perNetwork), networks),
    sysid: (i % perNetwork) + 1,
  }));
}

// Which systems share one identity space. MAVLink names a system by one
// byte, so a system id means something only within its network: the
// direct links (UDP, TCP, serial) reach one network together, as they
// always have (two radios to one vehicle are one vehicle), and each MQTT
// network is another, named by its topic level, so two networks can each
// have a system 1 and a fleet can be larger than 255 systems. Vehicles,
// signed vehicles, signing streams and the vehicle bounds are kept per
// network. A replayed log's frames stay in the direct network's signing
// streams (a capture played back is caught as a replay) while its
// vehicles are kept apart (vehicle-table.ts).

import type { ConnectionConfig } from '../links/connection';

/** The network of every direct link. */
export const DIRECT_NETWORK = 0;

export class Networks {
  private readonly numbers = new Map<string, number>();
  private readonly names: string[] = [];

  /** The number of the network a link with this configuration reaches. */
  of(config: ConnectionConfig): number {
    return config.kind === 'mqtt' ? this.number(config.network) : DIRECT_NETWORK;
  }

  /** An MQTT network's number, given at first use and kept (a handful of names, ever). */
  number(name: string): number {
    let n = this.numbers.get(name);
    if (n === undefined) {
      this.names.push(name);
      n = this.names.length;
      this.numbers.set(name, n);
    }
    return n;
  }

  /** The network by its name; DIRECT_NETWORK for none; undefined for a name never opened. */
  find(name: string | undefined): number | undefined {
    return name === undefined ? DIRECT_NETWORK : this.numbers.get(name);
  }

  /** The name of an MQTT network; undefined for the direct links'. */
  name(network: number): string | undefined {
    return network === DIRECT_NETWORK ? undefined : this.names[network - 1];
  }
}

/** The name of the MQTT network a link reaches; undefined for a direct link or a replay. */
export function networkName(config: ConnectionConfig): string | undefined {
  return config.kind === 'mqtt' ? config.network : undefined;
}

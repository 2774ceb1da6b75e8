// The vehicles the router tracks, bounded. Live vehicles are keyed by
// (sysid, compid); the vehicles of a replayed log by their link as well, so
// a replay is never merged with a live vehicle of the same identity. A
// system's vehicles are indexed together: every frame of a system goes to
// each of them (status texts of its other components).

import type { Link } from './link';
import type { StreamRequests } from './stream-requests';
import type { Vehicle } from '../vehicle/vehicle';

/** Where a replay vehicle comes from. */
export interface ReplaySource {
  linkId: number;
  /** The log's file name. */
  file: string;
}

export interface RoutedVehicle {
  readonly vehicle: Vehicle;
  /** The link the vehicle was last heard on: commands go out there (never to a replay). */
  readonly link: Link;
  /** Set on a vehicle of a replayed log; null for a live one. */
  readonly replay: ReplaySource | null;
  /** Whether its frames have verified: then only accepted signed frames reach it. */
  readonly signed: boolean;
}

export interface VehicleEntry extends RoutedVehicle {
  link: Link;
  signed: boolean;
  /** 0 for live vehicles, the replay link's id + 1 for a replay's. */
  readonly scope: number;
  lastHeardMs: number;
  /** When to ask it for its telemetry streams; null for a replay's vehicle, never asked. */
  readonly streams: StreamRequests<Link> | null;
}

export interface VehicleLimits {
  /** Vehicles tracked at once, live and replayed. */
  maxVehicles: number;
  /** New vehicles admitted per link on frames that did not verify: at once, then per second. */
  admitBurst: number;
  admitPerSecond: number;
  /**
   * Frames sent per link in answer to frames that did not verify (the
   * telemetry requests to a new vehicle): at once, then per second.
   */
  replyBurst: number;
  replyPerSecond: number;
  /** A vehicle silent this long is dropped. */
  forgetSilentMs: number;
  /** When the table is full, a new vehicle takes the place of an unsigned one silent this long. */
  replaceSilentMs: number;
}

/**
 * 64 vehicles covers a real MAVLink network (a swarm, each autopilot one
 * vehicle; cameras and radios are not vehicles). Admission and replies are
 * small: a network powering up comes in within seconds, and a flood of
 * spoofed identities costs at most 16 telemetry requests a second per link.
 */
export const DEFAULT_VEHICLE_LIMITS: VehicleLimits = {
  maxVehicles: 64,
  admitBurst: 16,
  admitPerSecond: 4,
  replyBurst: 32,
  replyPerSecond: 16,
  forgetSilentMs: 5 * 60_000,
  replaceSilentMs: 10_000,
};

/** 0 for a live link, the link's id + 1 for a replay. */
export function scopeOf(link: Link): number {
  return link.config.kind === 'tlog' ? link.id + 1 : 0;
}

function entryKey(scope: number, sysid: number, compid: number): number {
  return scope * 0x10000 + ((sysid << 8) | compid);
}

function systemKey(scope: number, sysid: number): number {
  return scope * 0x100 + sysid;
}

const NONE: readonly VehicleEntry[] = [];

export class VehicleTable {
  private readonly byKey = new Map<number, VehicleEntry>();
  private readonly bySystem = new Map<number, VehicleEntry[]>();

  get size(): number {
    return this.byKey.size;
  }

  values(): IterableIterator<VehicleEntry> {
    return this.byKey.values();
  }

  get(scope: number, sysid: number, compid: number): VehicleEntry | undefined {
    return this.byKey.get(entryKey(scope, sysid, compid));
  }

  /** The vehicles of one system in one scope. */
  system(scope: number, sysid: number): readonly VehicleEntry[] {
    return this.bySystem.get(systemKey(scope, sysid)) ?? NONE;
  }

  add(entry: VehicleEntry): void {
    const { sysid, compid } = entry.vehicle;
    this.byKey.set(entryKey(entry.scope, sysid, compid), entry);
    const key = systemKey(entry.scope, sysid);
    const list = this.bySystem.get(key);
    if (list === undefined) this.bySystem.set(key, [entry]);
    else list.push(entry);
  }

  remove(entry: VehicleEntry): void {
    const { sysid, compid } = entry.vehicle;
    this.byKey.delete(entryKey(entry.scope, sysid, compid));
    const key = systemKey(entry.scope, sysid);
    const rest = this.system(entry.scope, sysid).filter((e) => e !== entry);
    if (rest.length === 0) this.bySystem.delete(key);
    else this.bySystem.set(key, rest);
  }

  /** The unsigned vehicle silent longest, if it has been silent at least `silentMs`. */
  replaceable(now: number, silentMs: number): VehicleEntry | undefined {
    let found: VehicleEntry | undefined;
    for (const entry of this.byKey.values()) {
      if (entry.signed || now - entry.lastHeardMs < silentMs) continue;
      if (found === undefined || entry.lastHeardMs < found.lastHeardMs) found = entry;
    }
    return found;
  }

  /** Every vehicle silent at least `silentMs`. */
  silent(now: number, silentMs: number): VehicleEntry[] {
    return [...this.byKey.values()].filter((e) => now - e.lastHeardMs >= silentMs);
  }
}

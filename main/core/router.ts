// Every accepted frame, decoded once, goes to the message listener, the
// inspector and the vehicles of its system. A vehicle is created by its first HEARTBEAT and
// talks back over the link it was last heard on.

import type { Codec } from '../mavlink/codec';
import type { MessageDef } from '../mavlink/definition';
import { MSG_ID, type MessageName } from '../mavlink/dialect/types';
import type { FrameView } from '../mavlink/frame';
import type { Verdict } from '../signing/link-verifier';
import { Inspector } from '../vehicle/inspector';
import { systemClock, type Clock } from '../clock';
import type { IncomingMessage } from '../vehicle/io';
import { Vehicle, isVehicleHeartbeat, type VehicleOptions } from '../vehicle/vehicle';
import type { Link } from './link';
import { telemetryRequests } from './telemetry-request';

export interface RoutedVehicle {
  readonly vehicle: Vehicle;
  /** The link the vehicle was last heard on: commands go out there. */
  link: Link;
}

export interface RouterOptions {
  codec: Codec;
  clock?: Clock;
  vehicle?: Partial<Omit<VehicleOptions, 'sysid' | 'compid' | 'io'>>;
  onVehicle?: (entry: RoutedVehicle) => void;
  /**
   * Every routed message, decoded, with the link's verdict on it (null: no
   * key, nothing verified), before the vehicles see it: a vehicle's signing
   * change settles (and the link's policy with it) before anything answers.
   */
  onMessage?: (link: Link, msg: IncomingMessage, verdict: Verdict | null) => void;
}

export function vehicleKey(sysid: number, compid: number): number {
  return (sysid << 8) | compid;
}

export class Router {
  readonly inspector = new Inspector();
  private readonly entries = new Map<number, RoutedVehicle>();
  private readonly clock: Clock;
  private readonly defs = new Map<string, MessageDef>();

  constructor(private readonly options: RouterOptions) {
    this.clock = options.clock ?? systemClock;
  }

  vehicles(): RoutedVehicle[] {
    return [...this.entries.values()];
  }

  find(sysid: number, compid: number): RoutedVehicle | undefined {
    return this.entries.get(vehicleKey(sysid, compid));
  }

  route(link: Link, frame: FrameView, verdict: Verdict | null): void {
    const now = this.clock.now();
    const fields = this.options.codec.decode(frame);
    const msg: IncomingMessage = {
      msgid: frame.msgid,
      name: frame.def?.name,
      fields,
      sysid: frame.sysid,
      compid: frame.compid,
      signed: frame.signed,
    };
    this.options.onMessage?.(link, msg, verdict);
    this.inspector.record(msg, now);
    let entry = this.entries.get(vehicleKey(frame.sysid, frame.compid));
    if (entry === undefined && frame.msgid === MSG_ID.HEARTBEAT && fields !== undefined) {
      if (isVehicleHeartbeat(fields))
        entry = this.add(link, frame.sysid, frame.compid, Number(fields.autopilot));
    }
    if (entry !== undefined) entry.link = link;
    for (const other of this.entries.values()) {
      if (other.vehicle.sysid === frame.sysid) other.vehicle.handle(msg, now);
    }
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.vehicle.dispose();
    this.entries.clear();
  }

  private add(link: Link, sysid: number, compid: number, autopilot: number): RoutedVehicle {
    const clock = this.clock;
    const entry: RoutedVehicle = {
      link,
      vehicle: new Vehicle({
        ...this.options.vehicle,
        sysid,
        compid,
        io: {
          now: () => clock.now(),
          setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
          clearTimeout: (handle) => clock.clearTimeout(handle),
          send: (name, fields) => this.send(entry.link, name, fields),
        },
      }),
    };
    this.entries.set(vehicleKey(sysid, compid), entry);
    this.options.onVehicle?.(entry);
    for (const request of telemetryRequests(autopilot, { sysid, compid })) {
      this.send(link, request.name, request.fields);
    }
    return entry;
  }

  private send(link: Link, name: MessageName, fields: object): void {
    let def = this.defs.get(name);
    if (def === undefined) {
      def = this.options.codec.byName(name);
      if (def === undefined) return;
      this.defs.set(name, def);
    }
    link.send(def, fields as Record<string, unknown>);
  }
}

// Every accepted frame, decoded once, goes to the message listener, the
// inspector and the vehicles of its system. A vehicle is created by its
// first HEARTBEAT and talks back over the link it was last heard on. It is
// asked for its telemetry streams at its heartbeats whenever they are
// wanted (stream-requests.ts says when). A vehicle is one system of one
// network (networks.ts): two MQTT networks can each have a system 1.
// Other ground stations' heartbeats are kept as peers (peers.ts).
//
// What the pilot sees is part of the security:
// - once a vehicle's frames have verified it is signed, and only accepted
//   signed frames reach it; a frame that claims its identity without a
//   verified signature, on any live link of its network, is dropped as
//   impersonation;
// - a replayed log's vehicles are its own, never merged with live ones and
//   never sent anything;
// - what a peer can make Sigil allocate or send is bounded: vehicles
//   tracked per network, vehicles admitted per second per link, ground
//   stations remembered, and the telemetry requests sent in answer to
//   frames that did not verify.

import { basename } from 'node:path';
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
import type { DropReason } from './link-drops';
import { Networks } from './networks';
import { PeerTable, isGcsHeartbeat } from './peers';
import { SignedVehicles, type VehicleId } from './signed-vehicles';
import { StreamRequests, type StreamRequestReason } from './stream-requests';
import { telemetryRequests } from './telemetry-request';
import { TokenBucket } from './token-bucket';
import {
  DEFAULT_VEHICLE_LIMITS,
  VehicleTable,
  isReplayScope,
  scopeOf,
  type RoutedVehicle,
  type VehicleEntry,
  type VehicleLimits,
} from './vehicle-table';

export type { RoutedVehicle, ReplaySource, VehicleLimits } from './vehicle-table';
export { vehicleKey, type VehicleId } from './signed-vehicles';

export interface RouterOptions {
  codec: Codec;
  clock?: Clock;
  vehicle?: Partial<Omit<VehicleOptions, 'sysid' | 'compid' | 'io' | 'replay'>>;
  limits?: Partial<VehicleLimits>;
  onVehicle?: (entry: RoutedVehicle) => void;
  /** A vehicle was dropped: silent too long, replaced in a full table, or its replay closed. */
  onVehicleGone?: (entry: RoutedVehicle) => void;
  /** A vehicle became signed, or left the signed state. */
  onSigned?: (id: VehicleId, signed: boolean) => void;
  /**
   * Every routed message, decoded, with the link's verdict on it (null: no
   * key, nothing verified), before the vehicles see it: a vehicle's signing
   * change settles (and the link's policy with it) before anything answers.
   * It also hears frames then dropped as impersonation: turning signing off
   * is confirmed by the vehicle's first unsigned heartbeat.
   */
  onMessage?: (link: Link, msg: IncomingMessage, verdict: Verdict | null) => void;
}

/** What a flood has been refused. */
export interface RouterCounts {
  /** New vehicles not admitted: the network's share of the table full, or the link's admission rate spent. */
  vehiclesRefused: number;
  /** Telemetry requests not sent: the link's reply budget spent (asked again at a later heartbeat). */
  repliesWithheld: number;
  /** Times a vehicle was asked for its telemetry streams. */
  streamRequests: number;
}

interface LinkBudget {
  admit: TokenBucket;
  reply: TokenBucket;
}

const SWEEP_MS = 1000;

export class Router {
  /** What live links hear; each replay has its own (`replayInspector`). */
  readonly inspector = new Inspector();
  readonly counts: RouterCounts = { vehiclesRefused: 0, repliesWithheld: 0, streamRequests: 0 };
  readonly limits: VehicleLimits;
  /** The networks the links reach: the Gcs gives each link its number from these. */
  readonly networks = new Networks();
  /** Other ground stations heard on live links. */
  readonly peers = new PeerTable();
  private readonly replayInspectors = new Map<Link, Inspector>();
  private readonly table = new VehicleTable();
  private readonly signed = new SignedVehicles();
  private readonly budgets = new WeakMap<Link, LinkBudget>();
  private readonly clock: Clock;
  private readonly defs = new Map<string, MessageDef>();
  private sweptAt = -Infinity;

  constructor(private readonly options: RouterOptions) {
    this.clock = options.clock ?? systemClock;
    this.limits = { ...DEFAULT_VEHICLE_LIMITS, ...options.limits };
  }

  /** Every vehicle tracked, live and replayed. */
  vehicles(): RoutedVehicle[] {
    return [...this.table.values()];
  }

  /** A live vehicle; `network`: the MQTT network it is on (none: the direct links'). */
  find(sysid: number, compid: number, network?: string): RoutedVehicle | undefined {
    const n = this.networks.find(network);
    return n === undefined ? undefined : this.table.get(n, sysid, compid);
  }

  /** A vehicle of the log replayed on `link`. */
  findReplay(link: Link, sysid: number, compid: number): RoutedVehicle | undefined {
    return this.table.get(scopeOf(link), sysid, compid);
  }

  replayInspector(link: Link): Inspector | undefined {
    return this.replayInspectors.get(link);
  }

  signedVehicles(): VehicleId[] {
    return this.signed
      .list()
      .map(({ network, sysid, compid }) => this.idOf(network, sysid, compid));
  }

  isSigned(sysid: number, compid: number, network?: string): boolean {
    const n = this.networks.find(network);
    return n !== undefined && this.signed.has(n, sysid, compid);
  }

  /**
   * Takes a vehicle out of the signed state (signing turned off on it, or
   * the pilot says it no longer signs). False when it was not signed.
   */
  forgetSigned(sysid: number, compid: number, network?: string): boolean {
    const n = this.networks.find(network);
    if (n === undefined || !this.signed.delete(n, sysid, compid)) return false;
    const entry = this.table.get(n, sysid, compid);
    if (entry !== undefined) entry.signed = false;
    this.options.onSigned?.(this.idOf(n, sysid, compid), false);
    return true;
  }

  /** Routes one accepted frame; answers why it was dropped, or null. */
  route(link: Link, frame: FrameView, verdict: Verdict | null): DropReason | null {
    const now = this.clock.now();
    const scope = scopeOf(link);
    const live = !isReplayScope(scope);
    const verified = verdict === 'ok';
    const claimsSigned = live && !verified && this.signed.has(scope, frame.sysid, frame.compid);
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
    // Asked again: the message may have confirmed that signing is now off there.
    if (claimsSigned && this.signed.has(scope, frame.sysid, frame.compid)) return 'impersonation';
    if (now - this.sweptAt >= SWEEP_MS) this.sweep(now);

    (live ? this.inspector : this.inspectorOf(link)).record(msg, now);
    let entry = this.table.get(scope, frame.sysid, frame.compid);
    const heartbeat = frame.msgid === MSG_ID.HEARTBEAT && fields !== undefined;
    if (live && heartbeat && isGcsHeartbeat(fields)) {
      this.peers.heard(link.id, frame.sysid, frame.compid, frame.signed, now);
    }
    if (entry === undefined && heartbeat && isVehicleHeartbeat(fields)) {
      entry = this.admit(link, scope, frame, verified, now);
    }
    if (entry !== undefined) {
      entry.link = link;
      entry.lastHeardMs = now;
      if (verified && live && !entry.signed) this.markSigned(entry);
    }
    for (const other of this.table.system(scope, frame.sysid)) {
      if (other.signed && !verified) continue;
      other.vehicle.handle(msg, now);
    }
    // After the vehicle has seen the frame: a heartbeat after silence finds its telemetry stale.
    if (entry?.streams && heartbeat) {
      const reason = entry.streams.due(link, entry.vehicle.telemetryMissing(now), now);
      if (reason !== null)
        this.requestStreams(entry, Number(fields.autopilot), verified, now, reason);
    }
    return null;
  }

  /**
   * Asks the live vehicles again at their next heartbeat: the key changed,
   * or a vehicle's signing change completed (`target` given: that vehicle only).
   */
  streamsVoided(reason: StreamRequestReason, target?: VehicleId): void {
    const network = target === undefined ? undefined : this.networks.find(target.network);
    for (const entry of this.table.values()) {
      const { sysid, compid } = entry.vehicle;
      if (
        target === undefined ||
        (target.sysid === sysid && target.compid === compid && entry.scope === network)
      ) {
        entry.streams?.invalidate(reason);
      }
    }
  }

  /** A link (re)connected or changed how it signs: what was asked over it is void. */
  linkReset(link: Link): void {
    for (const entry of this.table.values()) entry.streams?.forgetLink(link);
  }

  /** Drops the vehicles silent for `limits.forgetSilentMs`. */
  sweep(now = this.clock.now()): void {
    this.sweptAt = now;
    for (const entry of this.table.silent(now, this.limits.forgetSilentMs)) this.remove(entry);
  }

  /** A link closed: a replay's vehicles and inspector go with it. */
  closeLink(link: Link): void {
    this.replayInspectors.delete(link);
    this.peers.forgetLink(link.id);
    this.linkReset(link);
    const scope = scopeOf(link);
    if (!isReplayScope(scope)) return;
    for (const entry of [...this.table.values()]) if (entry.scope === scope) this.remove(entry);
  }

  dispose(): void {
    for (const entry of this.table.values()) entry.vehicle.dispose();
    for (const entry of [...this.table.values()]) this.table.remove(entry);
    this.replayInspectors.clear();
  }

  private admit(
    link: Link,
    scope: number,
    frame: FrameView,
    verified: boolean,
    now: number,
  ): VehicleEntry | undefined {
    let replaced: VehicleEntry | undefined;
    if (this.table.sizeOf(scope) >= this.limits.maxVehicles) {
      replaced = this.table.replaceable(scope, now, this.limits.replaceSilentMs);
      if (replaced === undefined) {
        this.counts.vehiclesRefused++;
        return undefined;
      }
    }
    if (!verified && !this.budget(link, now).admit.take(1, now)) {
      this.counts.vehiclesRefused++;
      return undefined;
    }
    if (replaced !== undefined) this.remove(replaced);
    return this.add(link, scope, frame.sysid, frame.compid, now);
  }

  private add(link: Link, scope: number, sysid: number, compid: number, now: number): VehicleEntry {
    const clock = this.clock;
    const config = link.config;
    const replay = config.kind === 'tlog' ? { linkId: link.id, file: basename(config.path) } : null;
    const entry: VehicleEntry = {
      link,
      replay,
      scope,
      signed: !isReplayScope(scope) && this.signed.has(scope, sysid, compid),
      lastHeardMs: now,
      // A replay is never asked for anything.
      streams: replay === null ? new StreamRequests<Link>() : null,
      vehicle: new Vehicle({
        ...this.options.vehicle,
        sysid,
        compid,
        ...(replay === null ? {} : { replay }),
        io: {
          now: () => clock.now(),
          setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
          clearTimeout: (handle) => clock.clearTimeout(handle),
          send: (name, fields) => {
            if (entry.replay === null) this.send(entry.link, name, fields);
          },
          canSign: () => entry.link.canSign,
          requiresSigning: () => entry.link.signingPolicy.require,
        },
      }),
    };
    this.table.add(entry);
    entry.vehicle.events.on('reboot', () => entry.streams?.invalidate('reboot'));
    this.options.onVehicle?.(entry);
    return entry;
  }

  private remove(entry: VehicleEntry): void {
    this.table.remove(entry);
    entry.vehicle.dispose();
    this.options.onVehicleGone?.(entry);
  }

  private markSigned(entry: VehicleEntry): void {
    entry.signed = true;
    const { sysid, compid } = entry.vehicle;
    if (this.signed.add(entry.scope, sysid, compid)) {
      this.options.onSigned?.(this.idOf(entry.scope, sysid, compid), true);
    }
  }

  private idOf(network: number, sysid: number, compid: number): VehicleId {
    const name = this.networks.name(network);
    return name === undefined ? { sysid, compid } : { sysid, compid, network: name };
  }

  /**
   * Asks a vehicle for its telemetry, over the link its heartbeat came in
   * on. In answer to a frame that did not verify, only within the link's
   * reply budget: spoofed heartbeats must not turn Sigil into an amplifier.
   * Held back, it is asked at a later heartbeat.
   */
  private requestStreams(
    entry: VehicleEntry,
    autopilot: number,
    verified: boolean,
    now: number,
    reason: StreamRequestReason,
  ): void {
    const { sysid, compid } = entry.vehicle;
    const link = entry.link;
    const requests = telemetryRequests(autopilot, { sysid, compid });
    if (!verified && !this.budget(link, now).reply.take(requests.length, now)) {
      this.counts.repliesWithheld += requests.length;
      return;
    }
    entry.streams!.sent(link, reason, now);
    this.counts.streamRequests++;
    for (const request of requests) this.send(link, request.name, request.fields);
  }

  private budget(link: Link, now: number): LinkBudget {
    let budget = this.budgets.get(link);
    if (budget === undefined) {
      const l = this.limits;
      budget = {
        admit: new TokenBucket(l.admitBurst, l.admitPerSecond, now),
        reply: new TokenBucket(l.replyBurst, l.replyPerSecond, now),
      };
      this.budgets.set(link, budget);
    }
    return budget;
  }

  private inspectorOf(link: Link): Inspector {
    let inspector = this.replayInspectors.get(link);
    if (inspector === undefined) {
      inspector = new Inspector();
      this.replayInspectors.set(link, inspector);
    }
    return inspector;
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

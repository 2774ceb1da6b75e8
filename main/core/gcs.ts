// The ground station without its window: links, signing, vehicles, the
// flight log and the GCS heartbeat, in plain Node. The desktop app, the
// headless host and the command line all drive one of these.

import { createModesCodec } from '../vehicle/available-modes';
import type { Codec } from '../mavlink/codec';
import type { SerialBinding } from '../../native/serial';
import { parseConnection, type ConnectionConfig } from '../links/connection';
import { createTransport } from '../links/create-transport';
import { NO_SERIAL } from '../links/serial';
import type { ReplayProgress } from '../links/replay';
import type { LinkState } from '../links/transport';
import { TlogRecorder } from '../logs/recorder';
import type { SigningKey } from '../signing/key';
import { Emitter } from '../vehicle/emitter';
import type { StatusTextEntry } from '../vehicle/statustext';
import { DEFAULT_LINK_SIGNING, Link, type LinkSigningPolicy } from './link';
import {
  Router,
  type ReplaySource,
  type RoutedVehicle,
  type VehicleId,
  type VehicleLimits,
} from './router';
import { SigningService } from './signing-service';
import { loadIdentity, type GcsIdentity } from './identity';
import { networkName } from './networks';
import type { GcsPeer } from './peers';
import { GCS_HEARTBEAT } from './telemetry-request';
import {
  VehicleSigning,
  type SigningChangeKind,
  type SigningChangeResult,
} from './vehicle-signing';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HELD } from '../signing/clock';
import { DEFAULT_MAX_STREAMS } from '../signing/stream-table';
import { describeClockHealth, type ClockHealth } from '../signing/persistent-clock';
import type { Clock } from '../clock';

export interface GcsOptions {
  /** Where the signing clock and the flight logs live; created (owner-only) at start. */
  dataDir: string;
  /**
   * The GCS's own MAVLink identity. Left out, it is the one kept in
   * `dataDir` (identity.json; see core/identity.ts), chosen once.
   */
  sysid?: number;
  compid?: number;
  /** Where its links' signing link ids start (link N signs with base + N). */
  linkIdBase?: number;
  /** Record every link to a tlog in `dataDir/logs`. Default true. */
  record?: boolean;
  /** Keep signatures in the tlog (a forensic capture). Default false. */
  keepSignatures?: boolean;
  /** The serial-port binding (from native/); serial links fail clearly without one. */
  serial?: SerialBinding;
  heartbeatIntervalMs?: number;
  /** How long a vehicle has to confirm a signing change. Default 5 s. */
  signingTimeoutMs?: number;
  maxStreams?: number;
  /** How far ahead of the reference a signed frame may be, in timestamp units. Default 24 h. */
  futureHorizon?: number;
  /** Where problems a person must know of go, one sentence each (the signing clock's files). */
  log?: (message: string) => void;
  /** Bounds on the vehicles tracked and on what is sent to unverified peers. */
  vehicles?: Partial<VehicleLimits>;
  /**
   * Paces replays and times the flight log (its records and its flushes).
   * By default Node's own: monotonic for the pace, wall time for the log.
   */
  clock?: Clock;
}

export interface GcsEvents {
  linkState: { link: Link; state: LinkState };
  linkOpened: Link;
  linkClosed: Link;
  vehicle: RoutedVehicle;
  /** A vehicle dropped: silent too long, replaced in a full table, or its replay closed. */
  vehicleGone: RoutedVehicle;
  /** A vehicle became signed (its frames verified) or left the signed state. */
  signedVehicle: VehicleId & { signed: boolean };
  /** `replay`: the vehicle is a replayed log's (null for a live one); `network`: its MQTT network. */
  statustext: {
    sysid: number;
    compid: number;
    network: string | undefined;
    replay: ReplaySource | null;
    entry: StatusTextEntry;
  };
  recorderError: string;
  replayProgress: { link: Link; progress: ReplayProgress };
  key: { fingerprint: string | null };
  /** The signing clock's health changed (see ClockHealth). */
  signingClock: ClockHealth;
}

export class Gcs {
  readonly events = new Emitter<GcsEvents>();
  // The dialect and AVAILABLE_MODES, which vehicles answer with the modes they have.
  readonly codec: Codec = createModesCodec();
  readonly router: Router;
  /** Vehicles' signing changes under way; it hears every routed message. */
  readonly vehicleSigning: VehicleSigning;
  readonly recorder: TlogRecorder | null;
  private readonly linksById = new Map<number, Link>();
  /** Its own MAVLink identity and where its signing link ids start. */
  readonly identity: GcsIdentity;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  private constructor(
    readonly signing: SigningService,
    private readonly options: GcsOptions,
    identity: GcsIdentity,
  ) {
    this.identity = identity;
    this.vehicleSigning = new VehicleSigning(
      this.codec.byName('SETUP_SIGNING'),
      options.signingTimeoutMs ?? 5000,
      (change, result) => {
        // Confirmed by the vehicle: it no longer signs, so its unsigned frames are its own.
        if (result.ok && result.kind === 'disable') {
          const { sysid, compid, network } = change.target;
          this.router.forgetSigned(sysid, compid, network);
        }
        // Asked again as it now signs (or not): earlier requests may have been ignored.
        if (result.ok) this.router.streamsVoided('signing changed', change.target);
      },
    );
    this.router = new Router({
      codec: this.codec,
      // Command acknowledgements are addressed to this identity.
      vehicle: { gcsSysid: identity.sysid, gcsCompid: identity.compid },
      ...(options.vehicles === undefined ? {} : { limits: options.vehicles }),
      onVehicle: (entry) => {
        entry.vehicle.events.on('statustext', (entry2) =>
          this.events.emit('statustext', {
            sysid: entry.vehicle.sysid,
            compid: entry2.compid ?? entry.vehicle.compid,
            network: networkName(entry.link.config),
            replay: entry.replay,
            entry: entry2,
          }),
        );
        this.events.emit('vehicle', entry);
      },
      onVehicleGone: (entry) => this.events.emit('vehicleGone', entry),
      onSigned: (id, signed) => this.events.emit('signedVehicle', { ...id, signed }),
      onMessage: (link, msg, verdict) => this.vehicleSigning.observe(link, msg, verdict),
    });
    this.recorder =
      options.record === false
        ? null
        : new TlogRecorder({
            dir: join(options.dataDir, 'logs'),
            keepSignatures: options.keepSignatures ?? false,
            clock: options.clock,
            onError: (message) => this.events.emit('recorderError', message),
          });
    const heartbeat = setInterval(() => this.sendHeartbeats(), options.heartbeatIntervalMs ?? 1000);
    const rates = setInterval(() => {
      const now = Date.now();
      for (const link of this.linksById.values()) link.sampleRates(now);
      this.router.sweep();
    }, 1000);
    heartbeat.unref();
    rates.unref();
    this.timers.push(heartbeat, rates);
  }

  static async start(options: GcsOptions): Promise<Gcs> {
    const log = options.log ?? (() => undefined);
    // Whatever is recorded, the clock lives here: a folder that does not
    // exist would make every save fail.
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 }).catch((error: unknown) =>
      log(`cannot create the data folder ${options.dataDir}: ${messageOf(error)}`),
    );
    const started: { gcs?: Gcs } = {};
    let said = '';
    const signing = await SigningService.open({
      dataDir: options.dataDir,
      maxStreams: options.maxStreams ?? streamsFor(options.vehicles?.maxVehicles),
      futureHorizon: options.futureHorizon,
      onClockHealth: (health) => {
        const sentence = describeClockHealth(health);
        if (sentence !== said) log(sentence);
        said = sentence;
        started.gcs?.events.emit('signingClock', health);
      },
    });
    started.gcs = new Gcs(signing, options, await identityOf(options, log));
    return started.gcs;
  }

  get keyFingerprint(): string | null {
    return this.signing.currentKey?.fingerprint ?? null;
  }

  /** Sets (or with null removes) the key every link signs and verifies with. */
  setKey(key: SigningKey | null): void {
    const context = this.signing.setKey(key);
    for (const link of this.linksById.values()) link.useSigning(context);
    // Requests sent unsigned (or with the old key) to a vehicle that signs were ignored.
    this.router.streamsVoided('signing changed');
    this.events.emit('key', { fingerprint: key?.fingerprint ?? null });
  }

  links(): Link[] {
    return [...this.linksById.values()];
  }

  link(id: number): Link | undefined {
    return this.linksById.get(id);
  }

  /** Opens a link from a connection string or a parsed configuration. */
  openLink(connection: string | ConnectionConfig, policy: Partial<LinkSigningPolicy> = {}): Link {
    if (this.closed) throw new Error('the GCS is shut down');
    const config = typeof connection === 'string' ? parseConnection(connection) : connection;
    const id = this.freeLinkId();
    // The transport reports progress; the link it belongs to exists only after it.
    const opened: { link?: Link } = {};
    const transport = createTransport(config, this.options.serial ?? NO_SERIAL, {
      replay: {
        clock: this.options.clock,
        onProgress: (progress) => {
          if (opened.link) this.events.emit('replayProgress', { link: opened.link, progress });
        },
      },
    });
    const network = this.router.networks.of(config);
    const link = new Link(
      id,
      transport,
      this.codec,
      this.identity,
      {
        onFrame: (l, frame, verdict) => this.router.route(l, frame, verdict),
        // A replayed log is already on disk: recording it again would grow the
        // session log while it is being read.
        onTraffic:
          this.recorder === null || config.kind === 'tlog'
            ? undefined
            : (_l, bytes, def) => this.recorder!.record(bytes, def),
        onState: (l, state) => {
          // A new connection: the vehicle at the other end may have forgotten what it was asked.
          if (state.status === 'connected') this.router.linkReset(l);
          this.events.emit('linkState', { link: l, state });
        },
        onPeer: (l) => this.router.linkReset(l),
      },
      network,
    );
    opened.link = link;
    link.useSigning(this.signing.currentContext);
    // With a key set, a new link signs from its first frame: a vehicle that
    // requires signing ignores anything else, and one that does not takes
    // signed frames too.
    const sign = this.signing.currentKey !== null;
    link.setSigningPolicy({ ...DEFAULT_LINK_SIGNING, sign, ...policy });
    this.linksById.set(id, link);
    link.start();
    this.events.emit('linkOpened', link);
    return link;
  }

  async closeLink(id: number): Promise<boolean> {
    const link = this.linksById.get(id);
    if (link === undefined) return false;
    this.linksById.delete(id);
    this.vehicleSigning.cancel(link, 'the link was closed');
    this.router.closeLink(link);
    await link.close();
    this.events.emit('linkClosed', link);
    return true;
  }

  setLinkSigning(id: number, policy: LinkSigningPolicy): boolean {
    const link = this.linksById.get(id);
    if (link === undefined) return false;
    link.setSigningPolicy(policy);
    // Asked again over it, signed now if it signs.
    this.router.linkReset(link);
    return true;
  }

  /** The vehicles whose frames have verified: only accepted signed frames reach them. */
  signedVehicles(): VehicleId[] {
    return this.router.signedVehicles();
  }

  /**
   * Forgets that a vehicle signs (after a reflash, say): its unsigned frames
   * reach it again. False when it was not signed. `network`: the MQTT
   * network it is on (none: the direct links').
   */
  forgetSignedVehicle(sysid: number, compid: number, network?: string): boolean {
    return this.router.forgetSigned(sysid, compid, network);
  }

  /** The other ground stations heard lately, with the link each was heard on. */
  peers(now = Date.now()): GcsPeer[] {
    return this.router.peers.list(now);
  }

  /**
   * Puts the current key on a vehicle (`enable`) or turns signing off there
   * (`disable`), over the link it was last heard on. Refused while it is armed.
   * `network`: the MQTT network it is on (none: the direct links').
   */
  async changeVehicleSigning(
    sysid: number,
    compid: number,
    kind: SigningChangeKind,
    network?: string,
  ): Promise<SigningChangeResult> {
    const entry = this.router.find(sysid, compid, network);
    if (entry === undefined) {
      const where = network === undefined ? '' : ` on network ${network}`;
      return { ok: false, kind, reason: `no vehicle ${sysid}/${compid}${where}` };
    }
    if (entry.vehicle.snapshot(Date.now()).armed) {
      return {
        ok: false,
        kind,
        reason: 'the vehicle is armed: disarm it before changing its signing',
      };
    }
    const key = this.signing.currentKey;
    if (kind === 'enable' && key === null) return { ok: false, kind, reason: 'no key is set' };
    const link = entry.link;
    // SETUP_SIGNING carries the key in clear: a broker and everyone on it would read it.
    if (kind === 'enable' && link.config.kind === 'mqtt') {
      return {
        ok: false,
        kind,
        reason:
          'the key would cross the MQTT broker in clear: put it on the vehicle over a direct link (USB, or a radio only you use)',
      };
    }
    if (this.vehicleSigning.pendingOn(link) !== undefined) {
      return { ok: false, kind, reason: 'a signing change is already under way on this link' };
    }
    // SETUP_SIGNING's initial timestamp is not a signed frame's: a held
    // clock (see signing/persistent-clock.ts) still gives where it stands.
    const clock = this.signing.persistent.clock;
    const next = clock.next();
    const initial = next === HELD ? clock.current() : next;
    const target = network === undefined ? { sysid, compid } : { sysid, compid, network };
    return this.vehicleSigning.begin(link, target, kind, key, initial).result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.vehicleSigning.cancelAll('the GCS is shutting down');
    await Promise.all([...this.linksById.values()].map((l) => l.close()));
    this.linksById.clear();
    this.router.dispose();
    await this.recorder?.close();
    await this.signing.close();
  }

  private sendHeartbeats(): void {
    const def = this.codec.byName(GCS_HEARTBEAT.name)!;
    for (const link of this.linksById.values()) {
      // Nobody listens at the other end of a log; a signed heartbeat would spend a timestamp.
      if (link.config.kind !== 'tlog') link.send(def, GCS_HEARTBEAT.fields);
    }
  }

  private freeLinkId(): number {
    for (let id = 0; id < 256; id++) if (!this.linksById.has(id)) return id;
    throw new Error('all 256 link ids are in use');
  }
}

/**
 * Signing streams per network when none are asked for: the default table,
 * or more where a network may hold more vehicles, each signing on a stream
 * of its own, with room for the operators beside them.
 */
function streamsFor(maxVehicles: number | undefined): number | undefined {
  return maxVehicles === undefined ? undefined : Math.max(DEFAULT_MAX_STREAMS, maxVehicles + 16);
}

/** The identity the options give, the rest from the data folder's. */
async function identityOf(
  options: GcsOptions,
  log: (message: string) => void,
): Promise<GcsIdentity> {
  const { sysid, compid, linkIdBase } = options;
  if (sysid !== undefined && compid !== undefined)
    return { sysid, compid, linkIdBase: linkIdBase ?? 0 };
  const kept = await loadIdentity(options.dataDir, log);
  return {
    sysid: sysid ?? kept.sysid,
    compid: compid ?? kept.compid,
    linkIdBase: linkIdBase ?? kept.linkIdBase,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// The core's state mapped onto the Api's wire types (protocol/wire-types.ts),
// field by field, in this one place. The wire format is a promise to every
// user interface: a core type that loses or changes a field, or gains a
// verdict, a link kind or a command outcome, stops compiling here instead of
// changing what goes out. A field the core gains stays off the wire until
// it is mapped here.

import { basename } from 'node:path';
import type {
  Attitude,
  Battery,
  BatteryStatus,
  BrokerInfo,
  ClockState,
  CommandResult,
  DropCounts,
  FlyToTarget,
  GlobalPosition,
  Gps,
  Home,
  Hud,
  InspectorComponent,
  InspectorMessage,
  KnownPlan,
  LinkInfo,
  LinkKind,
  LinkState,
  LinkStats,
  MissionItem,
  MissionTransfer,
  ParamEntry,
  PlanFile,
  PlanSummary,
  RefusalReason,
  Rejection,
  ReplayProgress,
  ReplaySource,
  Sensors,
  SerialPortEntry,
  SigningClockHealth,
  SigningState,
  StatusTextEntry,
  StreamInfo,
  TelemetryAge,
  TelemetryAges,
  TileArea,
  TileAreaEstimate,
  TileCacheStats,
  TileDownloadProgress,
  TileDownloadState,
  TileSourceInfo,
  VerdictCounts,
  VehicleDetails,
  VehicleId,
  VehicleMission,
  VehicleState,
} from '../../protocol/wire-types';
import type { SerialPortInfo } from '../../native/serial';
import type { Gcs } from '../core/gcs';
import type { Link, LinkRejection, LinkStats as CoreLinkStats } from '../core/link';
import type { DropCounts as CoreDropCounts } from '../core/link-drops';
import { networkName } from '../core/networks';
import type { RoutedVehicle, VehicleId as CoreVehicleId } from '../core/router';
import type { MqttTransport } from '../links/mqtt';
import { formatConnection, type ConnectionConfig } from '../links/connection';
import type { ReplayProgress as CoreReplayProgress } from '../links/replay';
import type { LinkState as CoreLinkState } from '../links/transport';
import type { VerdictCounts as CoreVerdictCounts } from '../signing/link-verifier';
import {
  describeClockHealth,
  type ClockHealth as CoreClockHealth,
  type ClockState as CoreClockState,
} from '../signing/persistent-clock';
import type { StreamInfo as CoreStreamInfo } from '../signing/stream-table';
import type { CommandResult as CoreCommandResult } from '../vehicle/command-runner';
import type { InspectorComponent as CoreInspectorComponent } from '../vehicle/inspector';
import type { FlyToTarget as CoreFlyToTarget } from '../vehicle/fly-to-target';
import type { KnownPlan as CoreKnownPlan, TransferState } from '../vehicle/mission-client';
import type { MissionItem as CoreMissionItem } from '../vehicle/mission-items';
import type { Plan as CorePlan } from '../vehicle/plan';
import type { ParamEntry as CoreParamEntry } from '../vehicle/param-client';
import type { GroupAge, TelemetryAges as CoreTelemetryAges } from '../vehicle/freshness';
import type { StatusTextEntry as CoreStatusTextEntry } from '../vehicle/statustext';
import type * as Core from '../vehicle/telemetry';
import type {
  PlanSummary as CorePlanSummary,
  VehicleMission as CoreVehicleMission,
  VehicleSnapshot,
} from '../vehicle/vehicle';
import type { Area, DownloadProgress, DownloadState } from '../tiles/area-download';
import type { AreaEstimate, TileSourceInfo as CoreTileSourceInfo } from '../tiles/map-tiles';
import type { CacheStats } from '../tiles/tile-cache';

const LINK_KIND: { readonly [K in ConnectionConfig['kind']]: LinkKind } = {
  udpin: 'udpin',
  udpout: 'udpout',
  tcp: 'tcp',
  tcpin: 'tcpin',
  serial: 'serial',
  tlog: 'tlog',
  mqtt: 'mqtt',
};

// A verdict or drop reason the core adds (a rejection reason above all)
// fails to compile here until the wire has a name for it.
const REFUSED: { readonly [V in LinkRejection['verdict']]: RefusalReason } = {
  'bad-signature': 'bad-signature',
  replay: 'replay',
  stale: 'stale',
  future: 'future',
  'too-many-streams': 'too-many-streams',
  unsigned: 'unsigned',
  impersonation: 'impersonation',
  'own-identity': 'own-identity',
};

const CLOCK_STATE: { readonly [S in CoreClockState]: ClockState } = {
  ok: 'ok',
  unproven: 'unproven',
  unsaved: 'unsaved',
  exhausted: 'exhausted',
};

/**
 * The connection as a person reads it. A replay shows its file name only:
 * the rest of the path says where the GCS keeps its data, which a remote
 * session has no need to know.
 */
export function connectionText(link: Link): string {
  const config = link.config;
  return config.kind === 'tlog' ? `tlog:${basename(config.path)}` : formatConnection(config);
}

/** A link as the Api shows it, with the ground stations heard on it and, for MQTT, its broker. */
export function linkInfo(link: Link, gcs: Gcs): LinkInfo {
  const policy = link.signingPolicy;
  const info: LinkInfo = {
    id: link.id,
    connection: connectionText(link),
    kind: LINK_KIND[link.config.kind],
    state: linkState(link.state),
    policy: {
      sign: policy.sign,
      require: policy.require,
      allowUnsigned: [...policy.allowUnsigned],
    },
    stats: linkStats(link.stats()),
    peers: gcs
      .peers()
      .filter((p) => p.linkId === link.id)
      .map((p) => ({ sysid: p.sysid, compid: p.compid, lastMs: p.lastMs, signed: p.signed })),
  };
  const broker = link.broker;
  if (broker !== undefined) info.broker = brokerInfo(broker);
  return info;
}

export function brokerInfo(broker: MqttTransport): BrokerInfo {
  const s = broker.brokerStats();
  return {
    network: broker.config.network,
    protocolVersion: s.protocolVersion,
    connects: s.connects,
    outages: s.outages,
    lastContactMs: s.lastContactMs,
    retryAtMs: s.retryAtMs,
    published: s.published,
    unsent: s.unsent,
    received: s.received,
    malformed: s.malformed,
    misrouted: s.misrouted,
    bridges: broker.bridges().map((b) => ({ name: b.name, online: b.online })),
  };
}

export function linkState(state: CoreLinkState): LinkState {
  switch (state.status) {
    case 'connecting':
      return { status: 'connecting' };
    case 'connected':
      return { status: 'connected' };
    case 'error':
      return { status: 'error', message: state.message };
    case 'closed':
      return { status: 'closed' };
  }
}

export function linkStats(stats: CoreLinkStats): LinkStats {
  const { rates, parser } = stats;
  return {
    bytesIn: stats.bytesIn,
    bytesOut: stats.bytesOut,
    framesIn: stats.framesIn,
    framesOut: stats.framesOut,
    rates: {
      bytesIn: rates.bytesIn,
      bytesOut: rates.bytesOut,
      framesIn: rates.framesIn,
      framesOut: rates.framesOut,
    },
    parser: {
      frames: parser.frames,
      badCrc: parser.badCrc,
      unknown: parser.unknown,
      discardedBytes: parser.discardedBytes,
    },
    loss: stats.loss.map((l) => ({
      sysid: l.sysid,
      compid: l.compid,
      received: l.received,
      lost: l.lost,
    })),
    verdicts: verdictCounts(stats.verdicts),
    framesRejected: stats.framesRejected,
    rejectedRate: stats.rejectedRate,
    dropped: dropCounts(stats.dropped),
  };
}

export function verdictCounts(counts: CoreVerdictCounts): VerdictCounts {
  return {
    ok: counts.ok,
    'unsigned-allowed': counts['unsigned-allowed'],
    'bad-signature': counts['bad-signature'],
    replay: counts.replay,
    stale: counts.stale,
    future: counts.future,
    'too-many-streams': counts['too-many-streams'],
    unsigned: counts.unsigned,
  };
}

export function dropCounts(counts: CoreDropCounts): DropCounts {
  return { impersonation: counts.impersonation, 'own-identity': counts['own-identity'] };
}

/** A signing rejection or a drop; `name`: the message's name, when the dialect knows its id. */
export function rejection(r: LinkRejection, name: string | undefined): Rejection {
  const out: Rejection = {
    verdict: REFUSED[r.verdict],
    timeMs: r.timeMs,
    sysid: r.sysid,
    compid: r.compid,
    msgid: r.msgid,
  };
  if ('linkId' in r && r.linkId !== undefined) out.linkId = r.linkId;
  if ('timestamp' in r && r.timestamp !== undefined) out.timestamp = r.timestamp;
  if (name !== undefined) out.name = name;
  return out;
}

/** `network`: the name of the stream's MQTT network, if it is in one. */
export function streamInfo(s: CoreStreamInfo, network?: string): StreamInfo {
  const info: StreamInfo = {
    sysid: s.sysid,
    compid: s.compid,
    linkId: s.linkId,
    timestamp: s.timestamp,
    accepted: s.accepted,
  };
  if (network !== undefined) info.network = network;
  return info;
}

/**
 * The clock's files by name only, as a replay's: where the GCS keeps its
 * data is no business of a remote session (the log line names the path).
 */
export function clockHealth(h: CoreClockHealth): SigningClockHealth {
  const problems = h.problems.map((p) => ({ file: basename(p.file), reason: p.reason }));
  return {
    state: CLOCK_STATE[h.state],
    holding: h.holding,
    held: h.held,
    files: h.files.map((f) => basename(f)),
    problems,
    summary: describeClockHealth({ ...h, problems }),
  };
}

export function vehicleId(v: CoreVehicleId): VehicleId {
  const id: VehicleId = { sysid: v.sysid, compid: v.compid };
  if (v.network !== undefined) id.network = v.network;
  return id;
}

export function signingState(gcs: Gcs): SigningState {
  return {
    fingerprint: gcs.keyFingerprint,
    localTimestamp: gcs.signing.localTimestamp,
    futureHorizon: gcs.signing.futureHorizon,
    clock: clockHealth(gcs.signing.clockHealth),
    streams: gcs.signing
      .streams()
      .map((s) =>
        streamInfo(s, s.network === undefined ? undefined : gcs.router.networks.name(s.network)),
      ),
    signedVehicles: gcs.signedVehicles().map(vehicleId),
    links: gcs.links().map((link) => {
      const stats = link.stats();
      return {
        linkId: link.id,
        verdicts: verdictCounts(stats.verdicts),
        dropped: dropCounts(stats.dropped),
        recentRejections: link
          .recentRejections()
          .map((r) => rejection(r, gcs.codec.byId(r.msgid)?.name)),
      };
    }),
  };
}

export function serialPortEntry(port: SerialPortInfo): SerialPortEntry {
  const entry: SerialPortEntry = { path: port.path };
  if (port.manufacturer !== undefined) entry.manufacturer = port.manufacturer;
  if (port.serialNumber !== undefined) entry.serialNumber = port.serialNumber;
  if (port.vendorId !== undefined) entry.vendorId = port.vendorId;
  if (port.productId !== undefined) entry.productId = port.productId;
  return entry;
}

export function tileSourceInfo(info: CoreTileSourceInfo): TileSourceInfo {
  return {
    urlTemplate: info.source.urlTemplate,
    attribution: info.source.attribution,
    maxZoom: info.source.maxZoom,
    areaDownloadRefusal: info.areaDownloadRefusal,
    settingsProblem: info.problem,
  };
}

export function tileCacheStats(stats: CacheStats): TileCacheStats {
  return { tiles: stats.tiles, bytes: stats.bytes, limitBytes: stats.limitBytes };
}

export function tileArea(area: Area): TileArea {
  const { south, west, north, east } = area.bounds;
  return { bounds: { south, west, north, east }, minZoom: area.minZoom, maxZoom: area.maxZoom };
}

export function tileAreaEstimate(e: AreaEstimate): TileAreaEstimate {
  return { tiles: e.tiles, cached: e.cached, bytes: e.bytes, refusal: e.refusal };
}

const DOWNLOAD_STATE: { readonly [S in DownloadState]: TileDownloadState } = {
  running: 'running',
  finished: 'finished',
  cancelled: 'cancelled',
  stopped: 'stopped',
};

export function tileDownloadProgress(p: DownloadProgress): TileDownloadProgress {
  return {
    id: p.id,
    area: tileArea(p.area),
    state: DOWNLOAD_STATE[p.state],
    total: p.total,
    done: p.done,
    failed: p.failed,
    bytes: p.bytes,
    reason: p.reason,
  };
}

export function replaySource(r: { linkId: number; file: string }): ReplaySource {
  return { linkId: r.linkId, file: r.file };
}

/** A vehicle without its status texts (those go out as `statustext` events). */
export function vehicleState(entry: RoutedVehicle, now: number): VehicleState {
  return vehicleFields(entry.vehicle.snapshot(now), entry);
}

/** A vehicle with the status texts it has sent. */
export function vehicleDetails(entry: RoutedVehicle, now: number): VehicleDetails {
  const v = entry.vehicle.snapshot(now);
  return { ...vehicleFields(v, entry), statusTexts: v.statusTexts.map(statusTextEntry) };
}

function vehicleFields(v: VehicleSnapshot, entry: RoutedVehicle): VehicleState {
  const state: VehicleState = {
    sysid: v.sysid,
    compid: v.compid,
    signed: entry.signed,
    type: v.type,
    typeId: v.typeId,
    autopilot: v.autopilot,
    autopilotId: v.autopilotId,
    mode: v.mode,
    modes: [...v.modes],
    baseMode: v.baseMode,
    customMode: v.customMode,
    armed: v.armed,
    systemStatus: v.systemStatus,
    lastHeard: v.lastHeard,
    linkLost: v.linkLost,
    heartbeatSigned: v.heartbeatSigned,
    signingKeyMissing: v.signingKeyMissing,
    attitude: v.attitude === null ? null : attitude(v.attitude),
    position: v.position === null ? null : position(v.position),
    home: v.home === null ? null : home(v.home),
    gps: v.gps === null ? null : gps(v.gps),
    battery: v.battery === null ? null : battery(v.battery),
    batteries: v.batteries.map(batteryStatus),
    hud: v.hud === null ? null : hud(v.hud),
    sensors: v.sensors === null ? null : sensors(v.sensors),
    load: v.load,
    ages: telemetryAges(v.ages),
    rebootedAt: v.rebootedAt,
    params: {
      received: v.params.received,
      total: v.params.total,
      downloading: v.params.downloading,
    },
    mission: vehicleMission(v.mission),
  };
  if (entry.replay !== null) state.replay = replaySource(entry.replay);
  const network = networkName(entry.link.config);
  if (network !== undefined) state.network = network;
  return state;
}

export function vehicleMission(m: CoreVehicleMission): VehicleMission {
  return {
    current: m.current,
    total: m.total,
    state: m.state,
    inMissionMode: m.inMissionMode,
    lastReached: m.lastReached,
    plans: {
      mission: planSummary(m.plans.mission),
      fence: planSummary(m.plans.fence),
      rally: planSummary(m.plans.rally),
    },
    transfers: m.transfers.map((t: TransferState): MissionTransfer => ({
      missionType: t.type,
      direction: t.direction,
      done: t.done,
      total: t.total,
    })),
    flyTo: m.flyTo === null ? null : flyToTarget(m.flyTo),
  };
}

function flyToTarget(t: CoreFlyToTarget): FlyToTarget {
  return { lat: t.lat, lon: t.lon, alt: t.alt, atMs: t.atMs };
}

function planSummary(p: CorePlanSummary): PlanSummary {
  return {
    count: p.count,
    source: p.source,
    atMs: p.atMs,
    uncertain: p.uncertain,
    changed: p.changed,
  };
}

/** A float of a mission item: NaN, which JSON cannot carry, goes as null. */
function float(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

export function missionItem(i: CoreMissionItem): MissionItem {
  return {
    frame: i.frame,
    command: i.command,
    current: i.current,
    autocontinue: i.autocontinue,
    param1: float(i.param1),
    param2: float(i.param2),
    param3: float(i.param3),
    param4: float(i.param4),
    x: i.x,
    y: i.y,
    z: float(i.z),
  };
}

/** An item from a request: null floats are NaN again. */
export function coreMissionItem(i: MissionItem): CoreMissionItem {
  return {
    frame: i.frame,
    command: i.command,
    current: i.current,
    autocontinue: i.autocontinue,
    param1: i.param1 ?? NaN,
    param2: i.param2 ?? NaN,
    param3: i.param3 ?? NaN,
    param4: i.param4 ?? NaN,
    x: i.x,
    y: i.y,
    z: i.z ?? NaN,
  };
}

interface PlanShape<T> {
  mission?: T[];
  fence?: T[];
  rally?: T[];
  qgc?: CorePlan['qgc'];
}

/** The same plans with each item mapped; the parts the file has, and only those. */
function mapPlan<A, B>(p: PlanShape<A>, item: (a: A) => B): PlanShape<B> {
  const out: PlanShape<B> = {};
  for (const type of ['mission', 'fence', 'rally'] as const) {
    const items = p[type];
    if (items !== undefined) out[type] = items.map(item);
  }
  if (p.qgc !== undefined) out.qgc = { ...p.qgc };
  return out;
}

/** A plan file's plans on the wire. */
export function planFile(p: CorePlan): PlanFile {
  return mapPlan(p, missionItem);
}

/** A plan file's plans from a request. */
export function corePlan(p: PlanFile): CorePlan {
  return mapPlan(p, coreMissionItem);
}

export function knownPlan(p: CoreKnownPlan): KnownPlan {
  return {
    items: p.items === null ? null : p.items.map(missionItem),
    source: p.source,
    atMs: p.atMs,
    uncertain: p.uncertain,
  };
}

function attitude(a: Core.Attitude): Attitude {
  return {
    roll: a.roll,
    pitch: a.pitch,
    yaw: a.yaw,
    rollRate: a.rollRate,
    pitchRate: a.pitchRate,
    yawRate: a.yawRate,
  };
}

function position(p: Core.GlobalPosition): GlobalPosition {
  return {
    lat: p.lat,
    lon: p.lon,
    altAmsl: p.altAmsl,
    altRelative: p.altRelative,
    vx: p.vx,
    vy: p.vy,
    vz: p.vz,
    heading: p.heading,
  };
}

function home(h: Core.Home): Home {
  return { lat: h.lat, lon: h.lon, altAmsl: h.altAmsl };
}

function gps(g: Core.Gps): Gps {
  return {
    fixType: g.fixType,
    satellites: g.satellites,
    hdop: g.hdop,
    lat: g.lat,
    lon: g.lon,
    altAmsl: g.altAmsl,
  };
}

function battery(b: Core.Battery): Battery {
  return { voltage: b.voltage, current: b.current, remaining: b.remaining };
}

function batteryStatus(b: Core.BatteryStatus): BatteryStatus {
  return {
    id: b.id,
    voltage: b.voltage,
    current: b.current,
    remaining: b.remaining,
    consumed: b.consumed,
    temperature: b.temperature,
  };
}

function hud(h: Core.Hud): Hud {
  return {
    airspeed: h.airspeed,
    groundspeed: h.groundspeed,
    heading: h.heading,
    throttle: h.throttle,
    alt: h.alt,
    climb: h.climb,
  };
}

function sensors(s: Core.Sensors): Sensors {
  return { present: [...s.present], enabled: [...s.enabled], healthy: [...s.healthy] };
}

function telemetryAge(a: GroupAge | null): TelemetryAge | null {
  return a === null ? null : { ageMs: a.ageMs, stale: a.stale };
}

export function telemetryAges(a: CoreTelemetryAges): TelemetryAges {
  return {
    attitude: telemetryAge(a.attitude),
    position: telemetryAge(a.position),
    gps: telemetryAge(a.gps),
    battery: telemetryAge(a.battery),
    hud: telemetryAge(a.hud),
    sysStatus: telemetryAge(a.sysStatus),
    home: telemetryAge(a.home),
  };
}

export function statusTextEntry(e: CoreStatusTextEntry): StatusTextEntry {
  const out: StatusTextEntry = {
    time: e.time,
    severity: e.severity,
    severityId: e.severityId,
    text: e.text,
    compid: e.compid,
    incomplete: e.incomplete,
  };
  if (e.fromGcs === true) out.fromGcs = true;
  return out;
}

export function commandResult(r: CoreCommandResult): CommandResult {
  switch (r.status) {
    case 'accepted':
      return { status: 'accepted', command: r.command, message: r.message };
    case 'denied':
      return {
        status: 'denied',
        command: r.command,
        result: r.result,
        message: r.message,
        reasons: [...r.reasons],
      };
    case 'unsupported':
      return { status: 'unsupported', command: r.command, message: r.message };
    case 'timed-out':
      return { status: 'timed-out', command: r.command, tries: r.tries, message: r.message };
    case 'refused':
      return { status: 'refused', command: r.command, message: r.message };
  }
}

export function paramEntry(p: CoreParamEntry): ParamEntry {
  return { name: p.name, value: p.value, type: p.type, typeId: p.typeId, index: p.index };
}

export function inspectorComponent(c: CoreInspectorComponent): InspectorComponent {
  return {
    sysid: c.sysid,
    compid: c.compid,
    lastMs: c.lastMs,
    messages: c.messages.map((m): InspectorMessage => ({
      msgid: m.msgid,
      name: m.name,
      count: m.count,
      rateHz: m.rateHz,
      lastMs: m.lastMs,
      signed: m.signed,
      fields: m.fields,
    })),
  };
}

export function replayProgress(p: CoreReplayProgress): ReplayProgress {
  return {
    positionUs: p.positionUs,
    startUs: p.startUs,
    endUs: p.endUs,
    frames: p.frames,
    totalFrames: p.totalFrames,
    bytesRead: p.bytesRead,
    totalBytes: p.totalBytes,
    rate: p.rate,
    paused: p.paused,
    done: p.done,
  };
}

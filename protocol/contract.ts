// The one contract between the GCS core and any user interface: every
// request (packetType + payload, validated by its schema before any handler
// runs), what each answers, and the events the core pushes. Electron IPC and
// the headless host's WebSocket carry exactly these packets.
//
// A request is `{ packetId, packetType, ...payload }`; its answer carries
// the same packetId and `packetType: "<request type>.result"`; a failure is
// `{ packetId, packetType: "service.error", message }`. Events carry no
// packetId.

import { z } from 'zod';
import type {
  CommandResult,
  InspectorComponent,
  KnownPlan,
  LinkInfo,
  LogEntry,
  MissionItem,
  MissionType,
  ParamEntry,
  PlanFile,
  ReplayProgress,
  ReplaySource,
  SerialPortEntry,
  SigningClockHealth,
  SigningState,
  StatusTextEntry,
  TileAreaEstimate,
  TileCacheStats,
  TileDownloadProgress,
  TileSourceInfo,
  VehicleDetails,
  VehicleState,
} from './wire-types';

const sysid = z.number().int().min(1).max(255);
const compid = z.number().int().min(0).max(255);
const linkId = z.number().int().min(0).max(255);
/** The MQTT network a vehicle is on (mqtt://HOST/NETWORK); left out for the direct links'. */
const network = z.string().min(1).max(256).optional();
const vehicle = { sysid, compid, network };
const missionType = z.enum(['mission', 'fence', 'rally']);
/** A float of a mission item: null stands for NaN ("no value"). */
const missionFloat = z
  .number()
  .refine(Number.isFinite, 'a number must be finite (null stands for no value)')
  .nullable();
const int32 = z.number().int().min(-0x80000000).max(0x7fffffff);
const missionItem = z.strictObject({
  frame: z.number().int().min(0).max(255),
  command: z.number().int().min(0).max(0xffff),
  current: z.boolean(),
  autocontinue: z.boolean(),
  param1: missionFloat,
  param2: missionFloat,
  param3: missionFloat,
  param4: missionFloat,
  x: int32,
  y: int32,
  z: missionFloat,
});
/** A parameter's name as MAVLink carries it: up to 16 characters. */
const paramName = z
  .string()
  .min(1)
  .max(16)
  .regex(/^[A-Za-z0-9_]+$/, 'a parameter name is letters, digits and _');
const planItems = z.array(missionItem).max(0xffff);
/** A plan file's plans; `qgc` is what a .plan says about itself, kept for writing it again. */
const planFile = z.strictObject({
  mission: planItems.optional(),
  fence: planItems.optional(),
  rally: planItems.optional(),
  qgc: z
    .strictObject({
      groundStation: z.string().max(200),
      cruiseSpeed: z.number().refine(Number.isFinite, 'a speed must be finite'),
      hoverSpeed: z.number().refine(Number.isFinite, 'a speed must be finite'),
      firmwareType: z.number().int(),
      vehicleType: z.number().int(),
      globalPlanAltitudeMode: z.number().int(),
    })
    .partial()
    .optional(),
});
/** Message names or ids allowed unsigned on a link that requires signing. */
const messageList = z
  .array(z.union([z.string().min(1).max(64), z.number().int().min(0).max(0xffffff)]))
  .max(64);
const zoom = z.number().int().min(0).max(22);
/** A box of latitude and longitude and a zoom range: the tiles to estimate or download. */
const tileArea = z.strictObject({
  bounds: z.strictObject({
    south: z.number().min(-90).max(90),
    west: z.number().min(-180).max(180),
    north: z.number().min(-90).max(90),
    east: z.number().min(-180).max(180),
  }),
  minZoom: zoom,
  maxZoom: zoom,
});

/**
 * Every request, by packetType, with its payload schema. Every object is
 * strict: a key the schema does not name is refused, not dropped, so a
 * misspelt option never passes unnoticed.
 */
export const REQUESTS = {
  'links.listSerialPorts': z.strictObject({}),
  /**
   * `connection` as pymavlink writes it: udpin:0.0.0.0:14550, tcp:127.0.0.1:5760,
   * serial:/dev/ttyUSB0:57600, or mqtt://[USER[:PASSWORD]@]HOST[:PORT]/NETWORK
   * (mqtts:// with ?ca=FILE&cert=FILE&key=FILE). A password never comes back.
   */
  'links.open': z.strictObject({
    connection: z.string().min(1).max(512),
    sign: z.boolean().optional(),
    require: z.boolean().optional(),
    allowUnsigned: messageList.optional(),
  }),
  'links.close': z.strictObject({ linkId }),
  'links.list': z.strictObject({}),

  'vehicles.list': z.strictObject({}),
  'vehicles.command': z.discriminatedUnion('command', [
    z.strictObject({ ...vehicle, command: z.literal('arm'), force: z.boolean().optional() }),
    z.strictObject({ ...vehicle, command: z.literal('disarm'), force: z.boolean().optional() }),
    z.strictObject({ ...vehicle, command: z.literal('setMode'), mode: z.string().min(1).max(32) }),
    z.strictObject({
      ...vehicle,
      command: z.literal('takeoff'),
      altitude: z.number().min(1).max(1000),
    }),
    z.strictObject({ ...vehicle, command: z.literal('land') }),
    z.strictObject({ ...vehicle, command: z.literal('rtl') }),
    /** MAV_CMD_MISSION_START (ArduCopter switches to AUTO). */
    z.strictObject({ ...vehicle, command: z.literal('missionStart') }),
    z.strictObject({ ...vehicle, command: z.literal('missionPause') }),
    z.strictObject({ ...vehicle, command: z.literal('missionResume') }),
    /** Go to item `seq` of the mission. */
    z.strictObject({
      ...vehicle,
      command: z.literal('missionSetCurrent'),
      seq: z.number().int().min(0).max(0xffff),
    }),
    /** Fly to a point, `alt` metres above home (in GUIDED): DO_REPOSITION. */
    z.strictObject({
      ...vehicle,
      command: z.literal('flyTo'),
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      alt: z.number().min(-1000).max(10_000),
    }),
  ]),
  'vehicles.inspector': z.strictObject({ sysid: sysid.optional() }),

  'params.download': z.strictObject(vehicle),
  'params.list': z.strictObject(vehicle),
  /** One parameter read from the vehicle by name (PARAM_REQUEST_READ), no download needed. */
  'params.get': z.strictObject({ ...vehicle, name: paramName }),
  'params.set': z.strictObject({
    ...vehicle,
    name: paramName,
    value: z.number().refine(Number.isFinite, 'the value must be a finite number'),
  }),

  /** Reads a plan from the vehicle; progress comes as `missions.progress` events. */
  'missions.download': z.strictObject({ ...vehicle, missionType }),
  /** Writes a plan to the vehicle, replacing what it holds (the mission's item 0 is home on ArduPilot). */
  'missions.upload': z.strictObject({
    ...vehicle,
    missionType,
    items: z.array(missionItem).max(0xffff),
  }),
  'missions.clear': z.strictObject({ ...vehicle, missionType }),
  /** What the ground station knows a plan holds, from the last transfer; asks the vehicle nothing. */
  'missions.list': z.strictObject({ ...vehicle, missionType }),
  /** A plan file's text (QGroundControl .plan or QGC WPL 110) read into plans; nothing is kept. */
  'missions.parseFile': z.strictObject({ text: z.string().max(16 * 1024 * 1024) }),
  /** Plans written as a file's text; a QGC WPL file holds one plan. */
  'missions.formatFile': z.strictObject({
    format: z.enum(['qgc-plan', 'waypoints']),
    plan: planFile,
  }),

  /** The key never travels back: only its fingerprint (a generated key is shown once, in the answer). */
  'signing.setKey': z.discriminatedUnion('source', [
    z.strictObject({
      source: z.literal('passphrase'),
      passphrase: z.string().min(1).max(1024),
      kdf: z.enum(['sha256', 'qgc']).optional(),
    }),
    z.strictObject({ source: z.literal('hex'), hex: z.string().max(256) }),
    z.strictObject({ source: z.literal('generate') }),
  ]),
  'signing.clearKey': z.strictObject({}),
  'signing.state': z.strictObject({}),
  'signing.sendToVehicle': z.strictObject(vehicle),
  'signing.disableOnVehicle': z.strictObject(vehicle),
  /** The pilot says a vehicle no longer signs (after a reflash, say): its unsigned frames reach it again. */
  'signing.forgetVehicle': z.strictObject(vehicle),
  'signing.setLinkPolicy': z.strictObject({
    linkId,
    sign: z.boolean(),
    require: z.boolean(),
    allowUnsigned: messageList,
  }),

  'logs.list': z.strictObject({}),
  /** Replays a tlog from the log folder, by file name (no paths). */
  'logs.replay': z.strictObject({
    name: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^/\\]+\.tlog$/, 'a log is named by its file name, ending in .tlog'),
    rate: z.number().positive().max(1000).optional(),
  }),
  'replay.control': z.discriminatedUnion('action', [
    z.strictObject({ linkId, action: z.literal('pause') }),
    z.strictObject({ linkId, action: z.literal('resume') }),
    z.strictObject({ linkId, action: z.literal('seek'), fraction: z.number().min(0).max(1) }),
    z.strictObject({ linkId, action: z.literal('rate'), rate: z.number().positive().max(1000) }),
  ]),

  /** The map's tiles: their source, the cache in the data folder, areas kept for offline use. */
  'tiles.source': z.strictObject({}),
  'tiles.setSource': z.strictObject({
    urlTemplate: z.string().min(1).max(1024),
    attribution: z.string().max(300),
    maxZoom: zoom,
  }),
  'tiles.stats': z.strictObject({}),
  'tiles.setCacheLimit': z.strictObject({
    bytes: z
      .number()
      .int()
      .min(16 * 1024 * 1024)
      .max(2 ** 40),
  }),
  'tiles.clear': z.strictObject({}),
  'tiles.estimate': tileArea,
  /** Progress comes as `tiles.progress` events; one download at a time. */
  'tiles.download': tileArea,
  'tiles.cancelDownload': z.strictObject({}),

  /** Starts the built-in simulated vehicle, sending to the GCS's UDP listener. */
  'sim.start': z.strictObject({}),
  'sim.stop': z.strictObject({}),
  'sim.status': z.strictObject({}),
} as const;

export type RequestType = keyof typeof REQUESTS;
export type RequestPayload<T extends RequestType> = z.infer<(typeof REQUESTS)[T]>;

/** What each request answers. */
export interface Responses {
  'links.listSerialPorts': { ports: SerialPortEntry[] };
  'links.open': { link: LinkInfo };
  'links.close': Record<string, never>;
  'links.list': { links: LinkInfo[] };
  'vehicles.list': { vehicles: VehicleDetails[] };
  'vehicles.command': { result: CommandResult };
  'vehicles.inspector': { components: InspectorComponent[] };
  'params.download': { count: number };
  'params.list': { params: ParamEntry[] };
  'params.get': { param: ParamEntry };
  'params.set': { param: ParamEntry };
  'missions.download': { items: MissionItem[] };
  'missions.upload': { count: number };
  'missions.clear': Record<string, never>;
  'missions.list': { plan: KnownPlan };
  'missions.parseFile': { plan: PlanFile };
  'missions.formatFile': { text: string };
  /** `key` (64 hex digits) only in the answer to `generate`, for the pilot to copy once. */
  'signing.setKey': { fingerprint: string; key?: string };
  'signing.clearKey': Record<string, never>;
  'signing.state': SigningState;
  'signing.sendToVehicle': { ok: boolean; reason?: string };
  'signing.disableOnVehicle': { ok: boolean; reason?: string };
  /** `forgotten`: false when the vehicle was not signed. */
  'signing.forgetVehicle': { forgotten: boolean };
  'signing.setLinkPolicy': { link: LinkInfo };
  'logs.list': { logs: LogEntry[] };
  'logs.replay': { link: LinkInfo };
  'replay.control': Record<string, never>;
  'tiles.source': { source: TileSourceInfo };
  'tiles.setSource': { source: TileSourceInfo };
  /** `unreachable`: why the tile source could not be reached lately, or null. */
  'tiles.stats': {
    cache: TileCacheStats;
    unreachable: string | null;
    download: TileDownloadProgress | null;
  };
  'tiles.setCacheLimit': { cache: TileCacheStats };
  'tiles.clear': { cache: TileCacheStats };
  'tiles.estimate': { estimate: TileAreaEstimate };
  'tiles.download': { download: TileDownloadProgress };
  /** The last download's progress, or null when there was none. */
  'tiles.cancelDownload': { download: TileDownloadProgress | null };
  'sim.start': { sysid: number };
  'sim.stop': Record<string, never>;
  'sim.status': { running: boolean };
}

/** Events the core pushes, by packetType. */
export interface Events {
  /** At most about 30 a second, whatever the frame rate. */
  'telemetry.snapshot': {
    timeMs: number;
    vehicles: VehicleState[];
    links: LinkInfo[];
    signing: { fingerprint: string | null; localTimestamp: number; clock: SigningClockHealth };
  };
  /** `network`: sent by a vehicle of that MQTT network; `replay`: by one of a replayed log. */
  statustext: {
    sysid: number;
    compid: number;
    network?: string;
    replay?: ReplaySource;
    entry: StatusTextEntry;
  };
  'params.progress': {
    sysid: number;
    compid: number;
    network?: string;
    received: number;
    total: number;
  };
  'replay.progress': { linkId: number; progress: ReplayProgress };
  /** Items received (download) or sent (upload) of a transfer; paced, the last always sent. */
  'missions.progress': {
    sysid: number;
    compid: number;
    network?: string;
    missionType: MissionType;
    direction: 'download' | 'upload';
    done: number;
    total: number;
  };
  /** At most five a second, and always at the start and the end. */
  'tiles.progress': { download: TileDownloadProgress };
  /** The flight log could not be written (disk full, ...). */
  'logs.error': { message: string };
  /** The session is over (host shut down, session expired, ...). */
  'service.interrupt': { reason: string };
}

export type EventType = keyof Events;

export type RequestPacket<T extends RequestType = RequestType> = {
  packetId: string;
  packetType: T;
} & RequestPayload<T>;

/** Distributes over T, so a ResultPacket narrows by its packetType. */
export type ResultPacket<T extends RequestType = RequestType> = T extends RequestType
  ? { packetId: string; packetType: `${T}.result` } & Responses[T]
  : never;

export interface ErrorPacket {
  packetId: string | null;
  packetType: 'service.error';
  message: string;
}

/** Distributes over T, so an EventPacket narrows by its packetType. */
export type EventPacket<T extends EventType = EventType> = T extends EventType
  ? { packetType: T } & Events[T]
  : never;

/** What a transport hands the renderer: one request function and one subscription. */
export interface SigilApi {
  request<T extends RequestType>(packetType: T, payload: RequestPayload<T>): Promise<Responses[T]>;
  /** Every event; returns the way to unsubscribe. */
  subscribe(listener: (event: EventPacket) => void): () => void;
}

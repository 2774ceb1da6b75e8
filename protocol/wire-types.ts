// The shapes the Api's answers and events carry, written out here rather
// than borrowed from the core's classes: a change to one of those changes
// nothing on the wire until main/api/wire.ts, which maps the core's state
// onto these types field by field, is changed too, in plain sight. Every
// value is plain data that survives JSON and structured cloning.

/** How a link reaches its vehicles (the scheme of its connection string). */
export type LinkKind = 'udpin' | 'udpout' | 'tcp' | 'tcpin' | 'serial' | 'tlog' | 'mqtt';

export type LinkState =
  | { status: 'connecting' }
  | { status: 'connected' }
  /** `message` is for a person: "port 14550 is already in use". */
  | { status: 'error'; message: string }
  | { status: 'closed' };

export interface LinkPolicy {
  sign: boolean;
  require: boolean;
  /** Message ids let through unsigned while `require` is on. */
  allowUnsigned: number[];
}

/** Per second, over the last sampling period. */
export interface TrafficRates {
  bytesIn: number;
  bytesOut: number;
  framesIn: number;
  framesOut: number;
}

/** The frame parser's counters. */
export interface ParserStats {
  /** Frames delivered, unknown ids included. */
  frames: number;
  /** Candidates of a known id whose checksum failed. */
  badCrc: number;
  /** Frames delivered whose message id the dialect does not know. */
  unknown: number;
  /** Bytes that were not part of any delivered frame. */
  discardedBytes: number;
}

/** Packet loss of one remote component, from gaps in its sequence numbers. */
export interface RemoteLoss {
  sysid: number;
  compid: number;
  received: number;
  lost: number;
}

/**
 * What verification made of a received frame. Accepted: `ok` (good
 * signature, fresh timestamp) and `unsigned-allowed` (unsigned, let through
 * by the link's policy). Rejected: the rest; `future` is dated more than
 * the horizon ahead of the reference time, `unsigned` is an unsigned frame
 * the policy refused.
 */
export type Verdict =
  | 'ok'
  | 'unsigned-allowed'
  | 'bad-signature'
  | 'replay'
  | 'stale'
  | 'future'
  | 'too-many-streams'
  | 'unsigned';

export type RejectedVerdict = Exclude<Verdict, 'ok' | 'unsigned-allowed'>;

export type VerdictCounts = Record<Verdict, number>;

/**
 * Frames a link drops beside the signing verdicts: `impersonation` claims
 * a signed vehicle's identity without a verified signature; `own-identity`
 * claims Sigil's own sysid/compid (our own frames sent back).
 */
export type DropReason = 'impersonation' | 'own-identity';

export type DropCounts = Record<DropReason, number>;

/** Why a received frame was refused: a signing verdict or a drop. */
export type RefusalReason = RejectedVerdict | DropReason;

export interface LinkStats {
  bytesIn: number;
  bytesOut: number;
  /** Frames that passed verification and reached the vehicles; refused ones are not in it. */
  framesIn: number;
  framesOut: number;
  rates: TrafficRates;
  parser: ParserStats;
  /** From sequence gaps of frames that passed verification only. */
  loss: RemoteLoss[];
  verdicts: VerdictCounts;
  /** Frames refused: rejected by signing or dropped. */
  framesRejected: number;
  /** framesRejected per second, over the last sampling period. */
  rejectedRate: number;
  dropped: DropCounts;
}

export interface LinkInfo {
  id: number;
  /** As a person reads it (never with a password); a replay shows its file name only. */
  connection: string;
  kind: LinkKind;
  state: LinkState;
  policy: LinkPolicy;
  stats: LinkStats;
  /** Other ground stations heard on this link lately: someone else can command its vehicles. */
  peers: PeerInfo[];
  /** Only on an `mqtt` link: its broker and network. */
  broker?: BrokerInfo;
}

/** Another ground station, known by its heartbeats. */
export interface PeerInfo {
  sysid: number;
  compid: number;
  /** Unix milliseconds of its last heartbeat. */
  lastMs: number;
  /** Its last heartbeat was signed (and, on a link that verifies, verified). */
  signed: boolean;
}

/** A bridge of an MQTT network, by the status it keeps on the broker. */
export interface BridgeInfo {
  name: string;
  /** `online`, or `offline` (it left, or the broker published its Last Will). */
  online: boolean;
}

/**
 * An MQTT link's side of the broker. Whether it is connected, and why not,
 * is the link's `state`; this says how it has gone and what is there.
 */
export interface BrokerInfo {
  /** The network's topic level (mqtt://HOST/NETWORK). */
  network: string;
  /** The MQTT version spoken: 5, 4 (3.1.1), or null before the first connection. */
  protocolVersion: 5 | 4 | null;
  /** Connections the broker accepted. */
  connects: number;
  /** Accepted connections lost afterwards (broker down, network gone). */
  outages: number;
  /** When the broker last sent anything (a frame, a keepalive answer), Unix ms; null before. */
  lastContactMs: number | null;
  /** While the broker is away: when the next connection attempt is due, Unix ms. */
  retryAtMs: number | null;
  /** Frames published, and those that could not be (broker away or not keeping up). */
  published: number;
  unsent: number;
  /** Frames taken from the broker for the link. */
  received: number;
  /** Messages that did not hold exactly one frame, and frames on another sender's topic. */
  malformed: number;
  misrouted: number;
  /** The network's bridges that announced themselves. */
  bridges: BridgeInfo[];
}

/** One refused frame, kept for display: rejected by signing, or dropped. */
export interface Rejection {
  verdict: RefusalReason;
  /** When it was rejected, Unix milliseconds. */
  timeMs: number;
  sysid: number;
  compid: number;
  msgid: number;
  /** For frames rejected by signing that were signed. */
  linkId?: number;
  timestamp?: number;
  /** The message's name, when the dialect knows its id. */
  name?: string;
}

/** One signed stream the verifier knows: (sysid, compid, link id), in one network. */
export interface StreamInfo {
  sysid: number;
  compid: number;
  /** The MQTT network it is in; absent for the direct links'. */
  network?: string;
  linkId: number;
  /** The last accepted timestamp. */
  timestamp: number;
  /** Frames accepted on this stream. */
  accepted: number;
}

/**
 * ok: signed frames go out. unproven: no saved clock could be read; signed
 * frames are held until a vehicle's signed frame is accepted. unsaved: the
 * clock cannot be written; signed frames stop 60 s past the last value on
 * disk. exhausted: the 48-bit clock is used up; signed frames are held.
 */
export type ClockState = 'ok' | 'unproven' | 'unsaved' | 'exhausted';

export interface ClockProblem {
  /** The record's file name (both live in Sigil's data folder). */
  file: string;
  /** What is wrong with it: "cannot write: EACCES", "bad checksum", ... */
  reason: string;
}

/** Whether Sigil's outgoing signing clock can be trusted, and if not, why. */
export interface SigningClockHealth {
  state: ClockState;
  /** Whether signed frames are being held right now. */
  holding: boolean;
  /** Signed frames not sent because the clock held them. */
  held: number;
  /** The record files' names. */
  files: string[];
  problems: ClockProblem[];
  /** The state in one sentence for a person, naming the files and reasons. */
  summary: string;
}

export interface VehicleId {
  sysid: number;
  compid: number;
  /** The MQTT network it is on; absent for a vehicle of the direct links. */
  network?: string;
}

export interface SigningLinkState {
  linkId: number;
  verdicts: VerdictCounts;
  dropped: DropCounts;
  /** Signing rejections and drops, oldest first. */
  recentRejections: Rejection[];
}

export interface SigningState {
  /** Null when no key is set. */
  fingerprint: string | null;
  /** The reference time new streams are judged against, in signing timestamp units. */
  localTimestamp: number;
  /** How far ahead of the reference a signed frame may be before it is `future`, in timestamp units. */
  futureHorizon: number;
  clock: SigningClockHealth;
  streams: StreamInfo[];
  /** Vehicles whose frames have verified: only accepted signed frames change what is shown of them. */
  signedVehicles: VehicleId[];
  links: SigningLinkState[];
  /** How the key is kept across restarts, or why it is not. */
  keyNote?: string;
}

export interface SerialPortEntry {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

export interface LogEntry {
  name: string;
  bytes: number;
  modifiedMs: number;
}

/** Where the map's tiles come from ({z}, {x}, {y}, optionally {s} in the template). */
export interface TileSourceInfo {
  urlTemplate: string;
  /** What the source's licence asks the map to show. */
  attribution: string;
  maxZoom: number;
  /** Why areas may not be downloaded from it (OpenStreetMap's servers forbid it), or null. */
  areaDownloadRefusal: string | null;
  /** Why the saved map settings were not used, or null. */
  settingsProblem: string | null;
}

export interface TileCacheStats {
  tiles: number;
  bytes: number;
  limitBytes: number;
}

/** Degrees. */
export interface TileBounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

export interface TileArea {
  bounds: TileBounds;
  minZoom: number;
  maxZoom: number;
}

export interface TileAreaEstimate {
  tiles: number;
  /** Of those, already in the cache. */
  cached: number;
  /** What the others will take, about. */
  bytes: number;
  /** Why the area may not be downloaded, or null when it may. */
  refusal: string | null;
}

export type TileDownloadState = 'running' | 'finished' | 'cancelled' | 'stopped';

export interface TileDownloadProgress {
  id: number;
  area: TileArea;
  state: TileDownloadState;
  total: number;
  /** Tiles now in the cache: fetched, or there already. */
  done: number;
  /** Tiles the source did not give. */
  failed: number;
  /** Bytes fetched from the source. */
  bytes: number;
  /** Why it stopped, or the last tile's failure; null when nothing went wrong. */
  reason: string | null;
}

/** Degrees, and degrees per second. */
export interface Attitude {
  roll: number;
  pitch: number;
  yaw: number;
  rollRate: number;
  pitchRate: number;
  yawRate: number;
}

export interface GlobalPosition {
  lat: number;
  lon: number;
  /** Metres above mean sea level. */
  altAmsl: number;
  /** Metres above home. */
  altRelative: number;
  /** North, east, down; metres per second. */
  vx: number;
  vy: number;
  vz: number;
  /** Degrees, null when the vehicle does not know. */
  heading: number | null;
}

export interface Home {
  lat: number;
  lon: number;
  altAmsl: number;
}

export interface Gps {
  /** GPS_FIX_TYPE without its prefix: NO_GPS, NO_FIX, 2D_FIX, 3D_FIX, ... */
  fixType: string;
  satellites: number | null;
  hdop: number | null;
  lat: number;
  lon: number;
  altAmsl: number;
}

export interface Battery {
  voltage: number | null;
  current: number | null;
  remaining: number | null;
}

export interface BatteryStatus extends Battery {
  id: number;
  /** mAh, null when unknown. */
  consumed: number | null;
  /** Degrees Celsius, null when unknown. */
  temperature: number | null;
}

export interface Hud {
  airspeed: number | null;
  groundspeed: number | null;
  heading: number;
  throttle: number;
  alt: number | null;
  climb: number | null;
}

export interface Sensors {
  /** MAV_SYS_STATUS_SENSOR names without the MAV_SYS_STATUS_(SENSOR_) prefix. */
  present: string[];
  enabled: string[];
  healthy: string[];
}

/** How old one telemetry group of a vehicle is. */
export interface TelemetryAge {
  /** Milliseconds since its message last came, at the snapshot's time. */
  ageMs: number;
  /**
   * Older than a few of the periods it has been arriving at (never within a
   * second), or from before the vehicle's last reboot: not to be shown as current.
   */
  stale: boolean;
}

/** The age of each telemetry group; null for one never received. */
export interface TelemetryAges {
  /** ATTITUDE. */
  attitude: TelemetryAge | null;
  /** GLOBAL_POSITION_INT. */
  position: TelemetryAge | null;
  /** GPS_RAW_INT. */
  gps: TelemetryAge | null;
  /** BATTERY_STATUS (`batteries`). */
  battery: TelemetryAge | null;
  /** VFR_HUD (`hud`). */
  hud: TelemetryAge | null;
  /** SYS_STATUS (`battery`, `sensors`, `load`). */
  sysStatus: TelemetryAge | null;
  /** HOME_POSITION: sent when asked or when home moves, so stale only across a reboot. */
  home: TelemetryAge | null;
}

/** Where a replayed log's vehicle comes from. */
export interface ReplaySource {
  linkId: number;
  /** The log's file name. */
  file: string;
}

/**
 * What the GCS knows of one vehicle (its status texts come as `statustext`
 * events). A system id means something within its network: each MQTT
 * network's vehicles are their own, and a replayed log's vehicles are their
 * own, beside a live vehicle of the same identity: a vehicle is named by
 * sysid, compid, `network` and `replay`.
 */
export interface VehicleState {
  sysid: number;
  compid: number;
  /** The MQTT network it is on; absent for a vehicle of the direct links (UDP, TCP, serial). */
  network?: string;
  /** Only on a vehicle of a replayed log; it is never sent commands. */
  replay?: ReplaySource;
  /** Its frames have verified: only accepted signed frames change it. */
  signed: boolean;
  /** MAV_TYPE without prefix (QUADROTOR, FIXED_WING, ...). */
  type: string | null;
  typeId: number | null;
  /** MAV_AUTOPILOT without prefix (ARDUPILOTMEGA, PX4, ...). */
  autopilot: string | null;
  autopilotId: number | null;
  mode: string | null;
  /** Modes the vehicle takes in `vehicles.command` setMode. */
  modes: string[];
  baseMode: number | null;
  customMode: number | null;
  armed: boolean;
  /** MAV_STATE without prefix (STANDBY, ACTIVE, CRITICAL, ...). */
  systemStatus: string | null;
  /** Unix milliseconds of the last frame from the vehicle's component. */
  lastHeard: number | null;
  linkLost: boolean;
  /** Whether the last HEARTBEAT was signed. */
  heartbeatSigned: boolean | null;
  /** No key is set, yet the vehicle signs or its link requires signing: commands will be ignored. */
  signingKeyMissing?: boolean;
  params: { received: number; total: number; downloading: boolean };
  attitude: Attitude | null;
  position: GlobalPosition | null;
  home: Home | null;
  gps: Gps | null;
  battery: Battery | null;
  batteries: BatteryStatus[];
  hud: Hud | null;
  sensors: Sensors | null;
  /** SYS_STATUS load, percent. */
  load: number | null;
  /** How old each telemetry group is. */
  ages: TelemetryAges;
  /** Unix milliseconds when it was last seen to reboot (its time since boot went back), null if never. */
  rebootedAt: number | null;
  /** Where it is in its mission and what we know of its plans. */
  mission: VehicleMission;
}

/** A vehicle's three plans: its mission, its geofence, its rally points. */
export type MissionType = 'mission' | 'fence' | 'rally';

/**
 * One item of a plan, as MISSION_ITEM_INT carries it: x and y are degrees
 * times 1e7 in global frames (metres times 1e4 in local ones, raw in
 * MAV_FRAME_MISSION); null in a float field is NaN on the vehicle ("no
 * value", such as a yaw left to the vehicle), since JSON has no NaN.
 */
export interface MissionItem {
  /** MAV_FRAME. */
  frame: number;
  /** MAV_CMD. */
  command: number;
  current: boolean;
  autocontinue: boolean;
  param1: number | null;
  param2: number | null;
  param3: number | null;
  param4: number | null;
  x: number;
  y: number;
  z: number | null;
}

/** The plans a file holds: a part is there only if the file has it. */
export interface PlanFile {
  /** Item 0 is home (a .plan's planned home). */
  mission?: MissionItem[];
  fence?: MissionItem[];
  rally?: MissionItem[];
  /** What a .plan says about itself, written back unchanged. */
  qgc?: {
    groundStation?: string;
    cruiseSpeed?: number;
    hoverSpeed?: number;
    firmwareType?: number;
    vehicleType?: number;
    globalPlanAltitudeMode?: number;
  };
}

/** What the ground station knows a plan on the vehicle holds. */
export interface KnownPlan {
  /** As of the last transfer; null when unknown. */
  items: MissionItem[] | null;
  source: 'download' | 'upload' | 'clear' | null;
  /** Unix milliseconds of that transfer. */
  atMs: number | null;
  /** A transfer failed part-way: the vehicle may hold part of a new plan. */
  uncertain: boolean;
}

export interface PlanSummary {
  /** Items as of the last transfer; null when unknown. */
  count: number | null;
  source: 'download' | 'upload' | 'clear' | null;
  atMs: number | null;
  uncertain: boolean;
  /** The vehicle reports a different mission than the one we know (someone else changed it). */
  changed: boolean;
}

export interface MissionTransfer {
  missionType: MissionType;
  direction: 'download' | 'upload' | 'clear';
  done: number;
  total: number;
}

export interface VehicleMission {
  /** The item it flies to or runs (MISSION_CURRENT); null before any report. */
  current: number | null;
  /** Items it holds as it counts them (ArduPilot leaves out home, item 0); null if not said. */
  total: number | null;
  /** NO_MISSION, NOT_STARTED, ACTIVE, PAUSED, COMPLETE; null if not reported. */
  state: string | null;
  /** In a mode that runs the mission; null if not reported. */
  inMissionMode: boolean | null;
  /** The last item reported reached (MISSION_ITEM_REACHED). */
  lastReached: number | null;
  plans: Record<MissionType, PlanSummary>;
  transfers: MissionTransfer[];
  /** Where the pilot last sent it (`flyTo`), until it gets there, changes mode or reboots. */
  flyTo: FlyToTarget | null;
}

export interface FlyToTarget {
  /** Degrees. */
  lat: number;
  lon: number;
  /** Metres above home. */
  alt: number;
  /** Unix milliseconds when the vehicle took it. */
  atMs: number;
}

/** A vehicle with the status texts it has sent (the answer to `vehicles.list`). */
export interface VehicleDetails extends VehicleState {
  statusTexts: StatusTextEntry[];
}

export interface StatusTextEntry {
  /** Unix milliseconds of its first chunk. */
  time: number;
  /** MAV_SEVERITY without its prefix: EMERGENCY ... DEBUG. */
  severity: string;
  severityId: number;
  text: string;
  /** The component that sent it. */
  compid: number;
  /** Chunks were missing when it was shown. */
  incomplete: boolean;
  /** Written by the GCS about the vehicle, not sent by it (a reboot seen in its clock). */
  fromGcs?: boolean;
}

/** How a vehicle answered a command. */
export type CommandResult =
  | { status: 'accepted'; command: string; message: string }
  /** `reasons`: the vehicle's own words (STATUSTEXT) sent with the refusal. */
  | { status: 'denied'; command: string; result: string; message: string; reasons: string[] }
  | { status: 'unsupported'; command: string; message: string }
  | { status: 'timed-out'; command: string; tries: number; message: string }
  | { status: 'refused'; command: string; message: string };

export interface ParamEntry {
  name: string;
  value: number;
  /** MAV_PARAM_TYPE without its prefix. */
  type: string;
  typeId: number;
  /** Position in the vehicle's list; -1 if only heard outside a list. */
  index: number;
}

/** A decoded field: numbers, text (64-bit integers as decimal text), null, lists. */
export type FieldValue = number | string | null | FieldValue[];

export interface InspectorMessage {
  msgid: number;
  /** The dialect's name, or UNKNOWN_<msgid>. */
  name: string;
  count: number;
  /** Frames per second over the inspector's window. */
  rateHz: number;
  lastMs: number;
  signed: boolean;
  /** Latest fields; null for a message the dialect does not know. */
  fields: Record<string, FieldValue> | null;
}

/** One (sysid, compid) heard, with each message it sent. */
export interface InspectorComponent {
  sysid: number;
  compid: number;
  lastMs: number;
  messages: InspectorMessage[];
}

export interface ReplayProgress {
  /** Record time of the last frame played (or the seek target), Unix µs. */
  positionUs: number;
  startUs: number;
  endUs: number;
  /** Frames delivered since the start (seeks included). */
  frames: number;
  totalFrames: number;
  /** File offset played up to. */
  bytesRead: number;
  totalBytes: number;
  rate: number;
  paused: boolean;
  /** The last frame was played; a seek plays again. */
  done: boolean;
}

// One vehicle: a (sysid, compid) that sends HEARTBEAT as something other
// than a GCS. The router creates it (see `isVehicleHeartbeat`), hands it
// every decoded frame of its system, and reads `snapshot` for the UI.
// Commands go through `commands`, parameters through `params`.
//
// State comes from the vehicle's own component; STATUSTEXT is also taken
// from the other components of its system (tagged with their compid). Each
// telemetry group carries its age, and a reboot (its time since boot going
// back) is noted among its status texts.

import type { Fields } from '../mavlink/codec';
import {
  MAV_AUTOPILOT,
  MAV_MODE_FLAG,
  MAV_SEVERITY,
  MAV_STATE,
  MAV_TYPE,
} from '../mavlink/dialect/enums';
import { BootClock } from './boot-clock';
import { CommandRunner, type CommandRunnerOptions, type ModeContext } from './command-runner';
import { Emitter } from './emitter';
import { enumLabel } from './enum-names';
import { FlyToTracker, type FlyToTarget } from './fly-to-target';
import { Freshness, type TelemetryAges } from './freshness';
import type { TimerHandle } from '../clock';
import { fieldsOf, type IncomingMessage, type VehicleIo } from './io';
import { MissionClient, type MissionClientOptions, type TransferState } from './mission-client';
import { MissionCommands } from './mission-commands';
import { MISSION_TYPES, type MissionType } from './mission-items';
import {
  applyMissionCurrent,
  emptyMissionProgress,
  missionChanged,
  type MissionProgressState,
} from './mission-state';
import type { MissionProgress } from './mission-transfer';
import { modeTableFor, type ModeTable } from './modes';
import {
  ParamClient,
  type ParamClientOptions,
  type ParamEntry,
  type ParamProgress,
} from './param-client';
import { StatusTextAssembler, type StatusTextEntry } from './statustext';
import { applyTelemetry, emptyTelemetry, type Telemetry } from './telemetry';

export interface VehicleOptions extends CommandRunnerOptions {
  sysid: number;
  compid: number;
  io: VehicleIo;
  /** Silence after which the link counts as lost. Default 3000 ms. */
  linkLostMs?: number;
  /** Status texts kept. Default 200. */
  statusTextLimit?: number;
  /** How long a chunked STATUSTEXT waits for its missing chunks. Default 2000 ms. */
  statusTextFlushMs?: number;
  params?: ParamClientOptions;
  missions?: MissionClientOptions;
  /** For a vehicle of a replayed log: which link and file it comes from. */
  replay?: { linkId: number; file: string };
}

export interface VehicleEvents {
  /** Something in the snapshot changed (the core throttles). */
  change: undefined;
  statustext: StatusTextEntry;
  /** The link was lost (no frame for `linkLostMs`) or came back. */
  link: { lost: boolean };
  paramsProgress: ParamProgress;
  param: ParamEntry;
  missionProgress: MissionProgress;
  /** What we know of one of its plans changed (a transfer ended). */
  missionPlan: MissionType;
  /** MISSION_ITEM_REACHED: the item's seq. */
  missionItemReached: number;
  /** Its time since boot went back: it rebooted, and forgot the streams it was asked for. */
  reboot: { atMs: number; uptimeMs: number };
}

/** What we know of one plan on the vehicle. */
export interface PlanSummary {
  /** Items, as of the last transfer; null when unknown. */
  count: number | null;
  source: 'download' | 'upload' | 'clear' | null;
  atMs: number | null;
  /** A transfer failed part-way: the vehicle may hold part of a new plan. */
  uncertain: boolean;
  /** The vehicle reports a different plan than the one we know (someone else changed it). */
  changed: boolean;
}

export interface VehicleMission extends MissionProgressState {
  plans: Record<MissionType, PlanSummary>;
  transfers: TransferState[];
  /** Where the pilot last sent it, until it gets there (or changes mode, or reboots). */
  flyTo: FlyToTarget | null;
}

export interface VehicleSnapshot extends Telemetry {
  sysid: number;
  compid: number;
  /** MAV_TYPE without prefix (QUADROTOR, FIXED_WING, ...). */
  type: string | null;
  typeId: number | null;
  /** MAV_AUTOPILOT without prefix (ARDUPILOTMEGA, PX4, ...). */
  autopilot: string | null;
  autopilotId: number | null;
  mode: string | null;
  /** Modes `commands.setMode` takes for this vehicle. */
  modes: readonly string[];
  baseMode: number | null;
  customMode: number | null;
  armed: boolean;
  /** MAV_STATE without prefix (STANDBY, ACTIVE, CRITICAL, ...). */
  systemStatus: string | null;
  /** `nowMs` of the last frame from the vehicle's component. */
  lastHeard: number | null;
  linkLost: boolean;
  /** Whether the last HEARTBEAT was signed. */
  heartbeatSigned: boolean | null;
  statusTexts: readonly StatusTextEntry[];
  params: { received: number; total: number; downloading: boolean };
  mission: VehicleMission;
  /** How old each telemetry group is, and whether it is stale; null for one never heard. */
  ages: TelemetryAges;
  /** `nowMs` when it was last seen to reboot, null if never. */
  rebootedAt: number | null;
  /** Only on a vehicle of a replayed log, never merged with a live one: its link and file. */
  replay?: { linkId: number; file: string };
}

interface Heartbeat {
  type: number;
  autopilot: number;
  baseMode: number;
  customMode: number;
  systemStatus: number;
  signed: boolean;
}

/** Whether a HEARTBEAT comes from a vehicle (not a GCS or another non-autopilot). */
export function isVehicleHeartbeat(fields: Fields): boolean {
  const f = fieldsOf('HEARTBEAT', fields);
  return f.type !== MAV_TYPE.MAV_TYPE_GCS && f.autopilot !== MAV_AUTOPILOT.MAV_AUTOPILOT_INVALID;
}

/** A vehicle rebooting again and again (or two sharing one identity) is noted at most this often. */
const REBOOT_NOTE_INTERVAL_MS = 10_000;

export class Vehicle {
  readonly sysid: number;
  readonly compid: number;
  readonly events = new Emitter<VehicleEvents>();
  readonly commands: CommandRunner;
  readonly params: ParamClient;
  /** Mission, geofence and rally point transfers. */
  readonly missions: MissionClient;
  /** Start, pause, resume, go to item N, fly to a point. */
  readonly missionCommands: MissionCommands;

  private readonly io: VehicleIo;
  private readonly replay: { linkId: number; file: string } | undefined;
  private readonly linkLostMs: number;
  private readonly statusTextLimit: number;
  private readonly texts: StatusTextAssembler;
  private statusTexts: StatusTextEntry[] = [];
  private heartbeat: Heartbeat | undefined;
  private modeTable: ModeTable | undefined;
  private readonly telemetry = emptyTelemetry();
  private readonly missionProgress = emptyMissionProgress();
  private readonly flyTo = new FlyToTracker();
  private readonly freshness = new Freshness();
  private readonly bootClock = new BootClock();
  private rebootedAt: number | undefined;
  private rebootNotedMs = -Infinity;
  private lastHeard: number | undefined;
  private lost = false;
  private watchdog: TimerHandle | undefined;

  constructor(options: VehicleOptions) {
    this.sysid = options.sysid;
    this.compid = options.compid;
    this.io = options.io;
    this.replay = options.replay;
    this.linkLostMs = options.linkLostMs ?? 3000;
    this.statusTextLimit = options.statusTextLimit ?? 200;
    const target = { sysid: this.sysid, compid: this.compid };
    this.commands = new CommandRunner(this.io, target, () => this.modeContext(), options);
    this.params = new ParamClient(
      this.io,
      target,
      {
        progress: (p) => this.events.emit('paramsProgress', p),
        param: (entry) => this.events.emit('param', entry),
      },
      options.params,
    );
    this.missions = new MissionClient(
      this.io,
      target,
      {
        progress: (p) => this.events.emit('missionProgress', p),
        plan: (type) => {
          this.events.emit('missionPlan', type);
          this.events.emit('change', undefined);
        },
        // Among the messages too, for every view and operator: never a silent half plan.
        halfPlan: (_type, message) => this.noteWarning(message, this.io.now()),
      },
      { gcsSysid: options.gcsSysid, gcsCompid: options.gcsCompid, ...options.missions },
    );
    this.missionCommands = new MissionCommands(
      this.io,
      target,
      this.commands,
      () => this.modeContext().isArduPilot,
      (point) => {
        this.flyTo.set({ ...point, atMs: this.io.now() }, this.heartbeat?.customMode);
        this.events.emit('change', undefined);
      },
      options,
    );
    this.texts = new StatusTextAssembler(
      this.io,
      (entry) => this.addText(entry),
      options.statusTextFlushMs,
    );
  }

  handle(msg: IncomingMessage, nowMs: number): void {
    if (msg.sysid !== this.sysid) return;
    const fields = msg.fields;
    if (msg.compid !== this.compid) {
      if (msg.name === 'STATUSTEXT' && fields !== undefined)
        this.texts.push(msg.compid, fieldsOf('STATUSTEXT', fields), nowMs);
      return;
    }
    this.heard(nowMs);
    if (fields === undefined || msg.name === undefined) return;
    const bootMs = fields.time_boot_ms;
    if (typeof bootMs === 'number') {
      const before = this.bootClock.uptimeMs;
      if (this.bootClock.observe(bootMs)) this.rebooted(nowMs, before!, bootMs);
    }
    switch (msg.name) {
      case 'HEARTBEAT': {
        const f = fieldsOf('HEARTBEAT', fields);
        const previous = this.heartbeat;
        this.heartbeat = {
          type: f.type,
          autopilot: f.autopilot,
          baseMode: f.base_mode,
          customMode: f.custom_mode,
          systemStatus: f.system_status,
          signed: msg.signed,
        };
        if (previous?.type !== f.type || previous.autopilot !== f.autopilot)
          this.modeTable = modeTableFor(f.autopilot, f.type);
        this.flyTo.modeReported(f.custom_mode);
        break;
      }
      case 'COMMAND_ACK':
        this.commands.handleAck(fieldsOf('COMMAND_ACK', fields));
        return;
      case 'PARAM_VALUE':
        this.params.handleParamValue(fieldsOf('PARAM_VALUE', fields));
        return;
      case 'STATUSTEXT':
        this.texts.push(msg.compid, fieldsOf('STATUSTEXT', fields), nowMs);
        return;
      case 'MISSION_CURRENT': {
        const f = fieldsOf('MISSION_CURRENT', fields);
        this.missionCommands.currentReported(f.seq);
        if (!applyMissionCurrent(this.missionProgress, f)) return;
        break;
      }
      case 'MISSION_ITEM_REACHED': {
        const seq = fieldsOf('MISSION_ITEM_REACHED', fields).seq;
        this.missionProgress.lastReached = seq;
        this.events.emit('missionItemReached', seq);
        break;
      }
      default:
        if (MissionClient.handles(msg.name)) {
          this.missions.handle(msg.name, fields);
          return;
        }
        if (!applyTelemetry(this.telemetry, msg.name, fields)) return;
        this.freshness.note(msg.name, nowMs);
        if (msg.name === 'GLOBAL_POSITION_INT') this.flyTo.position(this.telemetry.position!);
    }
    this.events.emit('change', undefined);
  }

  /** Whether streamed telemetry is missing: none heard yet, or some gone stale. */
  telemetryMissing(nowMs: number): boolean {
    return this.freshness.missing(nowMs);
  }

  /**
   * What changes on the screen with no frame coming: a bit per stale
   * telemetry group, and one for the link lost. Equal masks, nothing to redraw.
   */
  staleness(nowMs: number): number {
    return this.freshness.staleMask(nowMs) | (this.isLinkLost(nowMs) ? 1 << 30 : 0);
  }

  isLinkLost(nowMs: number): boolean {
    return this.lastHeard === undefined || nowMs - this.lastHeard >= this.linkLostMs;
  }

  snapshot(nowMs: number): VehicleSnapshot {
    const hb = this.heartbeat;
    const table = this.modeTable;
    return {
      sysid: this.sysid,
      compid: this.compid,
      type: hb ? enumLabel(MAV_TYPE, hb.type, ['MAV_TYPE_']) : null,
      typeId: hb ? hb.type : null,
      autopilot: hb ? enumLabel(MAV_AUTOPILOT, hb.autopilot, ['MAV_AUTOPILOT_']) : null,
      autopilotId: hb ? hb.autopilot : null,
      mode: hb ? (table ? table.nameOf(hb.customMode) : `CUSTOM_${hb.customMode}`) : null,
      modes: table ? table.names : [],
      baseMode: hb ? hb.baseMode : null,
      customMode: hb ? hb.customMode : null,
      armed: hb ? (hb.baseMode & MAV_MODE_FLAG.MAV_MODE_FLAG_SAFETY_ARMED) !== 0 : false,
      systemStatus: hb ? enumLabel(MAV_STATE, hb.systemStatus, ['MAV_STATE_']) : null,
      lastHeard: this.lastHeard ?? null,
      linkLost: this.isLinkLost(nowMs),
      heartbeatSigned: hb ? hb.signed : null,
      ...this.telemetry,
      batteries: [...this.telemetry.batteries],
      statusTexts: [...this.statusTexts],
      params: this.params.summary(),
      mission: this.mission(),
      ages: this.freshness.ages(nowMs),
      rebootedAt: this.rebootedAt ?? null,
      ...(this.replay === undefined ? {} : { replay: { ...this.replay } }),
    };
  }

  /** Stops timers and ends pending commands and parameter requests. */
  dispose(): void {
    if (this.watchdog !== undefined) this.io.clearTimeout(this.watchdog);
    this.watchdog = undefined;
    this.texts.flushAll();
    this.texts.dispose();
    this.commands.dispose();
    this.params.dispose();
    this.missions.dispose();
    this.missionCommands.dispose();
  }

  private mission(): VehicleMission {
    const progress = this.missionProgress;
    const homeIsItemZero = this.modeContext().isArduPilot;
    const plans = {} as Record<MissionType, PlanSummary>;
    for (const type of MISSION_TYPES) {
      const known = this.missions.known(type);
      plans[type] = {
        count: known.items === null ? null : known.items.length,
        source: known.source,
        atMs: known.atMs,
        uncertain: known.uncertain,
        changed: type === 'mission' && missionChanged(known, progress.total, homeIsItemZero),
      };
    }
    return {
      ...progress,
      plans,
      transfers: this.missions.transfers(),
      flyTo: this.flyTo.target,
    };
  }

  private modeContext(): ModeContext {
    const hb = this.heartbeat;
    return {
      table: this.modeTable,
      autopilot: hb ? enumLabel(MAV_AUTOPILOT, hb.autopilot, ['MAV_AUTOPILOT_']) : undefined,
      isArduPilot: hb?.autopilot === MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA,
    };
  }

  private heard(nowMs: number): void {
    this.lastHeard = nowMs;
    if (this.lost) {
      this.lost = false;
      this.events.emit('link', { lost: false });
    }
    // One timer per silence window, not one per frame.
    if (this.watchdog === undefined)
      this.watchdog = this.io.setTimeout(() => this.checkLink(), this.linkLostMs);
  }

  private checkLink(): void {
    this.watchdog = undefined;
    const now = this.io.now();
    if (this.lastHeard === undefined) return;
    const silent = now - this.lastHeard;
    if (silent >= this.linkLostMs) {
      this.lost = true;
      this.events.emit('link', { lost: true });
      this.events.emit('change', undefined);
      return;
    }
    this.watchdog = this.io.setTimeout(() => this.checkLink(), this.linkLostMs - silent);
  }

  private rebooted(nowMs: number, uptimeMs: number, bootMs: number): void {
    this.freshness.restart(nowMs);
    // Where it was in its mission belongs to the last boot; its next MISSION_CURRENT says anew.
    Object.assign(this.missionProgress, emptyMissionProgress());
    this.flyTo.clear();
    this.rebootedAt = nowMs;
    this.events.emit('reboot', { atMs: nowMs, uptimeMs });
    if (nowMs - this.rebootNotedMs < REBOOT_NOTE_INTERVAL_MS) return;
    this.rebootNotedMs = nowMs;
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    this.noteWarning(
      `Vehicle rebooted: its time since boot went back from ${seconds(uptimeMs)} to ${seconds(bootMs)}`,
      nowMs,
    );
  }

  /** A warning of Sigil's own about this vehicle among its status texts, marked as such. */
  private noteWarning(text: string, nowMs: number): void {
    this.addText({
      time: nowMs,
      severity: 'WARNING',
      severityId: MAV_SEVERITY.MAV_SEVERITY_WARNING,
      text: text.charAt(0).toUpperCase() + text.slice(1),
      compid: this.compid,
      incomplete: false,
      fromGcs: true,
    });
  }

  private addText(entry: StatusTextEntry): void {
    const texts = this.statusTexts;
    texts.push(entry);
    if (texts.length > this.statusTextLimit) texts.splice(0, texts.length - this.statusTextLimit);
    this.events.emit('statustext', entry);
    this.events.emit('change', undefined);
  }
}

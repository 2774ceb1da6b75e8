// The built-in simulated vehicle: an ArduCopter-like MAVLink 2 autopilot
// that any byte pipe can carry. Bytes go in through `receive`, frames come
// out through `onSend`, and `tick` moves time on (physics, telemetry,
// parameter streaming); the clock is injected so tests run it at any speed.
// It reboots as ArduPilot does: silent for a moment, then up again with
// `time_boot_ms` from 0, on the ground, and no streams until a GCS asks.

import { createCodec } from '../mavlink/ardupilotmega';
import type { Codec } from '../mavlink/codec';
import type { MessageDef } from '../mavlink/definition';
import { MAV_COMPONENT, MSG_ID, type MessageMap, type MessageName } from '../mavlink/dialect';
import { INCOMPAT_SIGNED, type FrameView } from '../mavlink/frame';
import { FrameParser } from '../mavlink/parser';
import type { SigningKey } from '../signing/key';
import type { VerdictCounts } from '../signing/link-verifier';
import { STALE_WINDOW, timestampFromUnixMs } from '../signing/timestamp';
import type { UnsignedPolicy } from '../signing/unsigned-policy';
import { handleMessage, type Fields, type MessageContext } from './dispatch';
import type { SimEvent } from './events';
import { Copter, type FlightEvent } from './flight';
import type { GeoPoint } from './geo';
import { modeName } from './modes';
import type { MissionServerOptions } from './mission-server';
import { SimMissions } from './missions';
import { ParamServer, type ParamServerOptions } from './param-server';
import { ParamStore } from './params';
import { SimSigning } from './signing';
import { SimStateStore, type SimState } from './state-store';
import * as T from './telemetry';
import { sendTelemetry } from './telemetry-send';

export type { Sender } from './dispatch';
export type { SimEvent } from './events';

export const SIM_COMPID = MAV_COMPONENT.MAV_COMP_ID_AUTOPILOT1;

export interface SimVehicleOptions {
  /** 1..255. Default 1. */
  sysid?: number;
  /** Where every frame the vehicle sends goes. Can be set later. */
  onSend?: (frame: Uint8Array) => void;
  onEvent?: (event: SimEvent) => void;
  /** Unix milliseconds. Default Date.now. */
  clock?: () => number;
  home?: GeoPoint;
  gpsFixDelayMs?: number;
  /** Start with signing on with this key (overrides a stored key). */
  key?: SigningKey;
  /** Where `SimVehicle.open` keeps the signing key and timestamp; none: nothing is kept. */
  stateDir?: string;
  /** How often the signing timestamp is saved while it moves. Default 10 s. */
  saveIntervalMs?: number;
  /** Which unsigned frames it takes while signing is on. Default: RADIO_STATUS and RADIO. */
  unsignedPolicy?: UnsignedPolicy;
  paramStream?: ParamServerOptions;
  /** Parameter values that differ from the defaults. */
  params?: Readonly<Record<string, number>>;
  /** How long a reboot keeps it silent. Default 2 s. */
  rebootSilenceMs?: number;
  /** Mission upload timing (re-request, give up). */
  missions?: MissionServerOptions;
}

export interface SimStats {
  /** Frames the parser delivered. */
  framesIn: number;
  framesOut: number;
  /** Frames refused by signing (unsigned, bad signature, replay, stale, future, too many streams). */
  ignored: number;
  /** Frames addressed to another system or component. */
  notForUs: number;
  commands: number;
  stateSaves: number;
  stateErrors: number;
  /** Signed frames not sent: the signing clock had run out of 48 bits. */
  held: number;
  reboots: number;
}

/** What a reboot starts afresh. */
interface Boot {
  /** Clock time at boot: `time_boot_ms` counts from here. */
  atMs: number;
  copter: Copter;
  schedule: T.TelemetrySchedule;
  paramServer: ParamServer;
}

/** How long a reboot keeps the vehicle silent, by default: about what SITL takes. */
export const REBOOT_SILENCE_MS = 2000;

export class SimVehicle {
  readonly sysid: number;
  readonly params: ParamStore;
  /** Mission, geofence and rally points: the protocol, AUTO, the fence; `missions.faults` for tests. */
  readonly missions: SimMissions;
  readonly stats: SimStats = {
    framesIn: 0,
    framesOut: 0,
    ignored: 0,
    notForUs: 0,
    commands: 0,
    stateSaves: 0,
    stateErrors: 0,
    held: 0,
    reboots: 0,
  };
  onSend: (frame: Uint8Array) => void;
  private readonly codec: Codec = createCodec();
  private readonly defs = new Map<string, MessageDef>();
  private readonly parser: FrameParser;
  private readonly signing: SimSigning;
  private readonly clock: () => number;
  private readonly booted: Boot;
  /** While rebooting: when it boots again. */
  private downUntilMs: number | undefined;
  private rebootAsked = false;
  private lastTickMs: number;
  private seq = 0;
  private textId = 0;
  private lastSaveMs: number;
  private savedTimestamp = -1;
  private readonly messages: MessageContext;

  /** A vehicle whose state (if `stateDir` is given) was loaded from disk. */
  static async open(options: SimVehicleOptions = {}): Promise<SimVehicle> {
    const store = options.stateDir === undefined ? undefined : new SimStateStore(options.stateDir);
    const load = await store?.load();
    const vehicle = new SimVehicle(
      options,
      load?.state === 'restored' ? load.value : undefined,
      store,
    );
    if (load?.state === 'corrupt') {
      vehicle.emit({ kind: 'state-error', message: `ignoring the saved state: ${load.reason}` });
    }
    // Saved before use: a crash right after start must not let the next run
    // begin with the timestamps this one is about to use.
    if (vehicle.signing.enabled) await vehicle.saveState();
    return vehicle;
  }

  constructor(
    private readonly options: SimVehicleOptions = {},
    restored?: SimState,
    private readonly store?: SimStateStore,
  ) {
    const sysid = options.sysid ?? 1;
    if (!Number.isInteger(sysid) || sysid < 1 || sysid > 255) {
      throw new RangeError(`the sim's system id must be 1..255, not ${sysid}`);
    }
    this.sysid = sysid;
    this.onSend = options.onSend ?? (() => undefined);
    this.clock = options.clock ?? Date.now;
    const bootMs = this.clock();
    this.lastTickMs = bootMs;
    this.lastSaveMs = bootMs;
    this.params = new ParamStore(undefined, { ...options.params, SYSID_THISMAV: sysid });
    this.signing = new SimSigning(() => timestampFromUnixMs(this.clock()), options.unsignedPolicy);
    const key = options.key ?? restored?.key;
    if (key !== undefined) {
      const now = timestampFromUnixMs(this.clock());
      // As ArduPilot at boot: above anything the last run may have used after its last save.
      const start = restored === undefined ? now : Math.max(now, restored.timestamp + STALE_WINDOW);
      this.signing.enable(key, start);
    } else if (restored !== undefined) {
      this.signing.remember(restored.timestamp);
      this.savedTimestamp = restored.timestamp;
    }
    const booted = (this.booted = {
      atMs: bootMs,
      copter: this.newCopter(),
      schedule: new T.TelemetrySchedule(bootMs),
      paramServer: this.newParamServer(),
    });
    this.missions = new SimMissions(
      {
        get copter() {
          return booted.copter;
        },
        params: this.params,
        now: this.clock,
        isForUs: (system, component) => this.isForUs(system, component),
        countCommand: () => void this.stats.commands++,
        send: (name, fields) => this.send(name, fields),
        sendText: (severity, text) => this.sendText(severity, text),
        save: () => void this.saveState(),
      },
      restored?.missions,
      options.missions,
    );
    this.parser = new FrameParser(this.codec, (frame) => this.onFrame(frame));
    this.messages = {
      sysid: this.sysid,
      get copter() {
        return booted.copter;
      },
      get schedule() {
        return booted.schedule;
      },
      signing: this.signing,
      get paramServer() {
        return booted.paramServer;
      },
      missions: this.missions,
      now: this.clock,
      isForUs: (system, component) => this.isForUs(system, component),
      countCommand: () => void this.stats.commands++,
      send: (name, fields) => this.send(name, fields),
      sendText: (severity, text) => this.sendText(severity, text),
      sendMessage: (msgid) => this.sendMessage(msgid),
      sendMessageInterval: (msgid, intervalUs) =>
        this.send('MESSAGE_INTERVAL', { message_id: msgid, interval_us: intervalUs }),
      emit: (event) => this.emit(event),
      save: () => this.saveState(),
      reboot: () => void (this.rebootAsked = true),
    };
  }

  /** The autopilot's flight state: a new one after each reboot. */
  get copter(): Copter {
    return this.booted.copter;
  }

  /** Whether it is rebooting (silent) now. */
  get rebooting(): boolean {
    return this.downUntilMs !== undefined;
  }

  get armed(): boolean {
    return this.copter.armed;
  }

  get mode(): number {
    return this.copter.mode;
  }

  get signingEnabled(): boolean {
    return this.signing.enabled;
  }

  /** The fingerprint of the signing key, if signing is on. */
  get keyFingerprint(): string | undefined {
    return this.signing.key?.fingerprint;
  }

  /** The highest signing timestamp used or accepted. */
  get signingTimestamp(): number {
    return this.signing.timestamp;
  }

  /** What became of each received frame while signing was on. */
  get signingCounts(): Readonly<VerdictCounts> {
    return this.signing.counts;
  }

  get paramStats(): ParamServer['stats'] {
    return this.booted.paramServer.stats;
  }

  /** Feeds bytes from the link; frames in them are handled before this returns. */
  receive(chunk: Uint8Array): void {
    // A rebooting autopilot hears nothing.
    if (this.downUntilMs === undefined) this.parser.push(chunk);
  }

  /**
   * Reboots now, as after MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN or a power
   * glitch: silent for `rebootSilenceMs`, then up again with `time_boot_ms`
   * from 0, disarmed on the ground, and streaming nothing but HEARTBEAT
   * until asked. Parameters, the signing key and the plans survive, as in
   * its storage.
   */
  reboot(nowMs: number = this.clock()): void {
    if (this.downUntilMs !== undefined) return;
    this.downUntilMs = nowMs + (this.options.rebootSilenceMs ?? REBOOT_SILENCE_MS);
    this.stats.reboots++;
    this.emit({ kind: 'rebooting' });
    if (this.signing.enabled) void this.saveState();
  }

  /** A new conversation on its link: the streams asked for so far stop, HEARTBEAT goes on. */
  forgetStreams(nowMs: number = this.clock()): void {
    this.booted.schedule = new T.TelemetrySchedule(nowMs);
  }

  /** Moves time on to `nowMs` (default: the clock) and sends what has come due. */
  tick(nowMs: number = this.clock()): void {
    if (this.downUntilMs !== undefined) {
      if (nowMs < this.downUntilMs) return;
      this.boot(nowMs);
    }
    const dt = Math.min(1, Math.max(0, (nowMs - this.lastTickMs) / 1000));
    if (nowMs > this.lastTickMs) this.lastTickMs = nowMs;
    if (dt > 0) this.copter.step(dt);
    this.missions.step(dt, nowMs);
    for (const id of this.booted.schedule.due(nowMs)) this.sendTelemetry(id, nowMs);
    this.booted.paramServer.tick(nowMs);
    const interval = this.options.saveIntervalMs ?? 10_000;
    if (nowMs - this.lastSaveMs >= interval) {
      this.lastSaveMs = nowMs;
      if (this.signing.timestamp > this.savedTimestamp) void this.saveState();
    }
  }

  /** Saves the state one last time (and waits for saves under way). */
  async close(): Promise<void> {
    await this.saveState();
  }

  /** Saves the signing key and timestamp now, if there is a state directory. */
  saveState(): Promise<void> {
    const store = this.store;
    if (store === undefined) return Promise.resolve();
    const state: SimState = {
      key: this.signing.key,
      timestamp: this.signing.timestamp,
      missions: this.missions.stored(),
    };
    return store.save(state).then(
      () => {
        this.stats.stateSaves++;
        this.savedTimestamp = Math.max(this.savedTimestamp, state.timestamp);
      },
      (error: unknown) => {
        this.stats.stateErrors++;
        const reason = error instanceof Error ? error.message : String(error);
        this.emit({ kind: 'state-error', message: `cannot save ${store.path}: ${reason}` });
      },
    );
  }

  /** Sends a STATUSTEXT, in chunks if it is longer than one message holds. */
  sendText(severity: number, text: string): void {
    const id = text.length > T.STATUSTEXT_LENGTH ? (this.textId = (this.textId % 255) + 1) : 0;
    for (const chunk of T.statusTextChunks(severity, text, id)) this.send('STATUSTEXT', chunk);
    this.emit({ kind: 'text', severity, text });
  }

  /** Encodes, signs when signing is on, and hands the frame to `onSend`. */
  send<N extends MessageName>(name: N, fields: Partial<MessageMap[N]>): void {
    if (this.downUntilMs !== undefined) return;
    let def = this.defs.get(name);
    if (def === undefined) {
      def = this.codec.byName(name);
      if (def === undefined) throw new Error(`the dialect has no ${name}`);
      this.defs.set(name, def);
    }
    const signed = this.signing.enabled;
    const frame = this.codec.encodeFrame(def, fields, {
      version: 2,
      seq: this.seq,
      sysid: this.sysid,
      compid: SIM_COMPID,
      incompatFlags: signed ? INCOMPAT_SIGNED : 0,
    });
    if (signed && !this.signing.sign(frame)) {
      this.stats.held++;
      return;
    }
    this.seq = (this.seq + 1) & 0xff;
    this.stats.framesOut++;
    this.onSend(frame);
  }

  /** Sends a message now, on request; false for one it cannot produce. */
  sendMessage(msgid: number): boolean {
    const known =
      this.booted.schedule.has(msgid) ||
      msgid === MSG_ID.AUTOPILOT_VERSION ||
      (msgid === MSG_ID.HOME_POSITION && this.copter.hasFix);
    if (known) this.sendTelemetry(msgid, this.clock());
    return known;
  }

  /** Whether a frame's target system/component (if it has them) is this vehicle. */
  isForUs(targetSystem: number, targetComponent = 0): boolean {
    const ok =
      (targetSystem === 0 || targetSystem === this.sysid) &&
      (targetComponent === 0 || targetComponent === SIM_COMPID);
    if (!ok) this.stats.notForUs++;
    return ok;
  }

  emit(event: SimEvent): void {
    this.options.onEvent?.(event);
  }

  private onFrame(frame: FrameView): void {
    this.stats.framesIn++;
    if (frame.sysid === this.sysid && frame.compid === SIM_COMPID) return;
    if (!this.signing.accepts(frame)) {
      this.stats.ignored++;
      return;
    }
    const def = frame.def;
    if (def === undefined) return;
    const fields = this.codec.decode(frame) as Fields;
    handleMessage(this.messages, def.id, fields, { sysid: frame.sysid, compid: frame.compid });
    // After the command's ACK has gone out, as ArduPilot answers before it goes down.
    if (this.rebootAsked) {
      this.rebootAsked = false;
      this.reboot();
    }
  }

  private boot(nowMs: number): void {
    this.downUntilMs = undefined;
    this.booted.atMs = nowMs;
    this.lastTickMs = nowMs;
    this.lastSaveMs = nowMs;
    this.seq = 0;
    this.parser.reset();
    this.booted.copter = this.newCopter();
    this.booted.schedule = new T.TelemetrySchedule(nowMs);
    this.booted.paramServer = this.newParamServer();
    this.missions.boot();
    if (this.signing.enabled) {
      // As ArduPilot at boot: 60 s past the stored timestamp, whatever was used after it was saved.
      const stored = this.store === undefined ? this.signing.timestamp : this.savedTimestamp;
      const start = Math.max(timestampFromUnixMs(nowMs), stored + STALE_WINDOW);
      this.signing.restart(Math.max(start, this.signing.timestamp + 1));
    }
    this.emit({ kind: 'booted' });
  }

  private newCopter(): Copter {
    const options = this.options;
    return new Copter(this.params, (event) => this.onFlightEvent(event), {
      ...(options.home === undefined ? {} : { home: options.home }),
      ...(options.gpsFixDelayMs === undefined ? {} : { gpsFixDelayMs: options.gpsFixDelayMs }),
    });
  }

  private newParamServer(): ParamServer {
    return new ParamServer(
      this.params,
      (value) => this.send('PARAM_VALUE', value),
      this.options.paramStream,
    );
  }

  private sendTelemetry(id: number, nowMs: number): void {
    sendTelemetry(this.messages, id, { bootMs: nowMs - this.booted.atMs, unixMs: nowMs });
  }

  private onFlightEvent(event: FlightEvent): void {
    switch (event.kind) {
      case 'text':
        this.sendText(event.severity, event.text);
        return;
      case 'home':
        this.sendTelemetry(MSG_ID.HOME_POSITION, this.clock());
        return;
      case 'mode':
        this.emit({ kind: 'mode', mode: event.mode, name: modeName(event.mode) });
        return;
      case 'armed':
        // Home is (re)announced at arming, as ArduPilot does.
        if (this.copter.hasFix) this.sendTelemetry(MSG_ID.HOME_POSITION, this.clock());
        this.emit(event);
        return;
      case 'disarmed':
        this.emit(event);
        return;
    }
  }
}

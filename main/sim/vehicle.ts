// The built-in simulated vehicle: an ArduCopter-like MAVLink 2 autopilot
// that any byte pipe can carry. Bytes go in through `receive`, frames come
// out through `onSend`, and `tick` moves time on (physics, telemetry,
// parameter streaming); the clock is injected so tests run it at any speed.

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
import { ParamServer, type ParamServerOptions } from './param-server';
import { ParamStore } from './params';
import { SimSigning } from './signing';
import { SimStateStore, type SimState } from './state-store';
import { createModesCodec } from '../vehicle/available-modes';
import { sendAvailableModes } from './available-modes';
import type { Encryptor } from '../storage/key-store';
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
  /** What seals the key in `stateDir` (as the GCS's key is sealed); none: the key is not kept. */
  sealer?: Encryptor;
  /** How often the signing timestamp is saved while it moves. Default 10 s. */
  saveIntervalMs?: number;
  /** Which unsigned frames it takes while signing is on. Default: RADIO_STATUS and RADIO. */
  unsignedPolicy?: UnsignedPolicy;
  paramStream?: ParamServerOptions;
  /** Parameter values that differ from the defaults. */
  params?: Readonly<Record<string, number>>;
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
}

export class SimVehicle {
  readonly sysid: number;
  readonly copter: Copter;
  readonly params: ParamStore;
  readonly stats: SimStats = {
    framesIn: 0,
    framesOut: 0,
    ignored: 0,
    notForUs: 0,
    commands: 0,
    stateSaves: 0,
    stateErrors: 0,
    held: 0,
  };
  onSend: (frame: Uint8Array) => void;
  private readonly codec: Codec = createModesCodec();
  private readonly defs = new Map<string, MessageDef>();
  private readonly parser: FrameParser;
  private readonly signing: SimSigning;
  private readonly paramServer: ParamServer;
  private readonly schedule: T.TelemetrySchedule;
  private readonly clock: () => number;
  private readonly bootMs: number;
  private lastTickMs: number;
  private seq = 0;
  private textId = 0;
  private lastSaveMs: number;
  private savedTimestamp = -1;
  private readonly messages: MessageContext;

  /** A vehicle whose state (if `stateDir` is given) was loaded from disk. */
  static async open(options: SimVehicleOptions = {}): Promise<SimVehicle> {
    const store =
      options.stateDir === undefined
        ? undefined
        : new SimStateStore(options.stateDir, options.sealer);
    const load = await store?.load();
    const vehicle = new SimVehicle(
      options,
      load?.state === 'restored' ? load.value : undefined,
      store,
    );
    if (load?.state === 'corrupt') {
      vehicle.emit({ kind: 'state-error', message: `ignoring the saved state: ${load.reason}` });
    }
    if (load?.state === 'restored' && load.problem !== undefined) {
      vehicle.emit({ kind: 'state-error', message: `starting without a key: ${load.problem}` });
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
    this.bootMs = this.clock();
    this.lastTickMs = this.bootMs;
    this.lastSaveMs = this.bootMs;
    this.params = new ParamStore(undefined, { ...options.params, SYSID_THISMAV: sysid });
    this.copter = new Copter(this.params, (event) => this.onFlightEvent(event), {
      ...(options.home === undefined ? {} : { home: options.home }),
      ...(options.gpsFixDelayMs === undefined ? {} : { gpsFixDelayMs: options.gpsFixDelayMs }),
    });
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
    this.paramServer = new ParamServer(
      this.params,
      (value) => this.send('PARAM_VALUE', value),
      options.paramStream,
    );
    this.schedule = new T.TelemetrySchedule(this.bootMs);
    this.parser = new FrameParser(this.codec, (frame) => this.onFrame(frame));
    this.messages = {
      sysid: this.sysid,
      copter: this.copter,
      schedule: this.schedule,
      signing: this.signing,
      paramServer: this.paramServer,
      now: this.clock,
      isForUs: (system, component) => this.isForUs(system, component),
      countCommand: () => void this.stats.commands++,
      send: (name, fields) => this.send(name, fields),
      sendText: (severity, text) => this.sendText(severity, text),
      sendMessage: (msgid) => this.sendMessage(msgid),
      sendAvailableModes: (index) =>
        sendAvailableModes(
          (fields) => this.send('AVAILABLE_MODES' as MessageName, fields as never),
          index,
        ),
      sendMessageInterval: (msgid, intervalUs) =>
        this.send('MESSAGE_INTERVAL', { message_id: msgid, interval_us: intervalUs }),
      emit: (event) => this.emit(event),
      save: () => this.saveState(),
    };
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
    return this.paramServer.stats;
  }

  /** Feeds bytes from the link; frames in them are handled before this returns. */
  receive(chunk: Uint8Array): void {
    this.parser.push(chunk);
  }

  /** Moves time on to `nowMs` (default: the clock) and sends what has come due. */
  tick(nowMs: number = this.clock()): void {
    const dt = Math.min(1, Math.max(0, (nowMs - this.lastTickMs) / 1000));
    if (nowMs > this.lastTickMs) this.lastTickMs = nowMs;
    if (dt > 0) this.copter.step(dt);
    for (const id of this.schedule.due(nowMs)) this.sendTelemetry(id, nowMs);
    this.paramServer.tick(nowMs);
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
    const state: SimState = { key: this.signing.key, timestamp: this.signing.timestamp };
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
      this.schedule.has(msgid) ||
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
  }

  private sendTelemetry(id: number, nowMs: number): void {
    sendTelemetry(this.messages, id, { bootMs: nowMs - this.bootMs, unixMs: nowMs });
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

// Commands to one vehicle: COMMAND_LONG tracked by COMMAND_ACK, retried,
// and reported as a typed result.
//
// - An ACK matches a pending command by command id, and by target when the
//   ACK carries one (the target fields are MAVLink 2 extensions; older
//   firmware leaves them 0).
// - A command is sent up to `tries` times, `retryMs` apart, its
//   `confirmation` field counting the retries; no ACK by `retryMs` after the
//   last try is `timed-out`.
// - MAV_RESULT_IN_PROGRESS stops the retries (sending again could restart
//   the action) and waits for the final ACK, up to `progressTimeoutMs` after
//   the latest progress report.
// - One command per command id may be pending, because ACKs carry only the
//   id. A second request identical to the pending one (same parameters)
//   shares its result; a different one is `refused` at once.
// - SET_MODE as a message (the fallback for vehicles that answer
//   DO_SET_MODE with UNSUPPORTED) is tracked the same way: ArduPilot ACKs it
//   with COMMAND_ACK whose command is the message id, 11.
// - A refusal's reason comes as STATUSTEXT ("PreArm: Need Position
//   Estimate") beside an ACK that says only FAILED or DENIED: a refused
//   command waits `reasonWaitMs` for late texts, then carries every warning
//   the vehicle sent since the command went out.

import type { COMMAND_ACK } from '../mavlink/dialect/types';
import { MAV_CMD, MAV_MODE_FLAG, MAV_RESULT } from '../mavlink/dialect/enums';
import { MSG_ID } from '../mavlink/dialect/types';
import { enumName } from './enum-names';
import type { TimerHandle } from '../clock';
import type { VehicleIo } from './io';
import { normalizeModeName, type ModeTable } from './modes';
import { addressedTo, gcsAddress, type GcsAddress } from './gcs-address';

export type CommandResult =
  | { status: 'accepted'; command: string; message: string }
  | { status: 'denied'; command: string; result: string; message: string; reasons: string[] }
  | { status: 'unsupported'; command: string; message: string }
  | { status: 'timed-out'; command: string; tries: number; message: string }
  | { status: 'refused'; command: string; message: string };

export interface CommandRunnerOptions {
  /** Sends of one command before giving up. Default 3. */
  tries?: number;
  /** Time between tries and after the last one. Default 1500 ms. */
  retryMs?: number;
  /** After IN_PROGRESS, how long to wait for the next ACK. Default 10 s. */
  progressTimeoutMs?: number;
  /** Our own system and component id, which the vehicle's ACK targets. Defaults 255, 190. */
  gcsSysid?: number;
  gcsCompid?: number;
  /** After a refusal, how long to wait for its STATUSTEXT reasons. Default 300 ms. */
  reasonWaitMs?: number;
}

/** What the vehicle tells the runner beyond ACKs. */
export interface CommandExplainer {
  /** Warning texts (or worse) the vehicle sent at or after `sinceMs`, oldest first. */
  textsSince(sinceMs: number): string[];
  /** Why a command may get no answer (no key on a link that needs one), if anything says so. */
  noAnswerHint(): string | undefined;
}

const NO_EXPLAINER: CommandExplainer = { textsSince: () => [], noAnswerHint: () => undefined };
/** At most this many reasons travel with a result. */
const MAX_REASONS = 5;

/** What the runner needs to know about the vehicle to build mode requests. */
export interface ModeContext {
  table: ModeTable | undefined;
  autopilot: string | undefined;
  isArduPilot: boolean;
}

/** ArduPilot's magic numbers for COMPONENT_ARM_DISARM param2: skip the checks. */
export const FORCE_ARM = 2989;
export const FORCE_DISARM = 21196;

const SET_MODE_MESSAGE = MSG_ID.SET_MODE;

type Params = readonly [number, number, number, number, number, number, number];

interface Pending {
  key: number;
  params: Params;
  name: string;
  sends: number;
  /** io.now() when it was first sent. */
  sentAt: number;
  inProgress: boolean;
  /** A refusal waiting for its STATUSTEXT reasons. */
  refusal: CommandResult | undefined;
  timer: TimerHandle;
  transmit: (confirmation: number) => void;
  promise: Promise<CommandResult>;
  resolve: (result: CommandResult) => void;
  onProgress: ((percent: number | null) => void) | undefined;
}

export function commandName(command: number): string {
  if (command === SET_MODE_MESSAGE) return 'SET_MODE';
  return enumName(MAV_CMD, command) ?? `MAV_CMD_${command}`;
}

function toParams(values: readonly number[]): Params {
  const p = [0, 0, 0, 0, 0, 0, 0] as [number, number, number, number, number, number, number];
  for (let i = 0; i < 7 && i < values.length; i++) p[i] = values[i]!;
  return p;
}

export class CommandRunner {
  private readonly pending = new Map<number, Pending>();
  private readonly tries: number;
  private readonly retryMs: number;
  private readonly progressTimeoutMs: number;
  private readonly gcs: GcsAddress;
  private readonly reasonWaitMs: number;

  constructor(
    private readonly io: VehicleIo,
    private readonly target: { readonly sysid: number; readonly compid: number },
    private readonly modes: () => ModeContext,
    options: CommandRunnerOptions = {},
    private readonly explainer: CommandExplainer = NO_EXPLAINER,
  ) {
    this.reasonWaitMs = options.reasonWaitMs ?? 300;
    this.tries = options.tries ?? 3;
    this.retryMs = options.retryMs ?? 1500;
    this.progressTimeoutMs = options.progressTimeoutMs ?? 10_000;
    this.gcs = gcsAddress(options);
  }

  arm(options: { force?: boolean } = {}): Promise<CommandResult> {
    return this.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [1, options.force ? FORCE_ARM : 0]);
  }

  disarm(options: { force?: boolean } = {}): Promise<CommandResult> {
    return this.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [
      0,
      options.force ? FORCE_DISARM : 0,
    ]);
  }

  /** Takes off to `altitude` metres above home (NAV_TAKEOFF param7). */
  takeoff(altitude: number): Promise<CommandResult> {
    const command = MAV_CMD.MAV_CMD_NAV_TAKEOFF;
    if (!Number.isFinite(altitude) || altitude <= 0)
      return refused(
        command,
        `takeoff altitude must be a positive number of metres, not ${altitude}`,
      );
    return this.command(command, [0, 0, 0, 0, 0, 0, altitude]);
  }

  land(): Promise<CommandResult> {
    return this.command(MAV_CMD.MAV_CMD_NAV_LAND, []);
  }

  returnToLaunch(): Promise<CommandResult> {
    return this.command(MAV_CMD.MAV_CMD_NAV_RETURN_TO_LAUNCH, []);
  }

  /** Sets a flight mode by name (as the vehicle's mode list spells it; case and spaces forgiven). */
  async setMode(name: string): Promise<CommandResult> {
    const command = MAV_CMD.MAV_CMD_DO_SET_MODE;
    const context = this.modes();
    if (context.table === undefined) {
      return refused(
        command,
        context.autopilot === undefined
          ? 'no HEARTBEAT from the vehicle yet, so its flight modes are unknown'
          : `flight modes of autopilot ${context.autopilot} with this vehicle type are unknown`,
      );
    }
    const request = context.table.request(name);
    if (request === undefined) {
      return refused(
        command,
        `unknown flight mode '${normalizeModeName(name)}'; the modes are ${context.table.names.join(', ')}`,
      );
    }
    const base = MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED;
    const params = request.px4
      ? [base, request.px4.main, request.px4.sub]
      : [base, request.customMode];
    const result = await this.command(command, params);
    if (result.status !== 'unsupported' || !context.isArduPilot) return result;
    return this.track(SET_MODE_MESSAGE, toParams([base, request.customMode]), undefined, () =>
      this.io.send('SET_MODE', {
        target_system: this.target.sysid,
        base_mode: base,
        custom_mode: request.customMode,
      }),
    );
  }

  /** Any COMMAND_LONG: up to seven params, missing ones 0. */
  command(
    command: number,
    params: readonly number[],
    onProgress?: (percent: number | null) => void,
  ): Promise<CommandResult> {
    const p = toParams(params);
    return this.track(command, p, onProgress, (confirmation) =>
      this.io.send('COMMAND_LONG', {
        target_system: this.target.sysid,
        target_component: this.target.compid,
        command,
        confirmation,
        param1: p[0],
        param2: p[1],
        param3: p[2],
        param4: p[3],
        param5: p[4],
        param6: p[5],
        param7: p[6],
      }),
    );
  }

  /**
   * A COMMAND_INT: params 1-4, a frame, and x/y as integers (degrees times
   * 1e7 in global frames), for commands that carry a position (ArduPilot
   * takes DO_REPOSITION only this way).
   */
  commandInt(
    command: number,
    frame: number,
    params: readonly number[],
    position: { x: number; y: number; z: number },
  ): Promise<CommandResult> {
    const p = toParams([...params.slice(0, 4), 0, 0, 0]);
    const { x, y, z } = position;
    // x, y and z stand in params 5-7, so a second, different position is told apart.
    const key = toParams([p[0], p[1], p[2], p[3], x, y, z]);
    return this.track(command, key, undefined, () =>
      this.io.send('COMMAND_INT', {
        target_system: this.target.sysid,
        target_component: this.target.compid,
        frame,
        command,
        current: 0,
        autocontinue: 0,
        param1: p[0],
        param2: p[1],
        param3: p[2],
        param4: p[3],
        x,
        y,
        z,
      }),
    );
  }

  handleAck(ack: COMMAND_ACK): void {
    const p = this.pending.get(ack.command);
    if (p === undefined || p.refusal !== undefined) return;
    if (!addressedTo(ack, this.gcs)) return;
    const resultName = enumName(MAV_RESULT, ack.result) ?? `MAV_RESULT_${ack.result}`;
    switch (ack.result) {
      case MAV_RESULT.MAV_RESULT_ACCEPTED:
        this.finish(p, { status: 'accepted', command: p.name, message: `${p.name} accepted` });
        return;
      case MAV_RESULT.MAV_RESULT_IN_PROGRESS:
        p.inProgress = true;
        p.onProgress?.(ack.progress === 255 ? null : ack.progress);
        this.io.clearTimeout(p.timer);
        p.timer = this.io.setTimeout(() => this.timeout(p), this.progressTimeoutMs);
        return;
      case MAV_RESULT.MAV_RESULT_UNSUPPORTED:
        this.finish(p, {
          status: 'unsupported',
          command: p.name,
          message: `the vehicle does not support ${p.name}`,
        });
        return;
      default:
        this.refuse(p, {
          status: 'denied',
          command: p.name,
          result: resultName,
          message: `${p.name} denied: ${resultName}`,
          reasons: [],
        });
    }
  }

  /** A refusal is final; its reasons may still be on their way. */
  private refuse(p: Pending, result: Extract<CommandResult, { status: 'denied' }>): void {
    p.refusal = result;
    this.io.clearTimeout(p.timer);
    p.timer = this.io.setTimeout(() => {
      const reasons = [...new Set(this.explainer.textsSince(p.sentAt))].slice(-MAX_REASONS);
      const message =
        reasons.length === 0 ? result.message : `${result.message}: ${reasons.join('; ')}`;
      this.finish(p, { ...result, message, reasons });
    }, this.reasonWaitMs);
  }

  /** Command ids waiting for an ACK. */
  pendingCommands(): number[] {
    return [...this.pending.keys()];
  }

  /** Ends every pending command as `refused` (the vehicle went away). */
  dispose(reason = 'the vehicle was removed'): void {
    for (const p of [...this.pending.values()])
      this.finish(p, { status: 'refused', command: p.name, message: `${p.name}: ${reason}` });
  }

  private track(
    key: number,
    params: Params,
    onProgress: ((percent: number | null) => void) | undefined,
    transmit: (confirmation: number) => void,
  ): Promise<CommandResult> {
    const name = commandName(key);
    const existing = this.pending.get(key);
    if (existing !== undefined) {
      if (existing.params.every((v, i) => Object.is(v, params[i]))) return existing.promise;
      return refused(
        key,
        `${name} is already waiting for the vehicle's answer; try again when it has one`,
      );
    }
    let resolve!: (result: CommandResult) => void;
    const promise = new Promise<CommandResult>((r) => (resolve = r));
    const p: Pending = {
      key,
      params,
      name,
      sends: 0,
      sentAt: this.io.now(),
      inProgress: false,
      refusal: undefined,
      timer: undefined,
      transmit,
      promise,
      resolve,
      onProgress,
    };
    this.pending.set(key, p);
    this.transmit(p);
    return promise;
  }

  private transmit(p: Pending): void {
    p.transmit(p.sends);
    p.sends++;
    p.timer = this.io.setTimeout(() => this.timeout(p), this.retryMs);
  }

  private timeout(p: Pending): void {
    if (this.pending.get(p.key) !== p) return;
    if (!p.inProgress && p.sends < this.tries) {
      this.transmit(p);
      return;
    }
    const hint = this.explainer.noAnswerHint();
    const message = p.inProgress
      ? `${p.name} reported progress but no final result within ${this.progressTimeoutMs} ms`
      : `no COMMAND_ACK for ${p.name} after ${p.sends} tries ${this.retryMs} ms apart` +
        (hint === undefined ? '' : `; likely because ${hint}`);
    this.finish(p, { status: 'timed-out', command: p.name, tries: p.sends, message });
  }

  private finish(p: Pending, result: CommandResult): void {
    if (this.pending.get(p.key) !== p) return;
    this.pending.delete(p.key);
    this.io.clearTimeout(p.timer);
    p.resolve(result);
  }
}

function refused(command: number, message: string): Promise<CommandResult> {
  return Promise.resolve({ status: 'refused', command: commandName(command), message });
}

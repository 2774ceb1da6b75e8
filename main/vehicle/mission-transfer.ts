// What the mission transfers (download, upload, clear) share: one promise,
// one timer, retries counted from the last sign of progress, and the
// vehicle's messages routed to the transfer of their mission type.
//
// Timeouts follow the mission protocol: an answer (MISSION_COUNT, the first
// MISSION_REQUEST, MISSION_ACK) is waited for `timeoutMs`, an item asked
// for with MISSION_REQUEST_INT `itemTimeoutMs`, and a message goes out at
// most `retries` more times before the transfer ends with an error. Every
// message is sent through the vehicle's io, so it is signed like any other.

import { MAV_MISSION_RESULT } from '../mavlink/dialect/enums';
import type { MISSION_COUNT, MISSION_ITEM_INT } from '../mavlink/dialect/types';
import type { TimerHandle } from '../clock';
import type { VehicleIo } from './io';
import { missionTypeId, missionTypeNoun, type MissionType } from './mission-items';
import { missionResultName, missionResultWords } from './mission-results';

export type TransferDirection = 'download' | 'upload' | 'clear';

export interface MissionProgress {
  type: MissionType;
  direction: 'download' | 'upload';
  /** Items received (download) or sent at least once (upload). */
  done: number;
  total: number;
}

export interface MissionTransferOptions {
  /** How long an answer is waited for. Default 1500 ms. */
  timeoutMs?: number;
  /** How long an item asked for is waited for. Default 250 ms. */
  itemTimeoutMs?: number;
  /** Sends of a message after the first, before giving up. Default 5. */
  retries?: number;
}

export class MissionError extends Error {
  constructor(
    message: string,
    /** MAV_MISSION_RESULT name, when the vehicle answered with one. */
    readonly result: string | undefined = undefined,
    /** The vehicle may hold part of a new plan: what it holds is unknown. */
    readonly partial = false,
  ) {
    super(message);
    this.name = 'MissionError';
  }
}

export interface TransferContext {
  readonly io: VehicleIo;
  readonly target: { readonly sysid: number; readonly compid: number };
  readonly type: MissionType;
  readonly timeoutMs: number;
  readonly itemTimeoutMs: number;
  readonly retries: number;
  progress(done: number, total: number): void;
  /** Called once, when the transfer has ended either way. */
  ended(): void;
}

export abstract class Transfer<T> {
  abstract readonly direction: TransferDirection;
  readonly promise: Promise<T>;
  /** Timeouts in a row since the last sign of progress. */
  protected tries = 0;
  private settle!: { resolve: (value: T) => void; reject: (error: MissionError) => void };
  private timer: TimerHandle | undefined;
  private finished = false;

  constructor(protected readonly ctx: TransferContext) {
    this.promise = new Promise<T>((resolve, reject) => (this.settle = { resolve, reject }));
  }

  get noun(): string {
    return missionTypeNoun(this.ctx.type);
  }

  get done(): boolean {
    return this.finished;
  }

  abstract start(): void;
  /** Items received or sent, and how many there are (0 while unknown). */
  abstract counts(): { done: number; total: number };
  onCount(_f: MISSION_COUNT): void {}
  onItem(_f: MISSION_ITEM_INT): void {}
  onRequest(_seq: number): void {}
  onAck(_result: number): void {}
  /** Ends the transfer from our side (the vehicle went away, the GCS shuts down). */
  abstract cancel(reason: string): void;

  protected wait(ms: number, onTimeout: () => void): void {
    this.stopTimer();
    this.timer = this.ctx.io.setTimeout(() => {
      this.timer = undefined;
      if (!this.finished) onTimeout();
    }, ms);
  }

  /** Counts a timeout; false once the retries are spent. */
  protected retry(): boolean {
    this.tries++;
    return this.tries <= this.ctx.retries;
  }

  protected finish(value: T): void {
    if (this.end()) this.settle.resolve(value);
  }

  protected fail(error: MissionError): void {
    if (this.end()) this.settle.reject(error);
  }

  protected sendAck(result: number): void {
    this.ctx.io.send('MISSION_ACK', {
      target_system: this.ctx.target.sysid,
      target_component: this.ctx.target.compid,
      type: result,
      mission_type: missionTypeId(this.ctx.type),
    });
  }

  /** Tells the vehicle we stopped, so it does not wait for us (the protocol's cancel). */
  protected sendCancel(): void {
    this.sendAck(MAV_MISSION_RESULT.MAV_MISSION_OPERATION_CANCELLED);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.ctx.io.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private end(): boolean {
    if (this.finished) return false;
    this.finished = true;
    this.stopTimer();
    this.ctx.ended();
    return true;
  }
}

/** MISSION_CLEAR_ALL, confirmed by MISSION_ACK. */
export class Clear extends Transfer<void> {
  readonly direction = 'clear';

  start(): void {
    this.send();
  }

  counts(): { done: number; total: number } {
    return { done: 0, total: 0 };
  }

  override onAck(result: number): void {
    if (result === MAV_MISSION_RESULT.MAV_MISSION_ACCEPTED) this.finish(undefined);
    else this.fail(refusal(`clearing the ${this.noun}`, result));
  }

  cancel(reason: string): void {
    this.fail(new MissionError(`clearing the ${this.noun} was cancelled: ${reason}`));
  }

  private send(): void {
    this.ctx.io.send('MISSION_CLEAR_ALL', {
      target_system: this.ctx.target.sysid,
      target_component: this.ctx.target.compid,
      mission_type: missionTypeId(this.ctx.type),
    });
    this.wait(this.ctx.timeoutMs, () => {
      if (this.retry()) this.send();
      else
        this.fail(
          new MissionError(
            `clearing the ${this.noun}: no MISSION_ACK after ${this.tries} MISSION_CLEAR_ALL`,
          ),
        );
    });
  }
}

/** The vehicle said no to `what`. */
export function refusal(what: string, result: number, partial = false): MissionError {
  return new MissionError(
    `the vehicle refused ${what}: ${missionResultWords(result)}`,
    missionResultName(result),
    partial,
  );
}

// The mission protocol with one vehicle, for its three plans (mission,
// geofence, rally points): download, upload and clear, one transfer per
// plan at a time, with progress; and what we know each plan on the vehicle
// holds, from the last transfer that completed.
//
// The vehicle's MISSION_* messages come in through `handle`; those meant
// for another ground station (their target is not us) are ignored, and
// each goes to the transfer of its mission type.

import type { TimerHandle } from '../clock';
import type { Fields } from '../mavlink/codec';
import { fieldsOf, type VehicleIo } from './io';
import { Download } from './mission-download';
import {
  asSent,
  missionTypeNoun,
  missionTypeOf,
  type MissionItem,
  type MissionType,
} from './mission-items';
import {
  Clear,
  MissionError,
  type MissionProgress,
  type MissionTransferOptions,
  type Transfer,
  type TransferContext,
  type TransferDirection,
} from './mission-transfer';
import { Upload } from './mission-upload';
import { addressedTo, gcsAddress, type GcsAddress } from './gcs-address';

export interface MissionClientOptions extends MissionTransferOptions {
  /** Least time between two progress events of a transfer (its first and last always go out). */
  progressIntervalMs?: number;
  /** Our own system and component id, which the vehicle's answers target. Defaults 255, 190. */
  gcsSysid?: number;
  gcsCompid?: number;
}

export interface MissionEvents {
  progress(progress: MissionProgress): void;
  /** What we know of a plan on the vehicle changed (a transfer ended). */
  plan(type: MissionType): void;
  /** An upload failed part-way: the vehicle may hold half a plan. `message` says what to do. */
  halfPlan(type: MissionType, message: string): void;
}

/** What we know a plan on the vehicle holds. */
export interface KnownPlan {
  /** The items, as the vehicle holds them; null when unknown. */
  items: MissionItem[] | null;
  /** Where we learnt them: a download, our own upload or clear, or nothing yet. */
  source: 'download' | 'upload' | 'clear' | null;
  /** When (the io's clock, ms), or null. */
  atMs: number | null;
  /** A transfer failed part-way: the vehicle may hold part of a new plan. */
  uncertain: boolean;
}

export interface TransferState {
  type: MissionType;
  direction: TransferDirection;
  done: number;
  total: number;
}

const MESSAGES = new Set([
  'MISSION_COUNT',
  'MISSION_ITEM_INT',
  'MISSION_REQUEST_INT',
  'MISSION_REQUEST',
  'MISSION_ACK',
]);

/** A transfer of any result, as the client routes messages to it. */
type AnyTransfer = Pick<
  Transfer<unknown>,
  | 'direction'
  | 'promise'
  | 'start'
  | 'counts'
  | 'onCount'
  | 'onItem'
  | 'onRequest'
  | 'onAck'
  | 'cancel'
>;

interface Running {
  transfer: AnyTransfer;
  lastProgress: number;
  pendingProgress: TimerHandle | undefined;
}

export class MissionClient {
  private readonly running = new Map<MissionType, Running>();
  private readonly plans = new Map<MissionType, KnownPlan>();
  private readonly downloads = new Map<MissionType, Promise<MissionItem[]>>();
  private readonly timeoutMs: number;
  private readonly itemTimeoutMs: number;
  private readonly retries: number;
  private readonly progressIntervalMs: number;
  private readonly gcs: GcsAddress;

  constructor(
    private readonly io: VehicleIo,
    private readonly target: { readonly sysid: number; readonly compid: number },
    private readonly events: MissionEvents,
    options: MissionClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 1500;
    this.itemTimeoutMs = options.itemTimeoutMs ?? 250;
    this.retries = options.retries ?? 5;
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.gcs = gcsAddress(options);
  }

  /** Whether `name` is a message of the transfers (the vehicle hands those to `handle`). */
  static handles(name: string): boolean {
    return MESSAGES.has(name);
  }

  /** Reads a plan from the vehicle; a download of it already running is shared. */
  download(type: MissionType): Promise<MissionItem[]> {
    const shared = this.downloads.get(type);
    if (shared !== undefined) return shared;
    const promise = this.begin(type, (ctx) => new Download(ctx)).then((items) => {
      this.know(type, items, 'download');
      return items;
    });
    this.downloads.set(type, promise);
    const forget = () => {
      if (this.downloads.get(type) === promise) this.downloads.delete(type);
    };
    promise.then(forget, forget);
    return promise;
  }

  /** Writes a plan to the vehicle, replacing what it holds. */
  async upload(type: MissionType, items: readonly MissionItem[]): Promise<{ count: number }> {
    if (items.length > 0xffff)
      throw new MissionError(
        `a ${missionTypeNoun(type)} holds at most 65535 items, not ${items.length}`,
      );
    const copy = items.map(asSent);
    try {
      const result = await this.begin(type, (ctx) => new Upload(ctx, copy));
      this.know(type, copy, 'upload');
      return result;
    } catch (error) {
      if (error instanceof MissionError && error.partial) this.unsure(type, error.message);
      throw error;
    }
  }

  /** Removes a plan from the vehicle (MISSION_CLEAR_ALL). */
  async clear(type: MissionType): Promise<void> {
    await this.begin(type, (ctx) => new Clear(ctx));
    this.know(type, [], 'clear');
  }

  known(type: MissionType): KnownPlan {
    const plan = this.plans.get(type);
    if (plan === undefined) return { items: null, source: null, atMs: null, uncertain: false };
    return { ...plan, items: plan.items === null ? null : plan.items.map((i) => ({ ...i })) };
  }

  /** The transfers under way. */
  transfers(): TransferState[] {
    return [...this.running].map(([type, r]) => ({
      type,
      direction: r.transfer.direction,
      ...r.transfer.counts(),
    }));
  }

  /** One of the vehicle's MISSION_* messages. */
  handle(name: string, fields: Fields): void {
    const f = fields as {
      target_system?: number;
      target_component?: number;
      mission_type?: number;
    };
    if (!addressedTo(f, this.gcs)) return;
    const type = missionTypeOf(f.mission_type ?? 0);
    if (type === undefined) return;
    const transfer = this.running.get(type)?.transfer;
    if (transfer === undefined) return;
    switch (name) {
      case 'MISSION_COUNT':
        transfer.onCount(fieldsOf('MISSION_COUNT', fields));
        return;
      case 'MISSION_ITEM_INT':
        transfer.onItem(fieldsOf('MISSION_ITEM_INT', fields));
        return;
      case 'MISSION_REQUEST_INT':
      case 'MISSION_REQUEST':
        transfer.onRequest(fieldsOf('MISSION_REQUEST_INT', fields).seq);
        return;
      case 'MISSION_ACK':
        transfer.onAck(fieldsOf('MISSION_ACK', fields).type);
        return;
    }
  }

  /** Ends every transfer with an error (the vehicle went away). */
  dispose(reason = 'the vehicle was removed'): void {
    for (const r of [...this.running.values()]) r.transfer.cancel(reason);
  }

  private begin<T>(type: MissionType, make: (ctx: TransferContext) => Transfer<T>): Promise<T> {
    const busy = this.running.get(type);
    if (busy !== undefined) {
      const what =
        busy.transfer.direction === 'clear' ? 'clearing' : `a ${busy.transfer.direction}`;
      return Promise.reject(
        new MissionError(
          `${what} of the ${missionTypeNoun(type)} is already under way; try again when it ends`,
        ),
      );
    }
    const running: Running = {
      transfer: undefined!,
      lastProgress: -Infinity,
      pendingProgress: undefined,
    };
    const ctx: TransferContext = {
      io: this.io,
      target: this.target,
      type,
      timeoutMs: this.timeoutMs,
      itemTimeoutMs: this.itemTimeoutMs,
      retries: this.retries,
      progress: (done, total) => this.progress(type, running, done, total),
      ended: () => {
        if (running.pendingProgress !== undefined) this.io.clearTimeout(running.pendingProgress);
        if (this.running.get(type) === running) this.running.delete(type);
      },
    };
    const transfer = make(ctx);
    running.transfer = transfer;
    this.running.set(type, running);
    transfer.start();
    return transfer.promise;
  }

  private progress(type: MissionType, r: Running, done: number, total: number): void {
    const direction = r.transfer.direction;
    if (direction === 'clear') return;
    const emit = () => {
      r.pendingProgress = undefined;
      r.lastProgress = this.io.now();
      this.events.progress({ type, direction, ...r.transfer.counts() });
    };
    if (done === total || this.io.now() - r.lastProgress >= this.progressIntervalMs) {
      if (r.pendingProgress !== undefined) this.io.clearTimeout(r.pendingProgress);
      emit();
    } else if (r.pendingProgress === undefined) {
      // The count as it stands when the interval is over, so a stalled transfer still shows where it is.
      r.pendingProgress = this.io.setTimeout(
        emit,
        this.progressIntervalMs - (this.io.now() - r.lastProgress),
      );
    }
  }

  private know(type: MissionType, items: MissionItem[], source: KnownPlan['source']): void {
    this.plans.set(type, { items, source, atMs: this.io.now(), uncertain: false });
    this.events.plan(type);
  }

  private unsure(type: MissionType, message: string): void {
    const plan = this.plans.get(type);
    this.plans.set(type, {
      items: null,
      source: plan?.source ?? null,
      atMs: this.io.now(),
      uncertain: true,
    });
    this.events.plan(type);
    this.events.halfPlan(type, message);
  }
}

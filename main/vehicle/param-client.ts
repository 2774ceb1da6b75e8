// The parameter protocol with one vehicle: download the whole table, set
// one value, and keep the table (name -> value, type, index) for the UI.
//
// Download: PARAM_REQUEST_LIST, then PARAM_VALUEs are collected by
// param_index. When none has arrived for `quietMs`, the missing indices
// are asked for one by one with PARAM_REQUEST_READ (at most `batch` per
// round). A round that brings nothing new uses up one of `retries`; a round
// that brings something restores them, so a long lossy download keeps
// going while a dead one ends with an error saying how many are missing.
//
// Read: PARAM_REQUEST_READ by name, answered by the PARAM_VALUE with that
// name (ArduPilot also sends some unasked: a name match answers, whatever
// brought it); sent up to `setTries` times, `setTimeoutMs` apart. No full
// download is needed first.
//
// Set: PARAM_SET with the parameter's own type, confirmed by the PARAM_VALUE
// that echoes the new value; sent up to `setTries` times, `setTimeoutMs`
// apart. A parameter not yet known is read first (for its type). Values the
// type cannot hold are refused before anything is sent.

import type { PARAM_VALUE } from '../mavlink/dialect/types';
import type { TimerHandle } from '../clock';
import type { VehicleIo } from './io';
import {
  checkParamValue,
  decodeParamValue,
  encodeParamValue,
  expectedParamValue,
  paramTypeName,
} from './param-value';

export interface ParamEntry {
  name: string;
  value: number;
  /** MAV_PARAM_TYPE without its prefix. */
  type: string;
  typeId: number;
  /** Position in the vehicle's list; -1 if only heard outside a list. */
  index: number;
}

export interface ParamProgress {
  received: number;
  total: number;
}

export interface ParamClientOptions {
  quietMs?: number;
  retries?: number;
  batch?: number;
  /** Least time between two progress events (the last one always goes out). */
  progressIntervalMs?: number;
  setTimeoutMs?: number;
  setTries?: number;
}

export interface ParamEvents {
  progress(progress: ParamProgress): void;
  /** One value changed outside a download (a set, or the vehicle changed it). */
  param(entry: ParamEntry): void;
}

export class ParamError extends Error {
  constructor(
    message: string,
    /** Indices still missing when a download gave up. */
    readonly missing: readonly number[] = [],
  ) {
    super(message);
    this.name = 'ParamError';
  }
}

/** PARAM_VALUE sent outside a list (after a set) has param_index 65535. */
const NO_INDEX = 0xffff;
/** What PARAM_VALUE's 16-character param_id can carry. */
const PARAM_NAME = /^[A-Za-z0-9_]{1,16}$/;

interface PendingRead {
  name: string;
  sends: number;
  timer: TimerHandle;
  promise: Promise<ParamEntry>;
  resolve: (entry: ParamEntry) => void;
  reject: (error: ParamError) => void;
}

interface Download {
  total: number | undefined;
  have: Uint8Array;
  received: number;
  lastRx: number;
  receivedAtRound: number;
  fruitless: number;
  /** Whether the round that just ended asked again for something. */
  rerequested: boolean;
  lastProgress: number;
  timer: TimerHandle;
  promise: Promise<{ count: number }>;
  resolve: (result: { count: number }) => void;
  reject: (error: ParamError) => void;
}

interface PendingSet {
  name: string;
  value: number;
  expected: number;
  typeId: number;
  sends: number;
  reported: number | undefined;
  timer: TimerHandle;
  promise: Promise<ParamEntry>;
  resolve: (entry: ParamEntry) => void;
  reject: (error: ParamError) => void;
}

export class ParamClient {
  private readonly table = new Map<string, ParamEntry>();
  private download: Download | undefined;
  private readonly sets = new Map<string, PendingSet>();
  private readonly reads = new Map<string, PendingRead>();
  private readonly quietMs: number;
  private readonly retries: number;
  private readonly batch: number;
  private readonly progressIntervalMs: number;
  private readonly setTimeoutMs: number;
  private readonly setTries: number;
  private total = 0;

  constructor(
    private readonly io: VehicleIo,
    private readonly target: { readonly sysid: number; readonly compid: number },
    private readonly events: ParamEvents,
    options: ParamClientOptions = {},
  ) {
    this.quietMs = options.quietMs ?? 1000;
    this.retries = options.retries ?? 3;
    this.batch = options.batch ?? 20;
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.setTimeoutMs = options.setTimeoutMs ?? 1500;
    this.setTries = options.setTries ?? 3;
  }

  get(name: string): ParamEntry | undefined {
    return this.table.get(name);
  }

  /** The table in the vehicle's order (entries heard outside a list last, by name). */
  list(): ParamEntry[] {
    return [...this.table.values()].sort((a, b) =>
      a.index !== b.index
        ? (a.index < 0 ? Infinity : a.index) - (b.index < 0 ? Infinity : b.index)
        : a.name < b.name
          ? -1
          : 1,
    );
  }

  summary(): { received: number; total: number; downloading: boolean } {
    const d = this.download;
    if (d !== undefined) return { received: d.received, total: d.total ?? 0, downloading: true };
    return { received: this.table.size, total: this.total, downloading: false };
  }

  /** Downloads every parameter; a download already running is shared. */
  downloadAll(): Promise<{ count: number }> {
    if (this.download !== undefined) return this.download.promise;
    let resolve!: (result: { count: number }) => void;
    let reject!: (error: ParamError) => void;
    const promise = new Promise<{ count: number }>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const d: Download = {
      total: undefined,
      have: new Uint8Array(0),
      received: 0,
      lastRx: this.io.now(),
      receivedAtRound: 0,
      fruitless: 0,
      rerequested: false,
      lastProgress: -Infinity,
      timer: undefined,
      promise,
      resolve,
      reject,
    };
    this.download = d;
    this.requestList();
    d.timer = this.io.setTimeout(() => this.quiet(d), this.quietMs);
    return promise;
  }

  /** Reads one parameter by name from the vehicle (not from the table). */
  read(name: string): Promise<ParamEntry> {
    if (!PARAM_NAME.test(name)) {
      return Promise.reject(
        new ParamError(`'${name}' is not a parameter name (1 to 16 letters, digits and _)`),
      );
    }
    const pending = this.reads.get(name);
    if (pending !== undefined) return pending.promise;
    let resolve!: (entry: ParamEntry) => void;
    let reject!: (error: ParamError) => void;
    const promise = new Promise<ParamEntry>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const r: PendingRead = { name, sends: 0, timer: undefined, promise, resolve, reject };
    this.reads.set(name, r);
    this.sendRead(r);
    return promise;
  }

  /** Sets one parameter; resolves with the entry once the vehicle echoes the new value. */
  async set(name: string, value: number): Promise<ParamEntry> {
    // Not downloaded: its type comes from the vehicle first.
    const entry = this.table.get(name) ?? (await this.read(name));
    const problem = checkParamValue(name, value, entry.typeId);
    if (problem !== undefined) return Promise.reject(new ParamError(problem));
    const pending = this.sets.get(name);
    if (pending !== undefined) {
      if (pending.value === value) return pending.promise;
      return Promise.reject(
        new ParamError(`${name} = ${pending.value} is still waiting for confirmation`),
      );
    }
    let resolve!: (entry: ParamEntry) => void;
    let reject!: (error: ParamError) => void;
    const promise = new Promise<ParamEntry>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const s: PendingSet = {
      name,
      value,
      expected: expectedParamValue(value, entry.typeId),
      typeId: entry.typeId,
      sends: 0,
      reported: undefined,
      timer: undefined,
      promise,
      resolve,
      reject,
    };
    this.sets.set(name, s);
    this.sendSet(s);
    return promise;
  }

  handleParamValue(f: PARAM_VALUE): void {
    const name = f.param_id;
    if (name === '') return;
    const value = decodeParamValue(f.param_value, f.param_type);
    const listed = f.param_index !== NO_INDEX && f.param_index < f.param_count;
    const previous = this.table.get(name);
    const entry: ParamEntry = {
      name,
      value,
      type: paramTypeName(f.param_type),
      typeId: f.param_type,
      index: listed ? f.param_index : (previous?.index ?? -1),
    };
    this.table.set(name, entry);
    if (f.param_count > 0 && f.param_count !== NO_INDEX) this.total = f.param_count;

    const d = this.download;
    if (d !== undefined && listed) this.collect(d, f.param_index, f.param_count);

    const r = this.reads.get(name);
    if (r !== undefined) {
      this.reads.delete(name);
      this.io.clearTimeout(r.timer);
      r.resolve(entry);
    }
    const s = this.sets.get(name);
    if (s !== undefined) {
      if (value === s.expected) this.finishSet(s, entry);
      else s.reported = value;
    }
    if (d === undefined && (previous === undefined || previous.value !== value))
      this.events.param(entry);
  }

  dispose(): void {
    const d = this.download;
    if (d !== undefined) this.failDownload(d, new ParamError('parameter download cancelled'));
    for (const s of [...this.sets.values()]) {
      this.io.clearTimeout(s.timer);
      this.sets.delete(s.name);
      s.reject(new ParamError(`setting ${s.name} cancelled`));
    }
    for (const r of [...this.reads.values()]) {
      this.io.clearTimeout(r.timer);
      this.reads.delete(r.name);
      r.reject(new ParamError(`reading ${r.name} cancelled`));
    }
  }

  private sendRead(r: PendingRead): void {
    this.io.send('PARAM_REQUEST_READ', {
      target_system: this.target.sysid,
      target_component: this.target.compid,
      param_id: r.name,
      // -1: by name.
      param_index: -1,
    });
    r.sends++;
    r.timer = this.io.setTimeout(() => {
      if (this.reads.get(r.name) !== r) return;
      if (r.sends < this.setTries) {
        this.sendRead(r);
        return;
      }
      this.reads.delete(r.name);
      r.reject(
        new ParamError(
          `no PARAM_VALUE for ${r.name} after ${r.sends} tries: the vehicle has no such parameter, or did not answer`,
        ),
      );
    }, this.setTimeoutMs);
  }

  private collect(d: Download, index: number, count: number): void {
    d.lastRx = this.io.now();
    if (d.total !== count) {
      // The first value tells the count; a changed count starts the tally again.
      d.total = count;
      d.have = new Uint8Array(count);
      d.received = 0;
      d.receivedAtRound = 0;
    }
    if (d.have[index] === 1) return;
    d.have[index] = 1;
    d.received++;
    if (d.received === d.total) {
      this.io.clearTimeout(d.timer);
      this.download = undefined;
      this.events.progress({ received: d.received, total: d.total });
      d.resolve({ count: d.total });
      return;
    }
    const now = this.io.now();
    if (now - d.lastProgress >= this.progressIntervalMs) {
      d.lastProgress = now;
      this.events.progress({ received: d.received, total: d.total });
    }
  }

  private quiet(d: Download): void {
    if (this.download !== d) return;
    const silent = this.io.now() - d.lastRx;
    if (silent < this.quietMs) {
      d.timer = this.io.setTimeout(() => this.quiet(d), this.quietMs - silent);
      return;
    }
    if (d.received > d.receivedAtRound) d.fruitless = 0;
    else if (d.rerequested) d.fruitless++;
    d.receivedAtRound = d.received;
    if (d.fruitless >= this.retries) {
      const missing = this.missing(d);
      const message =
        d.total === undefined
          ? `no PARAM_VALUE from the vehicle after ${this.retries + 1} PARAM_REQUEST_LIST`
          : `parameter download incomplete: ${missing.length} of ${d.total} missing after ${this.retries} re-requests without an answer`;
      this.failDownload(d, new ParamError(message, missing));
      return;
    }
    if (d.total === undefined) this.requestList();
    else for (const index of this.missing(d).slice(0, this.batch)) this.requestIndex(index);
    d.rerequested = true;
    d.lastRx = this.io.now();
    d.timer = this.io.setTimeout(() => this.quiet(d), this.quietMs);
  }

  private missing(d: Download): number[] {
    const out: number[] = [];
    for (let i = 0; i < d.have.length; i++) if (d.have[i] === 0) out.push(i);
    return out;
  }

  private failDownload(d: Download, error: ParamError): void {
    this.io.clearTimeout(d.timer);
    this.download = undefined;
    d.reject(error);
  }

  private requestList(): void {
    this.io.send('PARAM_REQUEST_LIST', {
      target_system: this.target.sysid,
      target_component: this.target.compid,
    });
  }

  private requestIndex(index: number): void {
    this.io.send('PARAM_REQUEST_READ', {
      target_system: this.target.sysid,
      target_component: this.target.compid,
      param_id: '',
      param_index: index,
    });
  }

  private sendSet(s: PendingSet): void {
    this.io.send('PARAM_SET', {
      target_system: this.target.sysid,
      target_component: this.target.compid,
      param_id: s.name,
      param_value: encodeParamValue(s.value),
      param_type: s.typeId,
    });
    s.sends++;
    s.timer = this.io.setTimeout(() => this.setTimedOut(s), this.setTimeoutMs);
  }

  private setTimedOut(s: PendingSet): void {
    if (this.sets.get(s.name) !== s) return;
    if (s.sends < this.setTries) {
      this.sendSet(s);
      return;
    }
    this.sets.delete(s.name);
    const reported =
      s.reported === undefined
        ? 'no PARAM_VALUE came back'
        : `the vehicle still reports ${s.name} = ${s.reported}`;
    s.reject(
      new ParamError(
        `setting ${s.name} to ${s.value} was not confirmed after ${s.sends} tries: ${reported}`,
      ),
    );
  }

  private finishSet(s: PendingSet, entry: ParamEntry): void {
    this.sets.delete(s.name);
    this.io.clearTimeout(s.timer);
    s.resolve(entry);
  }
}

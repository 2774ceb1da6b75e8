// Persisting the signing clock so a restarted GCS never reuses a timestamp
// (a vehicle would ignore it as a replay). A new run begins 60 s above the
// saved value, as ArduPilot does at boot. Saves run in the background every
// few seconds and at close; in addition the clock never hands out a value
// 60 s or more above what is on disk: before it would, it saves
// synchronously. That bound is what makes kill -9 safe even when a peer
// far ahead has just raised the clock.

import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readJsonRecord } from '../storage/json-record';
import { SigningClock } from './clock';
import { STALE_WINDOW, isTimestamp, wallClockTimestamp } from './timestamp';

export type StoreLoad =
  | { readonly state: 'restored'; readonly saved: number }
  | { readonly state: 'missing' }
  | { readonly state: 'corrupt'; readonly reason: string };

const FORMAT_VERSION = 1;

function record(timestamp: number): string {
  return JSON.stringify({ version: FORMAT_VERSION, lastTimestamp: timestamp }) + '\n';
}

/**
 * One file holding the last signing timestamp, replaced atomically (temp
 * file, fsync, rename, directory fsync): a crash leaves the old record or
 * the new one, never half of one. Renames happen on the main thread in
 * order, and a value below the one already in place is never renamed over
 * it, so background and urgent saves cannot undo each other.
 */
export class TimestampStore {
  private committed = -1;
  private temps = 0;

  constructor(readonly path: string) {}

  /** The highest value renamed into place by this store. */
  get saved(): number {
    return this.committed;
  }

  async load(): Promise<StoreLoad> {
    const read = await readJsonRecord(this.path);
    if (read.state !== 'parsed') return read;
    const fields = read.data as { version?: unknown; lastTimestamp?: unknown } | null;
    if (typeof fields !== 'object' || fields === null || fields.version !== FORMAT_VERSION) {
      return { state: 'corrupt', reason: `not a version ${FORMAT_VERSION} timestamp record` };
    }
    const saved = fields.lastTimestamp;
    if (typeof saved !== 'number' || !isTimestamp(saved)) {
      return { state: 'corrupt', reason: 'lastTimestamp is not a 48-bit timestamp' };
    }
    return { state: 'restored', saved };
  }

  /** Saves without blocking the event loop (except for the rename). */
  async save(timestamp: number): Promise<void> {
    const temp = this.tempPath();
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(record(timestamp), 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    if (!this.commit(temp, timestamp)) {
      await unlink(temp).catch(() => undefined);
      return;
    }
    await syncDirectory(dirname(this.path));
  }

  /** Saves before returning: for the rare moment the clock may go no further without it. */
  saveSync(timestamp: number): void {
    const temp = this.tempPath();
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeFileSync(fd, record(timestamp), 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!this.commit(temp, timestamp)) {
      unlinkSync(temp);
      return;
    }
    syncDirectorySync(dirname(this.path));
  }

  private tempPath(): string {
    return `${this.path}.${process.pid}.${this.temps++}.tmp`;
  }

  private commit(temp: string, timestamp: number): boolean {
    if (timestamp <= this.committed) return false;
    try {
      renameSync(temp, this.path);
    } catch (error) {
      try {
        unlinkSync(temp);
      } catch {
        // the rename's error is the one to report
      }
      throw error;
    }
    this.committed = timestamp;
    return true;
  }
}

// Makes a rename durable across power loss. Some platforms (Windows) cannot
// open or sync a directory; there the rename is as durable as the OS makes
// it, which still survives the process being killed.
async function syncDirectory(path: string): Promise<void> {
  let dir;
  try {
    dir = await open(path, 'r');
    await dir.sync();
  } catch {
    // best effort, see above
  } finally {
    await dir?.close();
  }
}

function syncDirectorySync(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // best effort, see syncDirectory
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Where the clock starts. With a record: 60 s above it. Without one
 * (missing or corrupt), 60 s above the wall clock: we cannot tell a first
 * run from a lost file, and a previous run's timestamps followed the wall
 * clock except after a peer raised it, so the same margin covers the usual
 * case. Starting ahead costs nothing: vehicles accept future timestamps.
 * What no margin covers (a lost file after a peer far ahead raised the
 * clock) heals itself: that peer's first signed frame we accept raises
 * our clock above its own again.
 */
export function startFloor(load: StoreLoad, now: number): number {
  return load.state === 'restored' ? Math.max(now, load.saved + STALE_WINDOW) : now + STALE_WINDOW;
}

export interface PersistentClockStatus {
  /** How the clock started: from a saved record, or without one (see `startFloor`). */
  readonly start: StoreLoad['state'];
  /** Why the record was unusable, for `corrupt`. */
  readonly corruptReason: string | undefined;
  readonly saves: number;
  readonly saveErrors: number;
  readonly lastSaveError: string | undefined;
  /** The last timestamp written to disk. */
  readonly lastSaved: number | undefined;
}

export interface PersistentClockOptions {
  /** How often the clock is saved in the background while it moves. Default 5 s. */
  saveIntervalMs?: number;
  wallClock?: () => number;
}

// Values handed out stay below what a restart would begin at.
function limitFor(saved: number): number {
  return saved + STALE_WINDOW - 1;
}

/** A signing clock backed by a timestamp store. */
export class PersistentClock {
  private saves = 0;
  private saveErrors = 0;
  private lastSaveError: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly clock: SigningClock,
    private readonly store: TimestampStore,
    private readonly load: StoreLoad,
    saveIntervalMs: number,
  ) {
    this.timer = setInterval(() => void this.flush(), saveIntervalMs);
    this.timer.unref();
  }

  /** Loads the record, starts the clock above it and saves the new floor before returning. */
  static async open(path: string, options: PersistentClockOptions = {}): Promise<PersistentClock> {
    const store = new TimestampStore(path);
    const wallClock = options.wallClock ?? wallClockTimestamp;
    const load = await store.load();
    const start = startFloor(load, wallClock());
    const clock = new SigningClock({ start, wallClock });
    const persistent = new PersistentClock(clock, store, load, options.saveIntervalMs ?? 5_000);
    // Until this save lands, the limit stops the clock at the first value
    // and makes it save synchronously.
    clock.setLimit(start - 1, (value) => persistent.saveNow(value));
    await persistent.write(start);
    return persistent;
  }

  get status(): PersistentClockStatus {
    return {
      start: this.load.state,
      corruptReason: this.load.state === 'corrupt' ? this.load.reason : undefined,
      saves: this.saves,
      saveErrors: this.saveErrors,
      lastSaveError: this.lastSaveError,
      lastSaved: this.store.saved < 0 ? undefined : this.store.saved,
    };
  }

  /** Saves the clock in the background if it moved since the last save. */
  flush(): Promise<void> {
    const value = this.clock.highest;
    if (value <= this.store.saved) return this.saving;
    return this.write(value);
  }

  /** Stops the timer and saves one last time. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private write(value: number): Promise<void> {
    // One background save at a time; each waits for the one before.
    this.saving = this.saving.then(async () => {
      if (value <= this.store.saved) return;
      try {
        await this.store.save(value);
        this.saved(value);
      } catch (error) {
        this.failed(error);
      }
    });
    return this.saving;
  }

  // The clock is about to hand out `value` beyond what is safe on disk.
  private saveNow(value: number): number {
    try {
      this.store.saveSync(value);
      this.saved(value);
      return limitFor(value);
    } catch (error) {
      this.failed(error);
      // Signing goes on (a vehicle must stay controllable); the failure is
      // counted for the pilot to see. Try again after another half margin.
      return value + STALE_WINDOW / 2;
    }
  }

  private saved(value: number): void {
    this.saves++;
    this.clock.raiseLimit(limitFor(Math.max(value, this.store.saved)));
  }

  private failed(error: unknown): void {
    this.saveErrors++;
    this.lastSaveError = error instanceof Error ? error.message : String(error);
  }
}

// The signing clock kept across runs. A vehicle ignores a timestamp not
// above the last one it took from our stream, and a frame we sent must
// never become acceptable again, so no timestamp is used twice, in this
// run or a later one. The rule: a timestamp goes out only if what is on
// disk makes every later start begin above it; otherwise the frame is
// held (not sent, counted, and the state says why).
// - Start: the newest good record S covers what earlier runs used (a run
//   never goes 60 s past what is on disk), so we begin at
//   max(now, S + 60 s), as ArduPilot does at boot, and save that floor.
// - Running: a value 60 s past what is on disk is saved, synchronously,
//   before it is used. If that save fails (read-only or missing folder,
//   full disk) the clock is `unsaved` and holds: the next run, reading
//   the same disk, still begins above everything this one sent.
// - No record at all: a first start; we begin 60 s above the wall clock.
// - Records that exist but none usable (corrupt, empty, wrong version,
//   out of range, unreadable): what earlier runs used is unknown and the
//   wall clock does not bound it (a peer ahead raises our clock). The
//   clock is `unproven` and holds until a signed frame from a peer is
//   accepted. A MAVLink peer raises its own timestamp to every timestamp
//   it accepts, so its timestamp is at least anything of ours it took; we
//   go on above it, so it takes what we send and no older frame of ours
//   is newer to it. A second peer that took more from us refuses our
//   frames as replays until its own first signed frame raises our clock:
//   refused, never taken twice. Nothing is written while unproven, so a
//   restart before the proof is as careful.

import { MAX_TIMESTAMP, STALE_WINDOW, wallClockTimestamp } from './timestamp';
import { SigningClock } from './clock';
import {
  ClockWriteError,
  TimestampStore,
  type ClockProblem,
  type StoreLoad,
} from './timestamp-store';

export type { ClockProblem } from './timestamp-store';

/**
 * ok: signed frames go out. unproven: no saved clock could be read; held
 * until a peer's signed frame is accepted. unsaved: the clock cannot be
 * written; frames go out until 60 s past the last value on disk, then are
 * held. exhausted: the 48-bit clock is used up; held.
 */
export type ClockState = 'ok' | 'unproven' | 'unsaved' | 'exhausted';

export interface ClockHealth {
  readonly state: ClockState;
  /** Whether signed frames are being held right now. */
  readonly holding: boolean;
  /** How the clock started: from a saved record, new (none yet), or with none readable. */
  readonly start: 'restored' | 'new' | 'unreadable';
  /** The record files. */
  readonly files: readonly string[];
  /** What is wrong, per file: unusable at start (until rewritten), or the last failed save. */
  readonly problems: readonly ClockProblem[];
  /** Signed frames not sent because the clock held them. */
  readonly held: number;
  readonly saves: number;
  readonly saveErrors: number;
  /** The highest value on disk. */
  readonly lastSaved: number | null;
}

/**
 * Where the clock starts. With a record: 60 s above it, or the wall clock
 * if later. Without one: 60 s above the wall clock (a previous run's
 * timestamps followed the wall clock unless a peer raised them; when the
 * records are unreadable the clock is held until a peer proves it anyway).
 * Starting ahead costs nothing: vehicles accept future timestamps.
 */
export function startFloor(load: StoreLoad, now: number): number {
  // Not capped at 48 bits: a floor past them leaves the clock exhausted.
  return load.state === 'restored' ? Math.max(now, load.saved + STALE_WINDOW) : now + STALE_WINDOW;
}

export interface PersistentClockOptions {
  /** How often the clock is saved in the background while it moves. Default 5 s. */
  saveIntervalMs?: number;
  wallClock?: () => number;
  /** Told whenever the health changes, and at open if it is not plainly ok. */
  onHealth?: (health: ClockHealth) => void;
}

// Values handed out stay below what a restart would begin at.
function limitFor(saved: number): number {
  return saved < 0 ? -Infinity : saved + STALE_WINDOW - 1;
}

const SOUND = 'ok|false|';

/** A signing clock backed by a timestamp store. */
export class PersistentClock {
  private saves = 0;
  private saveErrors = 0;
  private readonly readProblems: ClockProblem[];
  private writeProblem: ClockProblem | null = null;
  private reported = SOUND;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly clock: SigningClock,
    private readonly store: TimestampStore,
    private readonly load: StoreLoad,
    saveIntervalMs: number,
    private readonly onHealth: ((health: ClockHealth) => void) | undefined,
  ) {
    this.readProblems = load.state === 'new' ? [] : [...load.problems];
    this.timer = setInterval(() => void this.flush(), saveIntervalMs);
    this.timer.unref();
  }

  /** Loads the records, starts the clock above them and saves the new floor before returning. */
  static async open(path: string, options: PersistentClockOptions = {}): Promise<PersistentClock> {
    const store = new TimestampStore(path);
    const wallClock = options.wallClock ?? wallClockTimestamp;
    const load = await store.load();
    const start = startFloor(load, wallClock());
    const proven = load.state !== 'unreadable';
    const clock = new SigningClock({ start, wallClock, proven });
    const persistent = new PersistentClock(
      clock,
      store,
      load,
      options.saveIntervalMs ?? 5_000,
      options.onHealth,
    );
    clock.setLimit(limitFor(store.saved), (value) => persistent.saveNow(value));
    clock.onChange(() => persistent.report());
    if (proven) await persistent.write(Math.min(start, MAX_TIMESTAMP));
    persistent.report();
    return persistent;
  }

  get health(): ClockHealth {
    const clock = this.clock;
    const problems =
      this.writeProblem === null ? this.readProblems : [...this.readProblems, this.writeProblem];
    let state: ClockState = 'ok';
    if (clock.highest >= MAX_TIMESTAMP) state = 'exhausted';
    else if (!clock.proven) state = 'unproven';
    else if (this.writeProblem !== null) state = 'unsaved';
    return {
      state,
      holding: clock.holdReason !== null,
      start: this.load.state,
      files: this.store.paths,
      problems,
      held: clock.held,
      saves: this.saves,
      saveErrors: this.saveErrors,
      lastSaved: this.store.saved < 0 ? null : this.store.saved,
    };
  }

  /** Saves the clock in the background if it moved since the last save (once proven). */
  flush(): Promise<void> {
    if (!this.clock.proven) return this.saving;
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
        this.saved(await this.store.save(value));
      } catch (error) {
        this.failed(error);
      }
    });
    return this.saving;
  }

  // The clock is about to hand out `value` beyond what is safe on disk.
  private saveNow(value: number): number {
    try {
      this.saved(this.store.saveSync(value));
    } catch (error) {
      this.failed(error);
    }
    return limitFor(this.store.saved);
  }

  private saved(file: string | undefined): void {
    this.saves++;
    this.clock.raiseLimit(limitFor(this.store.saved));
    this.writeProblem = null;
    const fixed = this.readProblems.findIndex((p) => p.file === file);
    if (fixed >= 0) this.readProblems.splice(fixed, 1);
    this.report();
  }

  private failed(error: unknown): void {
    this.saveErrors++;
    this.writeProblem =
      error instanceof ClockWriteError
        ? { file: error.file, reason: `cannot write: ${error.reason}` }
        : { file: this.store.paths[0], reason: `cannot write: ${String(error)}` };
    this.report();
  }

  // Tells onHealth when what a person should know has changed.
  private report(): void {
    const health = this.health;
    const key = `${health.state}|${health.holding}|${health.problems.map((p) => `${p.file}: ${p.reason}`).join('; ')}`;
    if (key === this.reported) return;
    this.reported = key;
    this.onHealth?.(health);
  }
}

/** One sentence on the clock's health, naming the files and the reasons, for a log. */
export function describeClockHealth(health: ClockHealth): string {
  const problems = health.problems.map((p) => `${p.file}: ${p.reason}`).join('; ');
  switch (health.state) {
    case 'unproven':
      return (
        `the signing clock could not be read (${problems}): signed frames are held ` +
        'until a signed frame from a vehicle is accepted'
      );
    case 'unsaved':
      return (
        `the signing clock cannot be saved (${problems}): signed frames ` +
        (health.holding ? 'are held until it can' : 'stop 60 s past the last saved value')
      );
    case 'exhausted':
      return 'the signing clock has reached its 48-bit limit: signed frames are held';
    case 'ok':
      return problems === ''
        ? 'the signing clock is sound again: signed frames go out'
        : `a signing clock record is unusable (${problems}); the other one was used`;
  }
}

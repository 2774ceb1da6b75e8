// Where the signing clock is kept between runs: two record files used in
// turn, each replaced atomically, so one bad write (a torn or garbled
// file, a full disk) can cost at most the record it was replacing; the
// other still holds a value no older than the save before. Load takes the
// newest record that checks out and says what was wrong with the rest.

import { readFile } from 'node:fs/promises';
import { writeFileAtomic, writeFileAtomicSync } from '../storage/atomic-write';
import { decodeClockRecord, encodeClockRecord } from './clock-record';

/** A file of the store and what is wrong with it, in words a person can act on. */
export interface ClockProblem {
  readonly file: string;
  readonly reason: string;
}

export type StoreLoad =
  /** At least one good record: `saved` is the newest; `problems` names any bad one. */
  | { readonly state: 'restored'; readonly saved: number; readonly problems: ClockProblem[] }
  /** No record at all: a first start (or a data folder someone emptied). */
  | { readonly state: 'new' }
  /** Records exist but none can be used. */
  | { readonly state: 'unreadable'; readonly problems: ClockProblem[] };

/** A save that reached neither file. */
export class ClockWriteError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot write ${file}: ${reason}`);
    this.name = 'ClockWriteError';
  }
}

/** The second file beside `path`: `signing-timestamp.json` -> `signing-timestamp.alt.json`. */
export function alternatePath(path: string): string {
  return /\.json$/.test(path) ? path.replace(/\.json$/, '.alt.json') : `${path}.alt`;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

type SlotRead =
  | { readonly state: 'missing' }
  | { readonly state: 'bad'; readonly reason: string }
  | { readonly state: 'good'; readonly timestamp: number };

async function readSlot(path: string): Promise<SlotRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'bad', reason: `cannot read: ${reasonOf(error)}` };
  }
  const read = decodeClockRecord(text);
  return read.ok
    ? { state: 'good', timestamp: read.timestamp }
    : { state: 'bad', reason: read.reason };
}

/**
 * Saves go to the file not holding the newest record (to the other one if
 * that fails). A value not above the one already in place is never renamed
 * over it, and the check and the rename happen on the main thread with
 * nothing between them, so background and urgent saves cannot undo each
 * other.
 */
export class TimestampStore {
  readonly paths: readonly [string, string];
  // The highest value renamed into place, and its file (-1: none yet).
  private committed = -1;
  private newest = -1;
  // The highest value whose save has fully finished (folder synced too).
  private durable = -1;

  constructor(path: string) {
    this.paths = [path, alternatePath(path)];
  }

  /** The highest value known to be on disk (from `load` or a finished save); -1 for none. */
  get saved(): number {
    return this.durable;
  }

  async load(): Promise<StoreLoad> {
    const reads = await Promise.all(this.paths.map(readSlot));
    const problems: ClockProblem[] = [];
    reads.forEach((read, slot) => {
      if (read.state === 'bad') problems.push({ file: this.paths[slot]!, reason: read.reason });
      if (read.state === 'good' && read.timestamp > this.committed) {
        this.committed = read.timestamp;
        this.newest = slot;
      }
    });
    this.durable = this.committed;
    if (this.newest >= 0) return { state: 'restored', saved: this.committed, problems };
    return problems.length === 0 ? { state: 'new' } : { state: 'unreadable', problems };
  }

  /** Saves without blocking the event loop (except for the rename). Returns the file written. */
  async save(timestamp: number): Promise<string | undefined> {
    let first: unknown;
    for (const slot of this.order()) {
      try {
        const written = await writeFileAtomic(
          this.paths[slot]!,
          encodeClockRecord(timestamp),
          this.guard(timestamp, slot),
        );
        return this.finished(timestamp, written, slot);
      } catch (error) {
        first ??= error;
      }
    }
    throw this.failure(first);
  }

  /** Saves before returning: for the moment the clock may go no further without it. */
  saveSync(timestamp: number): string | undefined {
    let first: unknown;
    for (const slot of this.order()) {
      try {
        const written = writeFileAtomicSync(
          this.paths[slot]!,
          encodeClockRecord(timestamp),
          this.guard(timestamp, slot),
        );
        return this.finished(timestamp, written, slot);
      } catch (error) {
        first ??= error;
      }
    }
    throw this.failure(first);
  }

  // The file not holding the newest record first, then the other.
  private order(): [number, number] {
    return this.newest === 0 ? [1, 0] : [0, 1];
  }

  private guard(timestamp: number, slot: number) {
    return {
      commitIf: () => timestamp > this.committed,
      onRenamed: () => {
        this.committed = timestamp;
        this.newest = slot;
      },
    };
  }

  private finished(timestamp: number, written: boolean, slot: number): string | undefined {
    if (!written) return undefined;
    if (timestamp > this.durable) this.durable = timestamp;
    return this.paths[slot];
  }

  private failure(error: unknown): ClockWriteError {
    return new ClockWriteError(this.paths[this.order()[0]]!, reasonOf(error));
  }
}

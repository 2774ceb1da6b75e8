// Replays a tlog as if a vehicle were sending it: each recorded frame is
// delivered through onData (raw frame bytes, no record time) at the
// recorded pace times a rate, with pause, seek and progress.
//
// The file is streamed, never loaded whole: a first pass builds a sparse
// index (tlog-index.ts) that seeking and the progress bar's ends come
// from. Corrupt stretches are skipped by the frame parser's resync.
//
// At the end the state stays `connected` (the link is fine, the recording
// is over) and progress reports `done`; a seek plays again from there.
// `write` is always false: nothing listens at the other end of a file.

import { open, type FileHandle } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { monotonicClock, type Clock, type TimerHandle } from '../clock';
import { createCodec } from '../mavlink/ardupilotmega';
import type { MessageLookup } from '../mavlink/frame';
import { TLOG_TIME_LENGTH } from '../mavlink/parser';
import { detectFormat } from '../logs/tlog';
import type { ConnectionConfig } from './connection';
import { describeFileError, sameState } from './errors';
import { TlogIndex } from './tlog-index';
import { Pacer } from './tlog-pacer';
import { FrameQueue, TlogReader } from './tlog-reader';
import type { LinkState, Transport, TransportEvents } from './transport';

export type ReplayConfig = Extract<ConnectionConfig, { kind: 'tlog' }>;

export interface ReplayProgress {
  /** Record time of the last frame played (or the seek target), Unix µs. */
  positionUs: number;
  startUs: number;
  endUs: number;
  /** Frames delivered since the start (seeks included). */
  frames: number;
  totalFrames: number;
  /** File offset played up to. */
  bytesRead: number;
  totalBytes: number;
  rate: number;
  paused: boolean;
  /** The last frame was played; a seek plays again. */
  done: boolean;
}

/** A point in the recording: a fraction of its duration (0..1), or a record time. */
export type SeekTarget = { readonly fraction: number } | { readonly timeUs: number };

export interface ReplayOptions {
  /** 1 is real time (the default), Infinity as fast as possible. */
  rate?: number;
  paused?: boolean;
  /** At most PROGRESS_INTERVAL_MS apart, plus one when the end is reached. */
  onProgress?: (progress: ReplayProgress) => void;
  /** The dialect, for checksums while resyncing; ArduPilot's by default. */
  lookup?: MessageLookup;
  /** Paces frames and progress reports; a monotonic clock by default. */
  clock?: Clock;
}

/** Frames delivered between yields, so a fast replay leaves the app responsive. */
const YIELD_EVERY = 256;
export const PROGRESS_INTERVAL_MS = 100;

export class ReplayTransport implements Transport {
  private events: TransportEvents | undefined;
  private state: LinkState | undefined;
  private handle: FileHandle | undefined;
  private reader: TlogReader | undefined;
  private index: TlogIndex | undefined;
  private totalBytes = 0;
  private readonly lookup: MessageLookup;
  private readonly clock: Clock;
  private readonly pacer: Pacer;
  private readonly queue = new FrameQueue();
  private readonly onProgress: ((progress: ReplayProgress) => void) | undefined;
  private paused: boolean;
  private done = false;
  private pendingSeek: SeekTarget | undefined;
  /** Frames recorded before this time are skipped (reading on from a seek's index entry). */
  private skipBeforeUs = -Infinity;
  private positionUs = 0;
  private playedUpTo = 0;
  private delivered = 0;
  private wake: (() => void) | undefined;
  private sleepTimer: TimerHandle | undefined;
  private lastProgressMs = -Infinity;
  private progressTimer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    readonly config: ReplayConfig,
    options: ReplayOptions = {},
  ) {
    this.pacer = new Pacer(options.rate ?? 1);
    this.paused = options.paused ?? false;
    this.onProgress = options.onProgress;
    this.lookup = options.lookup ?? createCodec();
    this.clock = options.clock ?? monotonicClock;
  }

  start(events: TransportEvents): void {
    if (this.events !== undefined) return;
    this.events = events;
    this.running = this.run();
  }

  write(_bytes: Uint8Array): boolean {
    return false;
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.poke();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.pacer.restart();
    this.poke();
  }

  /** 1 is real time, Infinity as fast as possible; throws RangeError unless above 0. */
  setRate(rate: number): void {
    this.pacer.setRate(rate, this.clock.now());
    this.poke();
  }

  /** Throws RangeError for a target that is not a finite number. */
  seek(target: SeekTarget): void {
    const value = 'fraction' in target ? target.fraction : target.timeUs;
    if (!Number.isFinite(value)) throw new RangeError(`cannot seek to ${value}`);
    this.pendingSeek = target;
    this.done = false;
    this.poke();
  }

  /** Where the replay is; undefined until the file was indexed. */
  progress(): ReplayProgress | undefined {
    const index = this.index;
    if (index === undefined) return undefined;
    return {
      positionUs: this.positionUs,
      startUs: index.startUs,
      endUs: index.endUs,
      frames: this.delivered,
      totalFrames: index.frames,
      bytesRead: this.playedUpTo,
      totalBytes: this.totalBytes,
      rate: this.pacer.rate,
      paused: this.paused,
      done: this.done,
    };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.wake?.();
    this.clock.clearTimeout(this.progressTimer);
    await this.running;
    await this.handle?.close();
    this.handle = undefined;
    this.state = { status: 'closed' };
    this.events?.onState(this.state);
  }

  private async run(): Promise<void> {
    this.report({ status: 'connecting' });
    const path = this.config.path;
    try {
      if (!(await this.load())) return;
    } catch (error) {
      this.report({ status: 'error', message: describeFileError(error, path) });
      return;
    }
    this.report({ status: 'connected' });
    this.emitProgress(true);
    try {
      await this.play();
    } catch (error) {
      this.report({ status: 'error', message: describeFileError(error, path) });
    }
  }

  /** Opens and indexes the file; false when it is not a tlog or the replay was closed. */
  private async load(): Promise<boolean> {
    const path = this.config.path;
    const handle = await open(path, 'r');
    this.handle = handle;
    if (this.closing !== undefined) return false;
    this.totalBytes = (await handle.stat()).size;
    const head = Buffer.alloc(TLOG_TIME_LENGTH + 1);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (detectFormat(head.subarray(0, bytesRead)) !== 'tlog') {
      this.report({ status: 'error', message: `not a tlog file: ${path}` });
      return false;
    }
    const index = new TlogIndex();
    const scan = new TlogReader(handle, this.lookup, (_frame, timeUs, offset) =>
      index.add(timeUs, offset),
    );
    while (await scan.next()) if (this.closing !== undefined) return false;
    if (index.frames === 0) {
      this.report({ status: 'error', message: `not a tlog file: ${path}` });
      return false;
    }
    this.index = index;
    this.positionUs = index.startUs;
    this.reader = new TlogReader(handle, this.lookup, (frame, timeUs, offset) => {
      if (timeUs < this.skipBeforeUs) return;
      this.skipBeforeUs = -Infinity;
      this.queue.add(frame.bytes(), timeUs, offset + TLOG_TIME_LENGTH + frame.length);
    });
    return true;
  }

  private async play(): Promise<void> {
    const reader = this.reader!;
    let sinceYield = 0;
    while (this.closing === undefined) {
      const target = this.pendingSeek;
      if (target !== undefined) {
        this.pendingSeek = undefined;
        this.applySeek(reader, target);
        continue;
      }
      if (this.paused || this.done) {
        await this.sleep(undefined);
        continue;
      }
      if (this.queue.empty) {
        if (!(await reader.next()) && this.queue.empty && this.pendingSeek === undefined) {
          this.finish();
        }
        continue;
      }
      const timeUs = this.queue.nextTime();
      const wait = this.pacer.delayMs(timeUs, this.clock.now());
      if (wait >= 1) {
        await this.sleep(wait);
        continue;
      }
      const { frame, recordEnd } = this.queue.take();
      this.pacer.played(timeUs);
      this.positionUs = timeUs;
      this.playedUpTo = recordEnd;
      this.delivered++;
      this.events?.onData(frame);
      this.emitProgress(false);
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  }

  private applySeek(reader: TlogReader, target: SeekTarget): void {
    const index = this.index!;
    const timeUs =
      'fraction' in target
        ? index.startUs + Math.min(1, Math.max(0, target.fraction)) * (index.endUs - index.startUs)
        : target.timeUs;
    this.queue.clear();
    const offset = index.offsetBefore(timeUs);
    reader.seek(offset);
    this.skipBeforeUs = timeUs;
    this.pacer.forget();
    this.positionUs = Math.min(index.endUs, Math.max(index.startUs, timeUs));
    this.playedUpTo = offset;
    this.emitProgress(false);
  }

  private finish(): void {
    this.done = true;
    this.clock.clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    this.emitProgress(true);
  }

  /** Sleeps until `ms` passed (forever if undefined) or a control call pokes. */
  private sleep(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.clock.clearTimeout(this.sleepTimer);
        this.sleepTimer = undefined;
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      if (ms !== undefined) this.sleepTimer = this.clock.setTimeout(done, ms);
    });
  }

  private poke(): void {
    this.wake?.();
    if (this.index !== undefined && this.closing === undefined) this.emitProgress(false);
  }

  /** Throttled to one per PROGRESS_INTERVAL_MS; a throttled report goes out at the interval's end. */
  private emitProgress(now: boolean): void {
    if (this.onProgress === undefined || this.closing !== undefined) return;
    const elapsed = this.clock.now() - this.lastProgressMs;
    if (now || elapsed >= PROGRESS_INTERVAL_MS) {
      this.clock.clearTimeout(this.progressTimer);
      this.progressTimer = undefined;
      this.lastProgressMs = this.clock.now();
      this.onProgress(this.progress()!);
    } else {
      this.progressTimer ??= this.clock.setTimeout(() => {
        this.progressTimer = undefined;
        this.emitProgress(true);
      }, PROGRESS_INTERVAL_MS - elapsed);
    }
  }

  private report(state: LinkState): void {
    if (this.closing !== undefined || sameState(this.state, state)) return;
    this.state = state;
    this.events?.onState(state);
  }
}

// Records every frame, in and out, to a standard tlog. Logs get shared, and
// a signed frame lets anyone test passphrase guesses offline, so by default
// signatures are removed; a SETUP_SIGNING frame (it carries the key) is
// never written at all. The log is its owner's alone (0600 in a 0700
// folder) until the pilot chooses to share it.

import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, unrefTimer, type Clock, type TimerHandle } from '../clock';
import type { MessageDef } from '../mavlink/definition';
import { INCOMPAT_SIGNED, MAGIC_V2, SIGNATURE_LENGTH } from '../mavlink/frame';
import { TLOG_TIME_LENGTH } from '../mavlink/parser';
import { SETUP_SIGNING_ID } from '../signing/setup-signing';
import { writeWithoutSignature } from '../signing/signature-block';
import { writeTime } from './tlog';

export interface RecorderOptions {
  /** Folder for the session's tlog; created if missing. */
  dir: string;
  /** File name inside `dir`; default: one named by the session's start time. */
  fileName?: string;
  /** Keep signatures: a forensic capture, not for sharing. Default false. */
  keepSignatures?: boolean;
  /** Longest time written data waits in memory. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Most bytes held while the disk refuses writes; older data is dropped past it. */
  maxBufferedBytes?: number;
  /** Called once per failure streak, with a sentence for the pilot. */
  onError?: (message: string) => void;
  /** Record times and the flush timer; wall clock by default. */
  clock?: Clock;
}

export interface RecorderStats {
  frames: number;
  bytesWritten: number;
  /** SETUP_SIGNING frames left out because they carry a key. */
  keysWithheld: number;
  /** Frames lost because the disk refused writes for too long. */
  framesDropped: number;
  error: string | null;
}

/** `sigil-2026-11-22_10-52-07.tlog`, in local time as a pilot reads a clock. */
export function sessionFileName(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `sigil-${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}_` +
    `${p(date.getHours())}-${p(date.getMinutes())}-${p(date.getSeconds())}.tlog`
  );
}

export class TlogRecorder {
  readonly path: string;
  readonly stats: RecorderStats = {
    frames: 0,
    bytesWritten: 0,
    keysWithheld: 0,
    framesDropped: 0,
    error: null,
  };
  private readonly keepSignatures: boolean;
  private readonly maxBuffered: number;
  private readonly clock: Clock;
  private readonly flushIntervalMs: number;
  private readonly onError: (message: string) => void;
  // Records are copied into 64 KiB blocks, so a busy link holds a few large
  // buffers between flushes rather than thousands of small ones.
  private queue: Block[] = [];
  private queuedBytes = 0;
  private current: Block = newBlock();
  private handle: Promise<FileHandle> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private timer: TimerHandle;
  private closed = false;

  constructor(private readonly options: RecorderOptions) {
    this.clock = options.clock ?? systemClock;
    this.path = join(options.dir, options.fileName ?? sessionFileName(new Date(this.clock.now())));
    this.keepSignatures = options.keepSignatures ?? false;
    this.maxBuffered = options.maxBufferedBytes ?? 16 * 1024 * 1024;
    this.onError = options.onError ?? (() => {});
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.timer = this.flushLater();
  }

  /** Queues one frame; it reaches the disk within the flush interval. */
  record(frame: Uint8Array, def: MessageDef | undefined, timeUs = this.clock.now() * 1000): void {
    if (this.closed) return;
    const msgid = frame[0] === MAGIC_V2 ? frame[7]! | (frame[8]! << 8) | (frame[9]! << 16) : -1;
    if (msgid === SETUP_SIGNING_ID) {
      this.stats.keysWithheld++;
      return;
    }
    // Room for the frame as it came; without its signature it takes less.
    if (this.current.used + TLOG_TIME_LENGTH + frame.length > this.current.bytes.length) {
      this.seal();
    }
    const block = this.current;
    const at = block.used + TLOG_TIME_LENGTH;
    let length = frame.length;
    if (!this.keepSignatures && frame[0] === MAGIC_V2 && (frame[2]! & INCOMPAT_SIGNED) !== 0) {
      // Written straight into the block: no stripped copy in between.
      if (writeWithoutSignature(frame, def, block.bytes, at) === 'stripped') {
        length -= SIGNATURE_LENGTH;
      }
    } else {
      block.bytes.set(frame, at);
    }
    writeTime(block.bytes, block.used, timeUs);
    block.used = at + length;
    block.frames++;
    this.stats.frames++;
  }

  private seal(): void {
    const block = this.current;
    if (block.used === 0) return;
    this.queue.push(block);
    this.queuedBytes += block.used;
    this.current = newBlock();
    while (this.queuedBytes > this.maxBuffered && this.queue.length > 0) {
      const dropped = this.queue.shift()!;
      this.queuedBytes -= dropped.used;
      this.stats.framesDropped += dropped.frames;
    }
  }

  /** Writes what is queued. Failures become `stats.error` and a call to onError, never a throw. */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.writeQueued());
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.closed) return this.writing;
    this.closed = true;
    this.clock.clearTimeout(this.timer);
    await this.flush();
    if (this.handle !== null) {
      const handle = await this.handle.catch(() => null);
      await handle?.close().catch(() => {});
    }
  }

  /** The next periodic flush; it does not keep the process alive. */
  private flushLater(): TimerHandle {
    const timer = this.clock.setTimeout(() => {
      this.timer = this.flushLater();
      void this.flush();
    }, this.flushIntervalMs);
    unrefTimer(timer);
    return timer;
  }

  private async writeQueued(): Promise<void> {
    this.seal();
    if (this.queue.length === 0) return;
    const batch = this.queue;
    const bytes = this.queuedBytes;
    this.queue = [];
    this.queuedBytes = 0;
    try {
      this.handle ??= mkdir(this.options.dir, { recursive: true, mode: 0o700 }).then(() =>
        open(this.path, 'a', 0o600),
      );
      const handle = await this.handle;
      await handle.writev(batch.map((b) => b.bytes.subarray(0, b.used)));
      this.stats.bytesWritten += bytes;
      this.stats.error = null;
    } catch (error) {
      // Keep the data for the next try (bounded by maxBufferedBytes); a
      // failed open is retried too, as the folder may become writable.
      this.queue = batch.concat(this.queue);
      this.queuedBytes += bytes;
      if (this.handle !== null && (await this.handle.then(() => false).catch(() => true))) {
        this.handle = null;
      }
      const message = describeWriteError(error, this.path);
      if (this.stats.error === null) this.onError(message);
      this.stats.error = message;
    }
  }
}

interface Block {
  bytes: Uint8Array;
  used: number;
  frames: number;
}

const BLOCK_SIZE = 64 * 1024;

function newBlock(): Block {
  return { bytes: new Uint8Array(BLOCK_SIZE), used: 0, frames: 0 };
}

function describeWriteError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
      return `the disk is full: the flight log ${path} is not being written`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied writing the flight log ${path}`;
    case 'EROFS':
      return `the flight log folder is read-only: ${path} is not being written`;
    default:
      return `cannot write the flight log ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

// Reading a capture file (raw bytes or tlog) chunk by chunk through a frame
// parser, so files of any size stream with flat memory: the next chunk is
// read only once the last one's output was taken.

import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { FrameParser, type FrameHandler, type StreamFormat } from '../../main/mavlink/parser';
import type { MessageLookup } from '../../main/mavlink/frame';
import { detectFormat } from '../../main/logs/tlog';
import { CliError, UsageError, describeFsError } from './command';
import { Progress } from './progress';

const CHUNK = 64 * 1024;

export function parseFormat(value: string | undefined): StreamFormat | undefined {
  if (value === undefined) return undefined;
  if (value === 'raw' || value === 'tlog') return value;
  throw new UsageError(`--format must be 'raw' or 'tlog', not '${value}'`);
}

/** Where and under what name to show progress (shown only on a terminal). */
export interface ProgressTarget {
  stderr: Writable;
  label: string;
}

/**
 * Parses the whole file. `afterChunk` runs after each chunk's frames were
 * delivered (to flush output). Returns the parser for its statistics.
 */
export async function parseCapture(
  path: string,
  format: StreamFormat | undefined,
  lookup: MessageLookup,
  onFrame: FrameHandler,
  afterChunk: () => Promise<void>,
  progressTo?: ProgressTarget,
): Promise<{ parser: FrameParser; format: StreamFormat }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new CliError(describeFsError(error, path));
  }
  let progress: Progress | undefined;
  try {
    if (progressTo !== undefined && Progress.wanted(progressTo.stderr)) {
      const { size } = await handle.stat();
      progress = new Progress(progressTo.stderr, progressTo.label, size);
    }
    const buffer = Buffer.alloc(CHUNK);
    let parser: FrameParser | undefined;
    let chosen: StreamFormat = format ?? 'raw';
    let read = 0;
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, CHUNK, null));
      } catch (error) {
        throw new CliError(describeFsError(error, path));
      }
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      if (parser === undefined) {
        chosen = format ?? detectFormat(chunk);
        parser = new FrameParser(lookup, onFrame, chosen);
      }
      parser.push(chunk);
      await afterChunk();
      read += bytesRead;
      progress?.update(read, parser.stats.frames);
    }
    parser ??= new FrameParser(lookup, onFrame, chosen);
    parser.end();
    await afterChunk();
    return { parser, format: chosen };
  } finally {
    progress?.done();
    await handle.close();
  }
}

// Real captures the benchmarks run on.

import { readFileSync } from 'node:fs';
import { createCodec } from '../main/mavlink/ardupilotmega';
import { FrameParser } from '../main/mavlink/parser';
import { examplePath } from '../main/testing/captures';

/** node-mavlink ships a real ArduPilot VTOL flight log. */
export function vtolTlogPath(): string {
  return examplePath('vtol.tlog');
}

/** The frames of a tlog, back to back, without record times. */
export function rawFramesOf(tlogPath: string): { bytes: Buffer; frames: number } {
  const parts: Uint8Array[] = [];
  const parser = new FrameParser(
    createCodec(),
    (frame) => parts.push(new Uint8Array(frame.bytes())),
    'tlog',
  );
  parser.push(readFileSync(tlogPath));
  parser.end();
  return { bytes: Buffer.concat(parts), frames: parts.length };
}

/** `bytes` repeated until it holds at least `minFrames` frames. */
export function repeated(
  capture: { bytes: Buffer; frames: number },
  minFrames: number,
): { bytes: Buffer; frames: number } {
  const times = Math.ceil(minFrames / capture.frames);
  return {
    bytes: Buffer.concat(Array.from({ length: times }, () => capture.bytes)),
    frames: capture.frames * times,
  };
}

export function* chunksOf(bytes: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

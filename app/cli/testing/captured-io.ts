// An in-memory stdout/stderr pair for running CLI commands in tests.

import { Writable } from 'node:stream';
import type { Io } from '../command';

export interface CapturedIo extends Io {
  out(): string;
  err(): string;
}

function collector(parts: string[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      parts.push(chunk.toString());
      callback();
    },
  });
}

export function captureIo(): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: collector(out),
    stderr: collector(err),
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

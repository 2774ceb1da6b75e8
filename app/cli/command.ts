// What every subcommand of the `sigil` command line shares: its shape, the
// two kinds of failure (bad usage exits 2, anything else exits 1) and
// option parsing that turns parse errors into usage errors.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Writable } from 'node:stream';

export interface Io {
  stdout: Writable;
  stderr: Writable;
}

export interface Command {
  name: string;
  summary: string;
  /** Full help text: usage line, description, options. */
  help: string;
  run(args: string[], io: Io): Promise<number>;
}

/** Bad usage: wrong options, missing arguments. Exits 2. */
export class UsageError extends Error {}

/** A failure the user can act on, reported without a stack trace. Exits 1. */
export class CliError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandLine<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Writes and waits for the stream to take it, so large outputs keep their memory flat. */
export async function write(out: Writable, text: string | Uint8Array): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

export function describeFsError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `no such file: ${path}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${path}`;
    case 'EISDIR':
      return `${path} is a directory, not a file`;
    default:
      return `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Resolves `interrupted` and aborts `signal` on SIGINT or SIGTERM. `release`
 * removes the handlers, so a command that ends by itself leaves no listener
 * behind.
 */
export function interruption(): {
  interrupted: Promise<void>;
  signal: AbortSignal;
  release(): void;
} {
  const controller = new AbortController();
  let stop!: () => void;
  const interrupted = new Promise<void>(
    (resolve) =>
      (stop = () => {
        controller.abort();
        resolve();
      }),
  );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    interrupted,
    signal: controller.signal,
    release() {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

// A benchmark's peer in its own process, so its CPU and memory do not count
// against the core being measured. The child is a TypeScript file run
// through bin/run-ts.mjs; it prints `{"ready":true}` when it starts sending,
// and its summary as the last JSON line before it exits 0.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface Child<T> {
  /** Resolves when the child starts sending (or has died: `done` then says why). */
  ready: Promise<void>;
  done: Promise<T>;
  /** Ends the child now; `done` then rejects (the caller no longer wants its summary). */
  stop(): void;
}

/** Starts `bench/<script>` with `args`; `name` is for error messages. */
export function startChild<T>(script: string, args: string[], name: string): Child<T> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'run-ts.mjs'), join(ROOT, 'bench', script), ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  let onReady!: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const done = new Promise<T>((resolve, reject) => {
    let summary: T | undefined;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as { ready?: boolean };
      if (message.ready) onReady();
      else summary = message as T;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && summary !== undefined) resolve(summary);
      else reject(new Error(`${name} exited with ${code}: ${stderr.trim()}`));
    });
  });
  // A child that dies before it is ready must not leave the caller waiting.
  void done.catch(() => onReady());
  return { ready, done, stop: () => void child.kill() };
}

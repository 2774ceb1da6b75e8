import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = 'main/signing/testing/sign-loop.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigil-persist-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the signing loop until it has printed `count` timestamps, then kills it with SIGKILL. */
async function signUntilKilled(store: string, count: number): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, store], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  const used: number[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    used.push(Number(line));
    if (used.length === count) child.kill('SIGKILL');
  }
  const signal = await exited;
  expect(signal, stderr).toBe('SIGKILL');
  return used;
}

it('never reuses a timestamp after being killed with SIGKILL mid-stream', async () => {
  const store = join(dir, 'signing-timestamp.json');
  const first = await signUntilKilled(store, 3_000);
  const second = await signUntilKilled(store, 50);
  const highestUsed = Math.max(...first);
  // The loop's clock ran far ahead of the wall clock: restarting from the
  // wall clock alone would have reused timestamps.
  expect(highestUsed - first[0]!).toBeGreaterThan(10_000_000);
  expect(Math.min(...second)).toBeGreaterThan(highestUsed);
}, 20_000);

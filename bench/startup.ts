// Start-up of the `sigil` command as a user runs it (bin/sigil.mjs: the
// freshness check, then the bundle), against a bare `node -e 0` measured in
// the same run. Each round runs every command once, in turn, so a machine
// that slows down slows all alike; the figures are wall-clock times from
// spawn to exit. The target: within a few times `node -e 0`.

import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export interface StartupTimes {
  minMs: number;
  medianMs: number;
}

export interface StartupFigure extends StartupTimes {
  /** Over the same figure of `node -e 0`. */
  minRatio: number;
  medianRatio: number;
}

export interface StartupFigures {
  rounds: number;
  node: StartupTimes;
  help: StartupFigure;
  keyGenerate: StartupFigure;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SIGIL = fileURLToPath(new URL('../bin/sigil.mjs', import.meta.url));
const ROUNDS = 15;

const COMMANDS = {
  node: ['-e', '0'],
  help: [SIGIL, '--help'],
  keyGenerate: [SIGIL, 'key', 'generate'],
} as const;

function timeOnce(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return elapsed;
}

function summary(samples: number[]): StartupTimes {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { minMs: sorted[0]!, medianMs: median };
}

export function benchStartup(rounds = ROUNDS): StartupFigures {
  // Not counted: builds the bundle if it is missing or stale, and warms the disk cache.
  for (const args of Object.values(COMMANDS)) timeOnce(args);
  const samples = { node: [] as number[], help: [] as number[], keyGenerate: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    for (const [name, args] of Object.entries(COMMANDS)) {
      samples[name as keyof typeof COMMANDS].push(timeOnce(args));
    }
  }
  const node = summary(samples.node);
  const figure = (times: StartupTimes): StartupFigure => ({
    ...times,
    minRatio: times.minMs / node.minMs,
    medianRatio: times.medianMs / node.medianMs,
  });
  return {
    rounds,
    node,
    help: figure(summary(samples.help)),
    keyGenerate: figure(summary(samples.keyGenerate)),
  };
}

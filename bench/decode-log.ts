// `sigil decode` end to end, as a user runs it (bin/sigil.mjs, the bundle).
//
// A large log: a synthetic tlog (vtol.tlog's records over and over, 256 MB
// by default, --log-mb to change) written to a temporary folder, decoded
// to /dev/null; wall time, CPU time and peak RSS of the process. The log
// is deleted afterwards.
//
// Against pymavlink: when SIGIL_BENCH_MAVLOGDUMP names mavlogdump.py (run
// with python3 and this environment, so PYTHONPATH and MAVLINK_DIALECT
// reach it), `mavlogdump.py --format json vtol.tlog` and `sigil decode
// vtol.tlog` take turns for five rounds. The target: half its time.

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rawFramesOf, vtolTlogPath } from './fixtures';
import { spread, type Spread } from './rounds';
import { benchTempDir } from './temp';

export const MAVLOGDUMP_ENV = 'SIGIL_BENCH_MAVLOGDUMP';
export const DEFAULT_LOG_MB = 256;

const SIGIL = fileURLToPath(new URL('../bin/sigil.mjs', import.meta.url));
const ROUNDS = 5;

export interface LargeLogFigures {
  megabytes: number;
  frames: number;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

export interface MavlogdumpFigures {
  rounds: number;
  sigilWall: Spread;
  mavlogdumpWall: Spread;
  /** Per round: Sigil's time over mavlogdump's, wall clock and CPU. */
  ratioWall: Spread;
  ratioCpu: Spread;
}

export interface DecodeLogFigures {
  large: LargeLogFigures;
  mavlogdump?: MavlogdumpFigures;
  mavlogdumpNote: string;
}

interface Timed {
  wall: number;
  cpu: number;
  stderr: string;
}

/**
 * Runs a command through sh, its output to /dev/null; `times` adds the
 * child's CPU time on the last line of stderr.
 */
function timeCommand(command: string, args: string[]): Timed {
  const quoted = [command, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const started = performance.now();
  const result = spawnSync('sh', ['-c', `${quoted} >/dev/null || exit 1; times >&2`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr.slice(0, 500)}`);
  const lines = result.stderr.trimEnd().split('\n');
  const children = lines.at(-1)!.trim().split(/\s+/);
  const seconds = (t: string) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m === null ? NaN : Number(m[1]) * 60 + Number(m[2]);
  };
  return {
    wall,
    cpu: seconds(children[0]!) + seconds(children[1]!),
    stderr: lines.slice(0, -2).join('\n'),
  };
}

/** Writes `megabytes` of tlog records to `path` without holding them in memory. */
function writeLargeLog(path: string, megabytes: number): number {
  const one = readFileSync(vtolTlogPath());
  const times = Math.max(1, Math.round((megabytes * 1e6) / one.length));
  const fd = openSync(path, 'w');
  try {
    for (let i = 0; i < times; i++) writeSync(fd, one);
  } finally {
    closeSync(fd);
  }
  return times;
}

function benchLargeLog(megabytes: number): LargeLogFigures {
  const temp = benchTempDir();
  try {
    const log = temp.file('large.tlog');
    const copies = writeLargeLog(log, megabytes);
    // Reports the process's own peak RSS and its frame count when it exits.
    const probe = temp.file('probe.mjs');
    writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write('\\nmaxrss ' + process.resourceUsage().maxRSS + '\\n'));\n",
    );
    spawnSync(process.execPath, [SIGIL, '--help']); // builds the bundle if it must
    const run = timeCommand(process.execPath, ['--import', probe, SIGIL, 'decode', log]);
    const rss = /maxrss (\d+)/.exec(run.stderr);
    return {
      megabytes: statSync(log).size / 1e6,
      frames: copies * rawFramesOf(vtolTlogPath()).frames,
      wallSeconds: run.wall,
      cpuSeconds: run.cpu,
      peakRssMb: rss === null ? NaN : Number(rss[1]) / 1024,
    };
  } finally {
    temp.remove();
  }
}

function benchMavlogdump(script: string): MavlogdumpFigures {
  const tlog = vtolTlogPath();
  const sigil: Timed[] = [];
  const theirs: Timed[] = [];
  timeCommand(process.execPath, [SIGIL, 'decode', tlog]);
  for (let round = 0; round < ROUNDS; round++) {
    sigil.push(timeCommand(process.execPath, [SIGIL, 'decode', tlog]));
    theirs.push(timeCommand('python3', [script, '--format', 'json', tlog]));
  }
  return {
    rounds: ROUNDS,
    sigilWall: spread(sigil.map((t) => t.wall)),
    mavlogdumpWall: spread(theirs.map((t) => t.wall)),
    ratioWall: spread(sigil.map((t, i) => t.wall / theirs[i]!.wall)),
    ratioCpu: spread(sigil.map((t, i) => t.cpu / theirs[i]!.cpu)),
  };
}

export function benchDecodeLog(megabytes = DEFAULT_LOG_MB): DecodeLogFigures {
  const large = benchLargeLog(megabytes);
  const script = process.env[MAVLOGDUMP_ENV];
  if (script === undefined || script === '') {
    return { large, mavlogdumpNote: `${MAVLOGDUMP_ENV} is not set: it names mavlogdump.py` };
  }
  return { large, mavlogdump: benchMavlogdump(script), mavlogdumpNote: script };
}

// The headless host as a pilot starts it: `sigil serve` in its own process,
// with the simulated copter, a UDP listener on a free loopback port and a
// fresh data folder. The printed URL carries the one-time login code.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths';
import { freeUdpPort } from '../../main/testing/ports';
import { noTileSource } from './tiles';

const SIGIL = join(ROOT, 'bin', 'sigil.mjs');
const UI_DIR = join(ROOT, 'out', 'renderer');
const URL_LINE = /Sigil is running at (http:\/\/127\.0\.0\.1:\d+\/#otp=[\w-]+)\n/;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

export interface HostOptions {
  /** Start with --keep-signatures (a capture that can be replayed at a signed link). */
  keepSignatures?: boolean;
  /** The operator's secrets (SIGIL_SERVER_IDENTITY_KEY, SIGIL_AUTH_KEY, SIGIL_VIEW_KEY): remote sign-in on. */
  env?: Record<string, string>;
  /** --session-timeout, for remote sessions (90s, 3s ...). */
  sessionTimeout?: string;
  /** Start with an unreadable signing clock in the data folder. */
  corruptClock?: boolean;
  /** Start the built-in simulated copter (--sim). Default true; without it, the listener waits for one. */
  sim?: boolean;
}

/** The signing clock's first record file in the data folder. */
export const CLOCK_FILE = 'signing-timestamp.json';

/** What an unreadable signing clock looks like: no record at all. */
export async function corruptClock(dataDir: string): Promise<void> {
  await writeFile(join(dataDir, CLOCK_FILE), 'not a signing clock\n', { mode: 0o600 });
}

export interface RunningHost {
  /** The URL with the one-time code: opening it logs in. */
  readonly url: string;
  /** The UDP listener the simulated copter sends to. */
  readonly link: string;
  readonly dataDir: string;
  /** What the server printed so far (for a failing test's report). */
  output(): string;
  /** SIGTERM, then the exit code (null when it had to be killed). */
  stop(): Promise<number | null>;
  /** Removes the data folder. */
  remove(): Promise<void>;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sigil-e2e-'));
  const link = `udpin:127.0.0.1:${await freeUdpPort()}`;
  if (options.corruptClock === true) await corruptClock(dataDir);
  await noTileSource(dataDir);
  const args = [SIGIL, 'serve', '--port', '0', '--no-open'];
  if (options.sim !== false) args.push('--sim');
  args.push('--data-dir', dataDir, '--link', link, '--ui-dir', UI_DIR);
  if (options.keepSignatures === true) args.push('--keep-signatures');
  if (options.sessionTimeout !== undefined) args.push('--session-timeout', options.sessionTimeout);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const output = () => `stdout:\n${out}\nstderr:\n${err}`;
  const exit = exited(child);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`sigil serve printed no URL within ${START_TIMEOUT_MS} ms\n${output()}`));
    }, START_TIMEOUT_MS);
    const poll = setInterval(() => {
      const match = URL_LINE.exec(out);
      if (match === null) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve(match[1]!);
    }, 25);
    void exit.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`sigil serve exited (${code}) before printing its URL\n${output()}`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });

  return {
    url,
    link,
    dataDir,
    output,
    async stop() {
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS);
      });
      const code = await Promise.race([exit, late]);
      clearTimeout(timer);
      if (code !== 'late') return code;
      child.kill('SIGKILL');
      await exit;
      return null;
    },
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}

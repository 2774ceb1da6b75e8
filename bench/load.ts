// The GCS core under load: a child process (bench/load-generator.ts) sends
// signed telemetry at 10,000 frames per second over UDP on loopback to a
// Gcs in this process whose link requires signing with the same key, with
// its flight log recording to a temporary folder, as a pilot would run it.
// The generator runs in its own process so its CPU is not counted here.
//
// Measured while the generator sends: frames it sent against frames the
// link received and verified `ok`, the main event loop's delay (p50, p99),
// this process's CPU as a percentage of one core, peak RSS, and RSS at
// 10 s against RSS at the end (memory that stays flat under load). The
// targets: no frame lost on loopback, p99 under 20 ms, RSS under 150 MB.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gcs } from '../main/core/gcs';
import { keyFromPassphrase } from '../main/signing/key';
import { freeUdpPort } from '../main/testing/ports';
import { startChild } from './child';

export interface LoadFigures {
  /** Frames the generator sent (signed, one stream). */
  sent: number;
  /** Frames the link parsed. */
  received: number;
  /** Frames whose signature and timestamp the link accepted. */
  ok: number;
  /** sent - received. */
  lost: number;
  /** How late the event loop ran a timer, median and 99th percentile. */
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  /** This process's CPU (all its threads) over the run, as % of one core. */
  cpuPercent: number;
  /** The process's highest resident set size so far. */
  peakRssMb: number;
  /** RSS 10 s into the run (a third of the way for runs under 30 s). */
  rssStartMb: number;
  rssEndMb: number;
}

const PASSPHRASE = 'sigil load bench';
/** Timer period of the loop-delay histogram; its samples include it, so it is taken off. */
const LOOP_RESOLUTION_MS = 10;
const RSS_SAMPLE_MS = 250;
/** How long to wait for frames still on their way once the generator is done. */
const DRAIN_QUIET_MS = 500;

const mb = (bytes: number) => bytes / (1024 * 1024);

interface GeneratorSummary {
  sent: number;
  datagrams: number;
  sendErrors: number;
  cpuPercent: number;
}

/** Starts the generator; `ready` resolves when it starts sending, `done` with its summary. */
function startGenerator(port: number, rate: number, seconds: number) {
  return startChild<GeneratorSummary>(
    'load-generator.ts',
    [
      '--port',
      String(port),
      '--rate',
      String(rate),
      '--seconds',
      String(seconds),
      '--passphrase',
      PASSPHRASE,
    ],
    'the load generator',
  );
}

export async function benchLoad(
  options: { seconds?: number; rate?: number } = {},
): Promise<LoadFigures> {
  const seconds = options.seconds ?? 30;
  const rate = options.rate ?? 10_000;
  const dataDir = await mkdtemp(join(tmpdir(), 'sigil-bench-load-'));
  const gcs = await Gcs.start({ dataDir, record: true });
  try {
    gcs.setKey(keyFromPassphrase(PASSPHRASE));
    const port = await freeUdpPort();
    const link = gcs.openLink(`udpin:127.0.0.1:${port}`, { sign: true, require: true });
    await until(() => link.state.status === 'connected', 5000, 'the link to listen');

    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    const generator = startGenerator(port, rate, seconds);
    await generator.ready;

    loop.enable();
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const rssAtMs = seconds >= 30 ? 10_000 : (seconds * 1000) / 3;
    let rssStart: number | undefined;
    const sampler = setInterval(() => {
      if (rssStart === undefined && performance.now() - started >= rssAtMs) {
        rssStart = process.memoryUsage.rss();
      }
    }, RSS_SAMPLE_MS);

    const summary = await generator.done;
    await drained(() => link.stats().framesIn, summary.sent);
    const elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    loop.disable();
    clearInterval(sampler);
    const rssEnd = process.memoryUsage.rss();

    const stats = link.stats();
    const delay = (p: number) => Math.max(0, loop.percentile(p) / 1e6 - LOOP_RESOLUTION_MS);
    return {
      sent: summary.sent,
      received: stats.framesIn,
      ok: stats.verdicts.ok,
      lost: summary.sent - stats.framesIn,
      loopDelayP50Ms: delay(50),
      loopDelayP99Ms: delay(99),
      cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100,
      // maxRSS is in kilobytes.
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      rssStartMb: mb(rssStart ?? rssEnd),
      rssEndMb: mb(rssEnd),
    };
  } finally {
    await gcs.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Waits until `count()` reaches `target` or stops moving for DRAIN_QUIET_MS. */
async function drained(count: () => number, target: number): Promise<void> {
  let last = count();
  let quietSince = performance.now();
  while (last < target && performance.now() - quietSince < DRAIN_QUIET_MS) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = count();
    if (now !== last) quietSince = performance.now();
    last = now;
  }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

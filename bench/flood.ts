// The GCS core under a flood of spoofed vehicles: a child process
// (bench/flood-generator.ts) sends 20,000 unsigned HEARTBEATs, each from a
// different (sysid, compid), at about 4,200 a second to a Gcs listening on
// UDP without a key, as the default link does, while another child
// (bench/load-generator.ts) plays a real vehicle sending telemetry at 50
// frames a second. The Gcs runs in a fresh process of its own
// (bench/flood-host.ts), so its memory figures are not another run's
// leftovers.
//
// Measured: RSS before the flood, its peak during it and after it; the
// vehicles tracked (peak) and refused; the frames and bytes the link sent
// back while the flood lasted; and the real vehicle's frames per second
// before and during the flood. The targets: RSS under 160 MB, vehicles and
// frames sent back within the router's bounds, the real vehicle's rate kept.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gcs } from '../main/core/gcs';
import type { Link } from '../main/core/link';
import { freeUdpPort } from '../main/testing/ports';
import { startChild } from './child';

export interface FloodFigures {
  /** Spoofed heartbeats the generator sent. */
  sent: number;
  /** Flood frames the link parsed (accepted or refused). */
  received: number;
  vehiclesPeak: number;
  vehiclesRefused: number;
  /** Frames and bytes the link sent while the flood lasted (to whoever spoke last). */
  framesBack: number;
  bytesBack: number;
  /** Of those, what reached the flood's own socket. */
  framesBackToAttacker: number;
  /** How long the generator took to send, and how long the measured window lasted. */
  sendSeconds: number;
  floodSeconds: number;
  /** The real vehicle's frames reaching the GCS, per second. */
  realRateSent: number;
  realRateBefore: number;
  realRateDuring: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssAfterMb: number;
}

interface FloodSummary {
  sent: number;
  sendErrors: number;
  framesBack: number;
  bytesBack: number;
  seconds: number;
}

const COUNT = 20_000;
const FLOOD_RATE = 4_200;
const REAL_RATE = 50;
const WARM_MS = 2_000;
const SETTLE_MS = 1_000;
const SAMPLE_MS = 50;

const mb = (bytes: number) => bytes / (1024 * 1024);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Frames of the real vehicle (1/1) the link took. */
function realFrames(link: Link): number {
  return link.stats().loss.find((l) => l.sysid === 1 && l.compid === 1)?.received ?? 0;
}

/** Runs `measureFlood` in a fresh process. */
export function benchFlood(): Promise<FloodFigures> {
  return startChild<FloodFigures>('flood-host.ts', [], 'the flood run').done;
}

export async function measureFlood(): Promise<FloodFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sigil-bench-flood-'));
  const gcs = await Gcs.start({ dataDir, record: true });
  try {
    const port = await freeUdpPort();
    const link = gcs.openLink(`udpin:127.0.0.1:${port}`);
    await until(() => link.state.status === 'connected', 5000, 'the link to listen');

    // Long enough for any machine; stopped once measured.
    const real = startChild<unknown>(
      'load-generator.ts',
      ['--port', String(port), '--rate', String(REAL_RATE), '--seconds', '120'].concat([
        '--passphrase',
        'a real vehicle',
      ]),
      'the real vehicle',
    );
    void real.done.catch(() => undefined);
    await real.ready;
    await until(() => gcs.router.find(1, 1) !== undefined, 5000, 'the real vehicle');
    const warmStart = realFrames(link);
    await sleep(WARM_MS);
    const realRateBefore = ((realFrames(link) - warmStart) * 1000) / WARM_MS;

    let rssPeak = process.memoryUsage.rss();
    let vehiclesPeak = gcs.router.vehicles().length;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
      vehiclesPeak = Math.max(vehiclesPeak, gcs.router.vehicles().length);
    }, SAMPLE_MS);
    const rssBefore = process.memoryUsage.rss();
    const flood = startChild<FloodSummary>(
      'flood-generator.ts',
      ['--port', String(port), '--count', String(COUNT), '--rate', String(FLOOD_RATE)],
      'the flood generator',
    );
    await flood.ready;
    const before = link.stats();
    const realBefore = realFrames(link);
    const started = performance.now();
    const summary = await flood.done;
    const floodSeconds = (performance.now() - started) / 1000;
    const after = link.stats();
    const realDuring = realFrames(link) - realBefore;
    await sleep(SETTLE_MS);
    clearInterval(sampler);
    const rssAfter = process.memoryUsage.rss();
    real.stop();

    return {
      sent: summary.sent,
      received:
        after.framesIn +
        after.framesRejected -
        (before.framesIn + before.framesRejected) -
        realDuring,
      vehiclesPeak,
      vehiclesRefused: gcs.router.counts.vehiclesRefused,
      framesBack: after.framesOut - before.framesOut,
      bytesBack: after.bytesOut - before.bytesOut,
      framesBackToAttacker: summary.framesBack,
      sendSeconds: summary.seconds,
      floodSeconds,
      realRateSent: REAL_RATE,
      realRateBefore,
      realRateDuring: realDuring / floodSeconds,
      rssBeforeMb: mb(rssBefore),
      rssPeakMb: mb(Math.max(rssPeak, rssAfter)),
      rssAfterMb: mb(rssAfter),
    };
  } finally {
    await gcs.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

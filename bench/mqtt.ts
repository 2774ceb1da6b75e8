// A fleet through a broker into one ground station as `sigil serve` runs
// it: mosquitto on this machine, a generator (bench/mqtt-generator.ts)
// publishing N simulated vehicles × 50 signed frames a second as bridges
// publish them, and the headless host's core (the Api service, recording
// its flight log, with an operator subscribed to its snapshots) with
// signing required, reading each network over an mqtt:// link, in a
// process of its own (bench/mqtt-host.ts) so its CPU and memory are its
// own. Run for N = 20, 200 and 1,000; a fleet larger than a network holds
// (255 systems) is spread over several networks (bench/mqtt-layout.ts).
//
// Measured over the timed window: frames verified per second; latency from
// publish (each frame's signing timestamp is its publish time) to the
// first operator snapshot sent after the frame was verified; CPU of the
// ground station, the broker and the generator; the ground station's peak
// RSS. Over the whole run: frames lost (sent, not verified). Where the
// ceiling is: the first of the three to run out of its core, or the
// generator falling behind its own schedule. The goal: 200 vehicles
// (10,000 signed frames/s) with no loss, p99 under 50 ms and the ground
// station under half a core.

import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiService } from '../main/api/service';
import type { FrameView } from '../main/mavlink/frame';
import { keyFromPassphrase } from '../main/signing/key';
import { SIGNING_EPOCH_MS, readTimestamp } from '../main/signing/timestamp';
import { Mosquitto } from '../main/testing/mosquitto';
import { startChild } from './child';
import { MAX_PER_NETWORK, networkName, networksFor } from './mqtt-layout';

export interface MqttFigures {
  vehicles: number;
  /** Networks the fleet was spread over (one link each). */
  networks: number;
  /** Frames each vehicle sent per second. */
  rateEach: number;
  /** The timed window. */
  seconds: number;
  verifiedPerSecond: number;
  /** Over the whole run. */
  sent: number;
  verified: number;
  lost: number;
  /** Frames refused by signing (none expected). */
  rejected: number;
  /** Publish to the operator's snapshot. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Snapshots the operator got per second, and the mean size of one as JSON. */
  snapshotsPerSecond: number;
  snapshotKb: number;
  /** Percent of one core over the timed window. */
  cpuPercent: number;
  brokerCpuPercent: number | null;
  generatorCpuPercent: number;
  /** How far the generator ran past its schedule (it catches up by publishing faster). */
  generatorLagSeconds: number;
  rssPeakMb: number;
  vehiclesSeen: number;
  /** The machine's 1-minute load average at the end: other work shares its cores. */
  loadAverage: number;
  /** What ran out first, in a few words. */
  ceiling: string;
}

interface GeneratorSummary {
  sent: number;
  seconds: number;
  cpuPercent: number;
}

export const FLEETS = [20, 200, 1000] as const;
const RATE_EACH = 50;
const PASSPHRASE = 'a fleet through a broker';
const NETWORK = 'bench';
const WARM_S = 2;
const SETTLE_MS = 1000;
const SAMPLE_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const preciseTimestamp = () =>
  (performance.timeOrigin + performance.now() - SIGNING_EPOCH_MS) * 100;

/** CPU seconds a process has used (Linux), or null where /proc is not there. */
function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Starts the broker and measures each fleet size in a fresh ground-station process. */
export async function benchMqtt(
  options: { seconds?: number; fleets?: readonly number[] } = {},
): Promise<MqttFigures[]> {
  const broker = await Mosquitto.start();
  try {
    const figures: MqttFigures[] = [];
    for (const vehicles of options.fleets ?? FLEETS) {
      const brokerCpu = cpuSecondsOf(broker.pid);
      const started = performance.now();
      const host = startChild<MqttFigures>(
        'mqtt-host.ts',
        [
          '--port',
          String(broker.port),
          '--vehicles',
          String(vehicles),
          '--seconds',
          String(options.seconds ?? 10),
        ],
        `the ground station with ${vehicles} vehicles`,
      );
      const result = await host.done;
      const brokerCpuAfter = cpuSecondsOf(broker.pid);
      const wall = (performance.now() - started) / 1000;
      // The broker's share over the whole run (it idles between runs).
      result.brokerCpuPercent =
        brokerCpu === null || brokerCpuAfter === null
          ? null
          : ((brokerCpuAfter - brokerCpu) / wall) * 100;
      result.ceiling = ceilingOf(result);
      figures.push(result);
    }
    return figures;
  } finally {
    await broker.close();
  }
}

/** A process this close to all of one core is the bound (each runs on one thread). */
const SATURATED_PERCENT = 85;

/**
 * What bounds a run: whichever of the ground station, the broker and the
 * generator ran out of its core; else, on a machine busier than its cores,
 * the machine itself (every process of the run waits for a core); else the
 * generator behind its own schedule. The broker's figure spans the whole
 * run (start and settling included), so it reads low.
 */
export function ceilingOf(f: MqttFigures, cores = cpus().length): string {
  const target = f.vehicles * f.rateEach;
  const parts = [
    { name: 'the ground station (Sigil)', cpu: f.cpuPercent },
    { name: 'the broker', cpu: f.brokerCpuPercent ?? 0 },
    { name: 'the generator', cpu: f.generatorCpuPercent },
  ].sort((a, b) => b.cpu - a.cpu);
  const top = parts[0]!;
  const behind =
    f.generatorLagSeconds > 0.5
      ? `; the generator fell ${f.generatorLagSeconds.toFixed(1)} s behind its schedule`
      : '';
  if (top.cpu >= SATURATED_PERCENT)
    return `${top.name}, at ${top.cpu.toFixed(0)}% of a core${behind}`;
  if (f.lost === 0 && f.verifiedPerSecond >= target * 0.97 && behind === '') {
    return `not reached: every frame verified, the busiest (${top.name}) at ${top.cpu.toFixed(0)}% of a core`;
  }
  if (f.loadAverage > cores) {
    return (
      `the shared machine: load average ${f.loadAverage.toFixed(1)} on ${cores} cores, ` +
      `no process of the run got more than ${top.cpu.toFixed(0)}% of a core${behind}`
    );
  }
  return `no process at a full core (busiest: ${top.name}, ${top.cpu.toFixed(0)}%)${behind}`;
}

/** The ground-station side, run in bench/mqtt-host.ts. */
export async function measureMqtt(
  port: number,
  vehicles: number,
  seconds: number,
): Promise<MqttFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sigil-bench-mqtt-'));
  const networks = networksFor(vehicles);
  const perNetwork = Math.ceil(vehicles / networks);
  if (perNetwork > MAX_PER_NETWORK) throw new Error('too many vehicles for the networks');
  const service = await ApiService.start({
    dataDir,
    defaultLink: null,
    // As `sigil serve` runs: the flight log recorded; room for the fleet in each network.
    gcs: {
      record: true,
      maxStreams: perNetwork + 16,
      vehicles: { maxVehicles: perNetwork + 16 },
    },
  });
  const gcs = service.gcs;
  try {
    gcs.setKey(keyFromPassphrase(PASSPHRASE));
    const links = Array.from({ length: networks }, (_, i) =>
      gcs.openLink(`mqtt://127.0.0.1:${port}/${networkName(NETWORK, i, networks)}`, {
        sign: true,
        require: true,
      }),
    );
    await until(() => links.every((link) => link.state.status === 'connected'), 5000, 'the broker');

    // Each verified frame waits for the next snapshot the operator gets:
    // its latency is that snapshot's time less its signing timestamp (set at publish).
    const pending = new Float64Array(Math.ceil(vehicles * RATE_EACH * 2));
    let pendingCount = 0;
    const latencies = new Float64Array(Math.ceil(vehicles * RATE_EACH * seconds * 1.5));
    let measured = 0;
    let measuring = false;
    let verified = 0;
    const route = gcs.router.route.bind(gcs.router);
    gcs.router.route = (l, frame: FrameView, verdict) => {
      if (verdict === 'ok') {
        verified++;
        if (measuring && pendingCount < pending.length) {
          pending[pendingCount++] = readTimestamp(frame.buffer, frame.offset + frame.length - 12);
        }
      }
      return route(l, frame, verdict);
    };
    let snapshots = 0;
    let snapshotBytes = 0;
    const unsubscribe = service.subscribe((event) => {
      if (event.packetType !== 'telemetry.snapshot') return;
      // What the host does with it for every session: JSON.
      const bytes = JSON.stringify(event).length;
      const now = preciseTimestamp();
      if (measuring) {
        snapshots++;
        snapshotBytes += bytes;
      }
      for (let i = 0; i < pendingCount && measured < latencies.length; i++) {
        latencies[measured++] = (now - pending[i]!) / 100;
      }
      pendingCount = 0;
    });

    const generator = startChild<GeneratorSummary>(
      'mqtt-generator.ts',
      [
        '--port',
        String(port),
        '--vehicles',
        String(vehicles),
        '--rate',
        String(RATE_EACH),
        '--seconds',
        String(seconds + WARM_S + 1),
        '--passphrase',
        PASSPHRASE,
        '--network',
        NETWORK,
        '--networks',
        String(networks),
      ],
      'the fleet generator',
    );
    await generator.ready;
    await sleep(WARM_S * 1000);

    let rssPeak = process.memoryUsage.rss();
    const sampler = setInterval(
      () => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())),
      SAMPLE_MS,
    );
    const cpuStart = process.cpuUsage();
    const verifiedStart = verified;
    const started = performance.now();
    measuring = true;
    await sleep(seconds * 1000);
    measuring = false;
    const window = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const verifiedInWindow = verified - verifiedStart;
    clearInterval(sampler);

    const summary = await generator.done;
    await sleep(SETTLE_MS);
    unsubscribe();
    let rejected = 0;
    for (const link of links) {
      const v = link.stats().verdicts;
      rejected +=
        v['bad-signature'] + v.replay + v.stale + v.future + v['too-many-streams'] + v.unsigned;
    }
    const sorted = latencies.subarray(0, measured).sort();
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    return {
      vehicles,
      networks,
      rateEach: RATE_EACH,
      seconds: window,
      verifiedPerSecond: verifiedInWindow / window,
      sent: summary.sent,
      verified,
      lost: summary.sent - verified,
      rejected,
      latencyP50Ms: at(0.5),
      latencyP99Ms: at(0.99),
      latencyMaxMs: sorted.length === 0 ? NaN : sorted[sorted.length - 1]!,
      snapshotsPerSecond: snapshots / window,
      snapshotKb: snapshots === 0 ? 0 : snapshotBytes / snapshots / 1024,
      cpuPercent: ((cpu.user + cpu.system) / 1000 / (window * 1000)) * 100,
      brokerCpuPercent: null,
      generatorCpuPercent: summary.cpuPercent,
      generatorLagSeconds: Math.max(0, summary.seconds - (seconds + WARM_S + 1)),
      rssPeakMb: rssPeak / (1024 * 1024),
      vehiclesSeen: gcs.router.vehicles().length,
      loadAverage: loadavg()[0]!,
      ceiling: '',
    };
  } finally {
    await service.close();
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

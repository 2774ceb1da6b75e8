// A fleet through a broker into one ground station: mosquitto on this
// machine, a generator (bench/mqtt-generator.ts) publishing N simulated
// vehicles × 50 signed frames a second as bridges publish them, and a Gcs
// with signing required reading the network over an mqtt:// link, in a
// process of its own (bench/mqtt-host.ts) so its CPU and memory are its
// own. Run for N = 20 and 200 (one network holds at most 255 systems).
//
// Measured over the timed window: frames verified per second; latency from
// publish to the router (each frame's signing timestamp is its publish
// time); CPU of the ground station, the broker and the generator; the
// ground station's peak RSS. Over the whole run: frames lost (sent, not
// verified). The goal: 200 vehicles (10,000 signed frames/s) with no loss,
// p99 under 50 ms and the ground station under half a core.

import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gcs } from '../main/core/gcs';
import type { FrameView } from '../main/mavlink/frame';
import { keyFromPassphrase } from '../main/signing/key';
import { SIGNING_EPOCH_MS, readTimestamp } from '../main/signing/timestamp';
import { Mosquitto } from '../main/testing/mosquitto';
import { startChild } from './child';

export interface MqttFigures {
  vehicles: number;
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
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Percent of one core over the timed window. */
  cpuPercent: number;
  brokerCpuPercent: number | null;
  generatorCpuPercent: number;
  rssPeakMb: number;
  vehiclesSeen: number;
  /** The machine's 1-minute load average at the end: other work shares its cores. */
  loadAverage: number;
}

interface GeneratorSummary {
  sent: number;
  seconds: number;
  cpuPercent: number;
}

export const FLEETS = [20, 200] as const;
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
export async function benchMqtt(options: { seconds?: number } = {}): Promise<MqttFigures[]> {
  const broker = await Mosquitto.start();
  try {
    const figures: MqttFigures[] = [];
    for (const vehicles of FLEETS) {
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
      figures.push(result);
    }
    return figures;
  } finally {
    await broker.close();
  }
}

/** The ground-station side, run in bench/mqtt-host.ts. */
export async function measureMqtt(
  port: number,
  vehicles: number,
  seconds: number,
): Promise<MqttFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sigil-bench-mqtt-'));
  const gcs = await Gcs.start({
    dataDir,
    record: true,
    // A fleet needs room for its vehicles and their signing streams.
    maxStreams: vehicles + 16,
    vehicles: { maxVehicles: vehicles + 16 },
  });
  try {
    gcs.setKey(keyFromPassphrase(PASSPHRASE));
    const link = gcs.openLink(`mqtt://127.0.0.1:${port}/${NETWORK}`, {
      sign: true,
      require: true,
    });
    await until(() => link.state.status === 'connected', 5000, 'the broker');

    // Every verified frame's latency, read from its signing timestamp (set at publish).
    const latencies = new Float64Array(Math.ceil(vehicles * RATE_EACH * seconds * 1.5));
    let measured = 0;
    let measuring = false;
    let verified = 0;
    const route = gcs.router.route.bind(gcs.router);
    gcs.router.route = (l, frame: FrameView, verdict) => {
      if (verdict === 'ok') {
        verified++;
        if (measuring && measured < latencies.length) {
          const at = frame.offset + frame.length - 12;
          latencies[measured++] = (preciseTimestamp() - readTimestamp(frame.buffer, at)) / 100;
        }
      }
      return route(l, frame, verdict);
    };

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
    const v = link.stats().verdicts;
    const sorted = latencies.subarray(0, measured).sort();
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    return {
      vehicles,
      rateEach: RATE_EACH,
      seconds: window,
      verifiedPerSecond: verifiedInWindow / window,
      sent: summary.sent,
      verified,
      lost: summary.sent - verified,
      rejected:
        v['bad-signature'] + v.replay + v.stale + v.future + v['too-many-streams'] + v.unsigned,
      latencyP50Ms: at(0.5),
      latencyP99Ms: at(0.99),
      latencyMaxMs: sorted.length === 0 ? NaN : sorted[sorted.length - 1]!,
      cpuPercent: ((cpu.user + cpu.system) / 1000 / (window * 1000)) * 100,
      brokerCpuPercent: null,
      generatorCpuPercent: summary.cpuPercent,
      rssPeakMb: rssPeak / (1024 * 1024),
      vehiclesSeen: gcs.router.vehicles().length,
      loadAverage: loadavg()[0]!,
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

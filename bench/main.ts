// `npm run bench [-- NAME...] [--seconds N] [--log-mb N] [--json]`: each
// benchmark measures Sigil and a peer in the same run and reports the
// ratio, or measures a load it must carry without failing. Names pick
// benchmarks (all of them by default); `--seconds` shortens or lengthens
// the timed runs; `--log-mb` sizes decode-log's synthetic tlog (default
// 256; 1024 for the full gigabyte); `--json` adds one JSON object as the
// last line. A benchmark whose load was not carried prints why and the run
// exits with 1.
//
// Peers that are not npm packages come from the environment:
// SIGIL_BENCH_MAVLINK_C names a generated MAVLink C library (ardupilotmega
// dialect; CC and SIGIL_BENCH_CFLAGS choose the compiler and flags, -O2 by
// default) for codec and verify; SIGIL_BENCH_MAVLOGDUMP names pymavlink's
// mavlogdump.py for decode-log. Without them those comparisons say so and
// the rest runs.

import { benchCodec } from './codec';
import { benchFlood } from './flood';
import { DEFAULT_LOG_MB, benchDecodeLog } from './decode-log';
import { rateText, ratioText, type PeerFigures } from './rounds';
import { benchLoad } from './load';
import { benchMission, type MissionFigures } from './mission';
import { benchMqtt } from './mqtt';
import { benchSessions } from './sessions';
import { benchStartup, type StartupFigure } from './startup';
import { benchVerify } from './verify';

interface Options {
  /** Length of the timed runs; each has its own default. */
  seconds: number | undefined;
  /** Size of decode-log's synthetic tlog. */
  logMb: number;
}

interface Outcome {
  /** What goes into the JSON object under the benchmark's name. */
  figures: unknown;
  /** Why the run failed; none when it passed. */
  failures?: string[];
}

/** What a flood of spoofed vehicles may cost the ground station in memory at most. */
const FLOOD_RSS_LIMIT_MB = 160;
/** The C figures of a codec or verify run, or why there are none. */
function cText(f: PeerFigures): string {
  if (f.c === undefined || f.ratioC === undefined || f.ratioCWall === undefined) {
    return `C not measured (${f.cNote})`;
  }
  return (
    `C ${rateText(f.c)} [${f.cNote}], sigil/C ${ratioText(f.ratioC)} ` +
    `(wall clock ${ratioText(f.ratioCWall)})`
  );
}

const rate = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')}/s`;
const mb = (n: number) => `${n.toFixed(1)} MB`;
const seconds = (options: Options) =>
  options.seconds === undefined ? {} : { seconds: options.seconds };

// In the order they run. The load run goes first, so its memory figures are
// its own and not the other benchmarks' leftovers.
const BENCHMARKS: Record<string, (options: Options) => Promise<Outcome>> = {
  async load(options) {
    const load = await benchLoad(seconds(options));
    const length = options.seconds ?? 30;
    // benchLoad takes its first RSS sample at 10 s, or a third of the way into a shorter run.
    const rssAt = length >= 30 ? 10 : length / 3;
    console.log(
      `load     10,000 signed frames/s over UDP for ${length} s: sent ${load.sent}, received ${load.received}, ` +
        `ok ${load.ok}, lost ${load.lost}; loop delay p50 ${load.loopDelayP50Ms.toFixed(2)} ms, ` +
        `p99 ${load.loopDelayP99Ms.toFixed(2)} ms; CPU ${load.cpuPercent.toFixed(1)}% of a core; ` +
        `RSS ${mb(load.rssStartMb)} at ${rssAt.toFixed(0)} s, ${mb(load.rssEndMb)} at the end, peak ${mb(load.peakRssMb)}`,
    );
    return { figures: load };
  },

  async flood() {
    const flood = await benchFlood();
    const n = (x: number) => Math.round(x).toLocaleString('en-US');
    console.log(
      `flood    ${n(flood.sent)} spoofed heartbeats over UDP in ${flood.sendSeconds.toFixed(1)} s: ` +
        `received ${n(flood.received)}; vehicles tracked at most ${flood.vehiclesPeak}, refused ` +
        `${n(flood.vehiclesRefused)}; sent back ${n(flood.framesBack)} frames (${n(flood.bytesBack)} bytes), ` +
        `${n(flood.framesBackToAttacker)} of them to the flood; real vehicle ${flood.realRateBefore.toFixed(0)} ` +
        `frames/s before, ${flood.realRateDuring.toFixed(0)}/s during (sent at ${flood.realRateSent}/s); ` +
        `RSS ${mb(flood.rssBeforeMb)} before, peak ${mb(flood.rssPeakMb)}, ${mb(flood.rssAfterMb)} after`,
    );
    const failures =
      flood.rssPeakMb < FLOOD_RSS_LIMIT_MB
        ? []
        : [`peak RSS ${mb(flood.rssPeakMb)} is not under ${FLOOD_RSS_LIMIT_MB} MB`];
    return { figures: flood, failures };
  },

  async mqtt(options) {
    const runs = await benchMqtt(seconds(options));
    const failures: string[] = [];
    for (const r of runs) {
      const n = (x: number) => Math.round(x).toLocaleString('en-US');
      console.log(
        `mqtt     ${r.vehicles} vehicles × ${r.rateEach} signed frames/s through mosquitto into one GCS ` +
          `(signing required) for ${r.seconds.toFixed(0)} s: verified ${rate(r.verifiedPerSecond)}; ` +
          `sent ${n(r.sent)}, lost ${n(r.lost)}, rejected ${n(r.rejected)}; ` +
          `latency p50 ${r.latencyP50Ms.toFixed(1)} ms, p99 ${r.latencyP99Ms.toFixed(1)} ms, ` +
          `max ${r.latencyMaxMs.toFixed(1)} ms; CPU GCS ${r.cpuPercent.toFixed(0)}%, ` +
          `broker ${r.brokerCpuPercent === null ? '?' : r.brokerCpuPercent.toFixed(0)}%, ` +
          `generator ${r.generatorCpuPercent.toFixed(0)}% of a core; GCS RSS peak ${mb(r.rssPeakMb)}; ` +
          `load average ${r.loadAverage.toFixed(1)}`,
      );
      if (r.vehiclesSeen !== r.vehicles) {
        failures.push(`${r.vehiclesSeen} of ${r.vehicles} vehicles seen`);
      }
      if (r.rejected > 0) failures.push(`${r.rejected} honest frames rejected`);
    }
    return { figures: runs, failures };
  },

  async codec() {
    const codec = await benchCodec();
    console.log(
      `codec    parse+CRC+decode, ${codec.frames.toLocaleString('en-US')} frames of vtol.tlog, ` +
        `${codec.rounds} rounds in turn, per CPU second, median (range): ` +
        `sigil ${rateText(codec.sigil)}, ${cText(codec)}, ` +
        `node-mavlink ${rateText(codec.nodeMavlink)}; ` +
        `sigil/node-mavlink ${ratioText(codec.ratioNodeMavlink, 1)}`,
    );
    return { figures: codec };
  },

  async verify() {
    const verify = await benchVerify();
    console.log(
      `verify   signed frames one by one (signature + stream check): sigil ${rate(verify.sigil)}, ` +
        `raw SHA-256 node:crypto ${rate(verify.rawNode)}, @noble/hashes ${rate(verify.rawNoble)}, ` +
        `ratio to the faster raw hash ${verify.ratio.toFixed(2)}`,
    );
    const s = verify.stream;
    console.log(
      `verify   parse+signature+stream check, ${s.frames.toLocaleString('en-US')} signed frames ` +
        `back to back, ${s.rounds} rounds in turn, per CPU second, median (range): ` +
        `sigil ${rateText(s.sigil)}, ${cText(s)}, ` +
        `node-mavlink (signature only) ${rateText(s.nodeMavlink)}; ` +
        `sigil/node-mavlink ${ratioText(s.ratioNodeMavlink, 1)}`,
    );
    return { figures: verify };
  },

  async 'decode-log'(options) {
    const figures = benchDecodeLog(options.logMb);
    const l = figures.large;
    console.log(
      `decode-log sigil decode of a ${Math.round(l.megabytes)} MB synthetic tlog ` +
        `(${l.frames.toLocaleString('en-US')} frames) to /dev/null: ` +
        `${l.wallSeconds.toFixed(1)} s wall, ${l.cpuSeconds.toFixed(1)} s CPU ` +
        `(${rate(l.frames / l.cpuSeconds).replace('/s', ' frames/s')}), peak RSS ${mb(l.peakRssMb)}`,
    );
    const m = figures.mavlogdump;
    console.log(
      m === undefined
        ? `decode-log against mavlogdump.py: not measured, ${figures.mavlogdumpNote}`
        : `decode-log vtol.tlog, ${m.rounds} rounds in turn: sigil decode ` +
            `${m.sigilWall.median.toFixed(2)} s, mavlogdump.py --format json ` +
            `${m.mavlogdumpWall.median.toFixed(2)} s (median wall); sigil/mavlogdump time ` +
            `wall ${ratioText(m.ratioWall)}, CPU ${ratioText(m.ratioCpu)}`,
    );
    return { figures };
  },

  async sessions(options) {
    const s = await benchSessions(seconds(options));
    console.log(
      `sessions ${s.sessions} remote sessions on the headless host for ${s.seconds.toFixed(1)} s: ` +
        `the core made ${s.madePerSecond.toFixed(1)} snapshots/s, each session got ` +
        `${s.perSessionMin.toFixed(1)}-${s.perSessionMax.toFixed(1)}/s (at most ${s.mostMissed} missed), ` +
        `longest gap ${Math.round(s.longestGapMs)} ms; ${s.answered} of ${s.requests} requests answered, ` +
        `p99 ${Math.round(s.requestP99Ms)} ms; ${s.errors} errors, ${s.closes} sockets closed`,
    );
    return { figures: s, failures: s.failures };
  },

  async mission() {
    const m = await benchMission();
    const each = (f: MissionFigures['signed']) =>
      `upload ${rate(f.upload)} (${f.uploadCpuUs.toFixed(0)} µs CPU/item), ` +
      `download ${rate(f.download)} (${f.downloadCpuUs.toFixed(0)} µs CPU/item)`;
    console.log(
      `mission  ${m.items}-item mission over loopback UDP to the simulated vehicle, items/s (best of ${m.rounds}): ` +
        `signing on ${each(m.signed)}; signing off ${each(m.unsigned)}`,
    );
    return { figures: m };
  },

  async startup() {
    const startup = benchStartup();
    const ms = (n: number) => `${Math.round(n)} ms`;
    const ratio = (n: number) => `${n.toFixed(1)}x`;
    const times = (t: StartupFigure) =>
      `min ${ms(t.minMs)} (${ratio(t.minRatio)}), median ${ms(t.medianMs)} (${ratio(t.medianRatio)})`;
    console.log(
      `startup  wall clock, ${startup.rounds} rounds in turn: node -e 0 min ${ms(startup.node.minMs)}, ` +
        `median ${ms(startup.node.medianMs)}; sigil --help ${times(startup.help)}; ` +
        `sigil key generate ${times(startup.keyGenerate)} (ratios to node -e 0)`,
    );
    return { figures: startup };
  },
};

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const secondsAt = argv.indexOf('--seconds');
  const logMbAt = argv.indexOf('--log-mb');
  const options: Options = {
    seconds: secondsAt < 0 ? undefined : Number(argv[secondsAt + 1]),
    logMb: logMbAt < 0 ? DEFAULT_LOG_MB : Number(argv[logMbAt + 1]),
  };
  if (options.seconds !== undefined && !(options.seconds > 0)) {
    console.error(`--seconds takes a number of seconds above 0, not ${argv[secondsAt + 1]}`);
    return 2;
  }
  if (!(options.logMb >= 1)) {
    console.error(`--log-mb takes a size in MB of at least 1, not ${argv[logMbAt + 1]}`);
    return 2;
  }
  const names = argv.filter(
    (arg, i) =>
      !arg.startsWith('--') &&
      (secondsAt < 0 || i !== secondsAt + 1) &&
      (logMbAt < 0 || i !== logMbAt + 1),
  );
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(
      `no benchmark named ${unknown.join(', ')}; there are ${Object.keys(BENCHMARKS).join(', ')}`,
    );
    return 2;
  }

  const result: Record<string, unknown> = {};
  let failed = false;
  for (const [name, run] of Object.entries(BENCHMARKS)) {
    if (names.length > 0 && !names.includes(name)) continue;
    const outcome = await run(options);
    result[name] = outcome.figures;
    for (const failure of outcome.failures ?? []) {
      console.error(`FAILED   ${name}: ${failure}`);
      failed = true;
    }
  }
  if (json) console.log(JSON.stringify(result));
  return failed ? 1 : 0;
}

// `npm run bench [-- NAME ...] [--json]`: each benchmark measures Sigil and
// a peer in the same run and reports the ratio. Names (load, codec, verify,
// startup) pick some; `--json` adds one JSON object as the last line.

import { benchCodec } from './codec';
import { benchLoad } from './load';
import { benchStartup, type StartupFigure } from './startup';
import { benchVerify } from './verify';

const NAMES = ['load', 'codec', 'verify', 'startup'];

function rate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const named = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = named.filter((name) => !NAMES.includes(name));
  if (unknown.length > 0) {
    console.error(`bench: no benchmark ${unknown.join(', ')} (there are ${NAMES.join(', ')})`);
    return 2;
  }
  const wanted = (name: string) => named.length === 0 || named.includes(name);
  const result: Record<string, unknown> = {};

  // The load run goes first, so its memory figures are its own and not the
  // other benchmarks' leftovers.
  if (wanted('load')) await reportLoad(result);
  if (wanted('codec')) await reportCodec(result);
  if (wanted('verify')) await reportVerify(result);
  if (wanted('startup')) reportStartup(result);

  if (json) console.log(JSON.stringify(result));
  return 0;
}

async function reportLoad(result: Record<string, unknown>): Promise<void> {
  const load = await benchLoad();
  const mb = (n: number) => `${n.toFixed(1)} MB`;
  console.log(
    `load    10,000 signed frames/s over UDP for 30 s: sent ${load.sent}, received ${load.received}, ` +
      `ok ${load.ok}, lost ${load.lost}; loop delay p50 ${load.loopDelayP50Ms.toFixed(2)} ms, ` +
      `p99 ${load.loopDelayP99Ms.toFixed(2)} ms; CPU ${load.cpuPercent.toFixed(1)}% of a core; ` +
      `RSS ${mb(load.rssStartMb)} at 10 s, ${mb(load.rssEndMb)} at the end, peak ${mb(load.peakRssMb)}`,
  );
  result.load = load;
}

async function reportCodec(result: Record<string, unknown>): Promise<void> {
  const codec = await benchCodec();
  console.log(
    `codec   parse+CRC+decode, ${codec.frames.toLocaleString('en-US')} frames of vtol.tlog: ` +
      `sigil ${rate(codec.sigil)}, node-mavlink ${rate(codec.nodeMavlink)}, ` +
      `ratio ${codec.ratio.toFixed(1)}x`,
  );
  result.codec = { sigil: codec.sigil, nodeMavlink: codec.nodeMavlink, ratio: codec.ratio };
}

async function reportVerify(result: Record<string, unknown>): Promise<void> {
  const verify = await benchVerify();
  console.log(
    `verify  signed frames (signature + stream check): sigil ${rate(verify.sigil)}, ` +
      `raw SHA-256 node:crypto ${rate(verify.rawNode)}, @noble/hashes ${rate(verify.rawNoble)}, ` +
      `ratio to the faster raw hash ${verify.ratio.toFixed(2)}`,
  );
  result.verify = verify;
}

function reportStartup(result: Record<string, unknown>): void {
  const startup = benchStartup();
  const ms = (n: number) => `${Math.round(n)} ms`;
  const ratio = (n: number) => `${n.toFixed(1)}x`;
  const times = (t: StartupFigure) =>
    `min ${ms(t.minMs)} (${ratio(t.minRatio)}), median ${ms(t.medianMs)} (${ratio(t.medianRatio)})`;
  console.log(
    `startup wall clock, ${startup.rounds} rounds in turn: node -e 0 min ${ms(startup.node.minMs)}, ` +
      `median ${ms(startup.node.medianMs)}; sigil --help ${times(startup.help)}; ` +
      `sigil key generate ${times(startup.keyGenerate)} (ratios to node -e 0)`,
  );
  result.startup = startup;
}

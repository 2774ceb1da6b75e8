// `npm run bench`: each benchmark measures Sigil and a peer in the same run
// and reports the ratio. `--json` adds one JSON object as the last line.

import { benchCodec } from './codec';
import { benchFlood } from './flood';
import { benchLoad } from './load';
import { benchVerify } from './verify';

function rate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const result: Record<string, unknown> = {};

  // The load run goes first, so its memory figures are its own and not the
  // other benchmarks' leftovers.
  const load = await benchLoad();
  const mb = (n: number) => `${n.toFixed(1)} MB`;
  console.log(
    `load    10,000 signed frames/s over UDP for 30 s: sent ${load.sent}, received ${load.received}, ` +
      `ok ${load.ok}, lost ${load.lost}; loop delay p50 ${load.loopDelayP50Ms.toFixed(2)} ms, ` +
      `p99 ${load.loopDelayP99Ms.toFixed(2)} ms; CPU ${load.cpuPercent.toFixed(1)}% of a core; ` +
      `RSS ${mb(load.rssStartMb)} at 10 s, ${mb(load.rssEndMb)} at the end, peak ${mb(load.peakRssMb)}`,
  );
  result.load = load;

  const flood = await benchFlood();
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `flood   ${n(flood.sent)} spoofed heartbeats over UDP in ${flood.sendSeconds.toFixed(1)} s: ` +
      `received ${n(flood.received)}; vehicles tracked at most ${flood.vehiclesPeak}, refused ` +
      `${n(flood.vehiclesRefused)}; sent back ${n(flood.framesBack)} frames (${n(flood.bytesBack)} bytes), ` +
      `${n(flood.framesBackToAttacker)} of them to the flood; real vehicle ${flood.realRateBefore.toFixed(0)} ` +
      `frames/s before, ${flood.realRateDuring.toFixed(0)}/s during (sent at ${flood.realRateSent}/s); ` +
      `RSS ${mb(flood.rssBeforeMb)} before, peak ${mb(flood.rssPeakMb)}, ${mb(flood.rssAfterMb)} after`,
  );
  result.flood = flood;

  const codec = await benchCodec();
  console.log(
    `codec   parse+CRC+decode, ${codec.frames.toLocaleString('en-US')} frames of vtol.tlog: ` +
      `sigil ${rate(codec.sigil)}, node-mavlink ${rate(codec.nodeMavlink)}, ` +
      `ratio ${codec.ratio.toFixed(1)}x`,
  );
  result.codec = { sigil: codec.sigil, nodeMavlink: codec.nodeMavlink, ratio: codec.ratio };

  const verify = await benchVerify();
  console.log(
    `verify  signed frames (signature + stream check): sigil ${rate(verify.sigil)}, ` +
      `raw SHA-256 node:crypto ${rate(verify.rawNode)}, @noble/hashes ${rate(verify.rawNoble)}, ` +
      `ratio to the faster raw hash ${verify.ratio.toFixed(2)}`,
  );
  result.verify = verify;

  if (json) console.log(JSON.stringify(result));
  return 0;
}

// Signature verification against SHA-256 itself: frames of a real flight
// (vtol.tlog, re-framed as signed MAVLink 2) through Sigil's verifier
// (signature + stream check, all fresh so all `ok`), and bare SHA-256 of
// the same byte lengths with node:crypto and with @noble/hashes, measured
// in the same run. The target is a ratio of at least 0.5.

import { hash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { createCodec } from '../main/mavlink/ardupilotmega';
import type { FrameView } from '../main/mavlink/frame';
import { SigningClock } from '../main/signing/clock';
import { ReferenceTime } from '../main/signing/reference';
import { FrameMac } from '../main/signing/frame-mac';
import { keyFromPassphrase } from '../main/signing/key';
import { LinkVerifier } from '../main/signing/link-verifier';
import { signFrame } from '../main/signing/sign';
import { rejectUnsigned } from '../main/signing/unsigned-policy';
import { SignatureVerifier } from '../main/signing/verifier';
import {
  VTOL_TLOG,
  asSignableV2,
  parsedView,
  readSampleFrames,
} from '../main/signing/testing/sample-frames';

export interface VerifyFigures {
  /** Signed frames verified per second. */
  sigil: number;
  /** SHA-256 calls per second over the same inputs, node:crypto one-shot `hash()`. */
  rawNode: number;
  /** The same with @noble/hashes `sha256()`. */
  rawNoble: number;
  /** sigil / max(rawNode, rawNoble). */
  ratio: number;
}

/** Measured time per contender, spread over rounds so a busy machine slows all alike. */
const RUN_MS = 1_500;
const ROUNDS = 5;
const WARM_MS = 300;
const START = 40_000_000_000_000;

interface Tally {
  items: number;
  ms: number;
}

/** Calls `pass` (which handles `perPass` items) until `ms` have passed, adding to `tally`. */
function measure(ms: number, perPass: number, pass: () => void, tally: Tally): void {
  const start = performance.now();
  let elapsed: number;
  do {
    pass();
    tally.items += perPass;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  tally.ms += elapsed;
}

function perSecond(tally: Tally): number {
  return (tally.items * 1000) / tally.ms;
}

export async function benchVerify(): Promise<VerifyFigures> {
  const codec = createCodec();
  const key = keyFromPassphrase('sigil bench');
  const mac = new FrameMac(key);
  const frames = readSampleFrames(codec, VTOL_TLOG, 'tlog').flatMap((sample, i) => {
    const bytes = asSignableV2(codec, sample);
    if (bytes === undefined) return [];
    signFrame(mac, bytes, 0, bytes.length, 0, START + i);
    return [bytes];
  });
  const views: FrameView[] = frames.map((bytes) => parsedView(codec, bytes));
  // What the signature hashes: key || frame without its last 6 bytes.
  const keyBytes = key.exportBytes();
  const inputs = frames.map((bytes) => Buffer.concat([keyBytes, bytes.subarray(0, -6)]));

  // A fresh verifier per pass: every stream is new and every timestamp fresh.
  const sigilPass = (): void => {
    const clock = new SigningClock({ wallClock: () => START });
    const reference = new ReferenceTime(() => START);
    const link = new LinkVerifier(
      new SignatureVerifier({ key, reference, clock }),
      rejectUnsigned(),
    );
    for (const view of views) link.verify(view);
    if (link.counts.ok !== views.length) throw new Error('a benchmark frame was not accepted');
  };
  let sink = 0;
  const nodePass = (): void => {
    for (const input of inputs) sink ^= hash('sha256', input, 'buffer')[0]!;
  };
  const noblePass = (): void => {
    for (const input of inputs) sink ^= sha256(input)[0]!;
  };

  const passes = [sigilPass, nodePass, noblePass];
  const tallies = passes.map(() => ({ items: 0, ms: 0 }));
  for (const pass of passes) measure(WARM_MS, views.length, pass, { items: 0, ms: 0 });
  for (let round = 0; round < ROUNDS; round++) {
    passes.forEach((pass, i) => measure(RUN_MS / ROUNDS, views.length, pass, tallies[i]!));
  }
  const [sigil, rawNode, rawNoble] = tallies.map(perSecond) as [number, number, number];
  if (sink === -1) console.log(sink); // keeps the hashing from being optimised away
  return { sigil, rawNode, rawNoble, ratio: sigil / Math.max(rawNode, rawNoble) };
}

// Signature verification, two ways.
//
// Per frame, against SHA-256 itself: frames of a real flight (vtol.tlog,
// re-framed as signed MAVLink 2), each in its own buffer, through Sigil's
// verifier (signature + stream check, all fresh so all `ok`), and bare
// SHA-256 of the same byte lengths with node:crypto and @noble/hashes,
// measured in the same run. The target is a ratio of at least 0.5.
//
// As a stream, against the reference C library: the same frames signed
// with rising timestamps, a million back to back, parsed and verified
// with a fresh stream table each round, by Sigil (parser + verifier, 64 KiB
// chunks, so frames after the first of a chunk are hashed four at a time),
// by C (mavlink_parse_char with signing on, when SIGIL_BENCH_MAVLINK_C
// names a library) and by node-mavlink (splitter + parser + its signature
// check, no replay table; on a tenth of the bytes), in rounds taken in
// turn. Rates are frames per second of CPU time.

import { hash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { sha256 } from '@noble/hashes/sha2.js';
import type { MavLinkPacketSignature } from 'node-mavlink';
import { MavLinkPacketParser, MavLinkPacketSplitter, type MavLinkPacket } from 'node-mavlink';
import { createCodec } from '../main/mavlink/ardupilotmega';
import type { FrameView } from '../main/mavlink/frame';
import { FrameParser } from '../main/mavlink/parser';
import { SigningClock } from '../main/signing/clock';
import { ReferenceTime } from '../main/signing/reference';
import { FrameMac } from '../main/signing/frame-mac';
import { keyFromPassphrase, type SigningKey } from '../main/signing/key';
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
import { buildCDriver } from './c-library';
import { chunksOf } from './fixtures';
import { peerFigures, timePass, timePassAsync, type PassRate, type PeerFigures } from './rounds';
import { benchTempDir } from './temp';

export interface VerifyFigures {
  /** Signed frames verified per second. */
  sigil: number;
  /** SHA-256 calls per second over the same inputs, node:crypto one-shot `hash()`. */
  rawNode: number;
  /** The same with @noble/hashes `sha256()`. */
  rawNoble: number;
  /** sigil / max(rawNode, rawNoble). */
  ratio: number;
  stream: PeerFigures;
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
  const stream = await benchVerifyStream(frames, key);
  return { sigil, rawNode, rawNoble, ratio: sigil / Math.max(rawNode, rawNoble), stream };
}

const STREAM_FRAMES = 1_000_000;
const STREAM_ROUNDS = 5;

async function benchVerifyStream(samples: Uint8Array[], key: SigningKey): Promise<PeerFigures> {
  const mac = new FrameMac(key);
  const parts = Array.from({ length: STREAM_FRAMES }, (_, i) => {
    const frame = Uint8Array.from(samples[i % samples.length]!);
    signFrame(mac, frame, 0, frame.length, 0, START + i);
    return frame;
  });
  const bytes = Buffer.concat(parts);
  const tenth = bytes.subarray(0, Math.floor(bytes.length / 10));
  const codec = createCodec();
  const keyBytes = Buffer.from(key.exportBytes());

  const sigilPass = (): number => {
    const link = new LinkVerifier(
      new SignatureVerifier({ key, reference: new ReferenceTime(() => START) }),
      rejectUnsigned(),
    );
    const parser = new FrameParser(codec, (frame) => link.verify(frame));
    for (const chunk of chunksOf(bytes, 64 * 1024)) parser.push(chunk);
    parser.end();
    return link.counts.ok;
  };
  const nodeMavlinkPass = async (): Promise<number> => {
    let ok = 0;
    await new Promise<void>((resolve, reject) => {
      const stream = Readable.from(chunksOf(tenth, 64 * 1024))
        .pipe(new MavLinkPacketSplitter())
        .pipe(new MavLinkPacketParser());
      stream.on('data', (packet: MavLinkPacket) => {
        const signature = packet.signature as MavLinkPacketSignature | null;
        if (signature?.matches(keyBytes)) ok++;
      });
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    return ok;
  };

  const driver = buildCDriver(codec.messages);
  const temp = benchTempDir();
  try {
    const file = temp.file('signed.bin');
    writeFileSync(file, bytes);
    sigilPass();
    const ours: PassRate[] = [];
    const theirs: PassRate[] = [];
    const cs: PassRate[] = [];
    for (let round = 0; round < STREAM_ROUNDS; round++) {
      ours.push(
        timePass(() => {
          const ok = sigilPass();
          if (ok !== STREAM_FRAMES) throw new Error(`Sigil accepted ${ok} of ${STREAM_FRAMES}`);
          return ok;
        }),
      );
      if (typeof driver !== 'string') {
        const run = driver.verify(file, key.exportBytes(), START);
        if (run.frames !== STREAM_FRAMES) {
          throw new Error(`C accepted ${run.frames} of ${STREAM_FRAMES}`);
        }
        cs.push({ wall: run.frames / run.seconds, cpu: run.frames / run.cpuSeconds });
      }
      theirs.push(await timePassAsync(nodeMavlinkPass));
    }
    const cNote = typeof driver === 'string' ? driver : driver.description;
    return peerFigures(STREAM_FRAMES, ours, theirs, cs, cNote);
  } finally {
    if (typeof driver !== 'string') driver.dispose();
    temp.remove();
  }
}

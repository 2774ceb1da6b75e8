// Framing + CRC + full decode of a real tlog's frames (vtol.tlog, back to
// back, repeated to a million frames): Sigil's parser and codec, the
// reference C library (mavlink_parse_char byte by byte, then the message's
// generated decode into its struct) when SIGIL_BENCH_MAVLINK_C names one,
// and node-mavlink's splitter + parser + decode, in rounds taken in turn.
// Sigil and C run on all the bytes each round, node-mavlink (some fifty
// times slower) on the first fifth. Rates are frames per second of CPU
// time (what a busy shared machine disturbs least), wall-clock ratios too.

import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import {
  MavLinkPacketParser,
  MavLinkPacketSplitter,
  minimal,
  common,
  ardupilotmega,
  uavionix,
  icarous,
  type MavLinkPacket,
} from 'node-mavlink';
import { createCodec } from '../main/mavlink/ardupilotmega';
import { FrameParser } from '../main/mavlink/parser';
import { buildCDriver } from './c-library';
import { chunksOf, rawFramesOf, repeated, vtolTlogPath } from './fixtures';
import { peerFigures, timePass, timePassAsync, type PassRate, type PeerFigures } from './rounds';
import { benchTempDir } from './temp';

const CHUNK = 64 * 1024;
const ROUNDS = 5;

function sigilPass(bytes: Buffer): number {
  const codec = createCodec();
  let decoded = 0;
  let sink = 0;
  const parser = new FrameParser(codec, (frame) => {
    const fields = codec.decode(frame);
    if (fields !== undefined) {
      decoded++;
      sink ^= frame.msgid;
    }
  });
  for (const chunk of chunksOf(bytes, CHUNK)) parser.push(chunk);
  parser.end();
  if (sink === -1) console.log(sink);
  return decoded;
}

const REGISTRY: Record<number, unknown> = {
  ...minimal.REGISTRY,
  ...common.REGISTRY,
  ...ardupilotmega.REGISTRY,
  ...uavionix.REGISTRY,
  ...icarous.REGISTRY,
};

async function nodeMavlinkPass(bytes: Buffer): Promise<number> {
  let decoded = 0;
  await new Promise<void>((resolve, reject) => {
    const stream = Readable.from(chunksOf(bytes, CHUNK))
      .pipe(new MavLinkPacketSplitter())
      .pipe(new MavLinkPacketParser());
    stream.on('data', (packet: MavLinkPacket) => {
      const clazz = REGISTRY[packet.header.msgid];
      if (clazz !== undefined) {
        packet.protocol.data(packet.payload, clazz as never);
        decoded++;
      }
    });
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  return decoded;
}

export async function benchCodec(minFrames = 1_000_000): Promise<PeerFigures> {
  const capture = repeated(rawFramesOf(vtolTlogPath()), minFrames);
  const bytes = capture.bytes;
  const fifth = bytes.subarray(0, Math.floor(bytes.length / 5));
  const codec = createCodec();
  const driver = buildCDriver(codec.messages);
  const temp = benchTempDir();
  try {
    const file = temp.file('frames.bin');
    writeFileSync(file, bytes);
    // Warm both JavaScript contenders up so the JIT has compiled the hot paths.
    sigilPass(bytes);
    await nodeMavlinkPass(bytes.subarray(0, 1024 * 1024));

    const ours: PassRate[] = [];
    const theirs: PassRate[] = [];
    const cs: PassRate[] = [];
    let frames = 0;
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(timePass(() => (frames = sigilPass(bytes))));
      if (typeof driver !== 'string') {
        const run = driver.decode(file);
        if (run.frames !== frames) {
          throw new Error(`C decoded ${run.frames} frames, Sigil ${frames}`);
        }
        cs.push({ wall: run.frames / run.seconds, cpu: run.frames / run.cpuSeconds });
      }
      theirs.push(await timePassAsync(() => nodeMavlinkPass(fifth)));
    }
    const cNote = typeof driver === 'string' ? driver : driver.description;
    return peerFigures(frames, ours, theirs, cs, cNote);
  } finally {
    if (typeof driver !== 'string') driver.dispose();
    temp.remove();
  }
}

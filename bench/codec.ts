// Framing + CRC + full decode of a real tlog: Sigil against node-mavlink's
// splitter + parser + decode, same bytes, same chunking, same run.

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
import { chunksOf, rawFramesOf, repeated, vtolTlogPath } from './fixtures';

const CHUNK = 64 * 1024;

export interface CodecFigures {
  sigil: number;
  nodeMavlink: number;
  ratio: number;
  frames: number;
}

function sigilRun(bytes: Buffer): { frames: number; seconds: number } {
  const codec = createCodec();
  let decoded = 0;
  const parser = new FrameParser(codec, (frame) => {
    if (codec.decode(frame) !== undefined) decoded++;
  });
  const start = process.hrtime.bigint();
  for (const chunk of chunksOf(bytes, CHUNK)) parser.push(chunk);
  parser.end();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { frames: decoded, seconds };
}

async function nodeMavlinkRun(bytes: Buffer): Promise<{ frames: number; seconds: number }> {
  const registry: Record<number, unknown> = {
    ...minimal.REGISTRY,
    ...common.REGISTRY,
    ...ardupilotmega.REGISTRY,
    ...uavionix.REGISTRY,
    ...icarous.REGISTRY,
  };
  let decoded = 0;
  const start = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const stream = Readable.from(chunksOf(bytes, CHUNK))
      .pipe(new MavLinkPacketSplitter())
      .pipe(new MavLinkPacketParser());
    stream.on('data', (packet: MavLinkPacket) => {
      const clazz = registry[packet.header.msgid];
      if (clazz !== undefined) {
        packet.protocol.data(packet.payload, clazz as never);
        decoded++;
      }
    });
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { frames: decoded, seconds };
}

export async function benchCodec(minFrames = 1_000_000): Promise<CodecFigures> {
  const capture = repeated(rawFramesOf(vtolTlogPath()), minFrames);
  // Warm both up on a slice so the JIT has compiled the hot paths.
  const warm = capture.bytes.subarray(0, Math.min(capture.bytes.length, 4 * 1024 * 1024));
  sigilRun(warm);
  await nodeMavlinkRun(warm);
  const ours = sigilRun(capture.bytes);
  const theirs = await nodeMavlinkRun(capture.bytes);
  const sigil = ours.frames / ours.seconds;
  const nodeMavlink = theirs.frames / theirs.seconds;
  return { sigil, nodeMavlink, ratio: sigil / nodeMavlink, frames: ours.frames };
}

// Real telemetry frames for tests and the benchmark: the node-mavlink example
// captures (a raw MAVLink 2 capture and a MAVLink 1 tlog), parsed with our
// own parser and copied out.

import { readFileSync } from 'node:fs';
import type { Codec } from '../../mavlink/codec';
import {
  FrameView,
  HEADER_V1,
  HEADER_V2,
  INCOMPAT_SIGNED,
  probeFrame,
  type MessageLookup,
} from '../../mavlink/frame';
import { FrameParser, type StreamFormat } from '../../mavlink/parser';
import { examplePath } from '../../testing/captures';

/** 3412 unsigned MAVLink 2 frames, raw. */
export const V2_CAPTURE = examplePath('mavlink-v2-3412-packets.bin');
/** A VTOL flight, MAVLink 1 frames in a tlog. */
export const VTOL_TLOG = examplePath('vtol.tlog');

export interface SampleFrame {
  readonly bytes: Uint8Array;
  readonly version: 1 | 2;
  readonly msgid: number;
  readonly seq: number;
  readonly sysid: number;
  readonly compid: number;
  readonly timeUs: number | undefined;
}

export function readSampleFrames(codec: Codec, path: string, format: StreamFormat): SampleFrame[] {
  const frames: SampleFrame[] = [];
  const parser = new FrameParser(
    codec,
    (frame: FrameView, timeUs) => {
      frames.push({
        bytes: Uint8Array.from(frame.bytes()), // a copy even when the input is a Buffer
        version: frame.version,
        msgid: frame.msgid,
        seq: frame.seq,
        sysid: frame.sysid,
        compid: frame.compid,
        timeUs,
      });
    },
    format,
  );
  parser.push(readFileSync(path));
  parser.end();
  return frames;
}

/**
 * A frame of the same message as MAVLink 2 with INCOMPAT_SIGNED set and the
 * signature block reserved (zeroed), re-encoded from its decoded fields.
 * Undefined for a message the dialect does not know.
 */
export function asSignableV2(codec: Codec, frame: SampleFrame): Uint8Array | undefined {
  const def = codec.byId(frame.msgid);
  if (def === undefined) return undefined;
  const fields = codec.decodePayload(
    def,
    frame.bytes,
    frame.version === 2 ? HEADER_V2 : HEADER_V1,
    frame.bytes[1]!,
  );
  return codec.encodeFrame(def, fields, {
    version: 2,
    seq: frame.seq,
    sysid: frame.sysid,
    compid: frame.compid,
    incompatFlags: INCOMPAT_SIGNED,
  });
}

/** The parser's view of one whole frame, checksum checked; throws if it is not one. */
export function parsedView(lookup: MessageLookup, bytes: Uint8Array): FrameView {
  const view = new FrameView();
  const length = probeFrame(bytes, 0, bytes.length, true, lookup, view);
  if (length !== bytes.length) throw new Error(`not one whole frame (probe gave ${length})`);
  return view;
}

/**
 * A view of bytes taken as a MAVLink 2 frame whatever their magic byte and
 * checksum say: lets a test hand the verifier a frame the parser would drop.
 */
export function rawV2View(bytes: Uint8Array): FrameView {
  const view = new FrameView();
  view.buffer = bytes;
  view.offset = 0;
  view.length = bytes.length;
  view.version = 2;
  view.payloadLength = bytes[1]!;
  view.incompatFlags = bytes[2]!;
  view.compatFlags = bytes[3]!;
  view.seq = bytes[4]!;
  view.sysid = bytes[5]!;
  view.compid = bytes[6]!;
  view.msgid = bytes[7]! | (bytes[8]! << 8) | (bytes[9]! << 16);
  return view;
}

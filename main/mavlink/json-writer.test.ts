import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCodec } from './ardupilotmega';
import { writeChecksum } from './codec';
import { FrameView, HEADER_V2, MAGIC_V2, probeFrame } from './frame';
import { frameToJson } from './frame-json';
import { FrameJsonWriter } from './json-writer';
import { FrameParser, type StreamFormat } from './parser';
import { readFileSync } from 'node:fs';
import { examplePath, type ExampleCapture } from '../testing/captures';

const codec = createCodec();
const writer = new FrameJsonWriter(codec);

const CAPTURES: [ExampleCapture, StreamFormat][] = [
  ['vtol.tlog', 'tlog'],
  ['mavlink-v2-3412-packets.bin', 'raw'],
  ['GH-5.bin', 'raw'],
];

/** A MAVLink 2 frame of message `id` whose payload is `payload`, as the parser sees it. */
function view(id: number, payload: Uint8Array, crcExtra: number): FrameView {
  const bytes = new Uint8Array(HEADER_V2 + payload.length + 2);
  bytes.set([MAGIC_V2, payload.length, 0, 0, 7, 1, 1, id & 0xff, (id >> 8) & 0xff, id >> 16]);
  bytes.set(payload, HEADER_V2);
  writeChecksum(bytes, HEADER_V2 + payload.length, crcExtra);
  const frame = new FrameView();
  expect(probeFrame(bytes, 0, bytes.length, true, codec, frame)).toBe(bytes.length);
  return frame;
}

describe('FrameJsonWriter', () => {
  it.each(CAPTURES)(
    'writes every frame of %s as JSON.stringify writes its decoded object',
    (name, format) => {
      let frames = 0;
      const parser = new FrameParser(
        codec,
        (frame, timeUs) => {
          expect(writer.line(frame, timeUs)).toBe(
            JSON.stringify(frameToJson(codec, frame, timeUs)),
          );
          frames++;
        },
        format,
      );
      parser.push(readFileSync(examplePath(name)));
      parser.end();
      expect(frames).toBeGreaterThan(100);
    },
  );

  it('writes random payloads of every message as JSON.stringify does: NaN, huge integers, odd text', () => {
    for (const def of codec.messages) {
      for (let round = 0; round < 12; round++) {
        // Full, truncated (zero-filled on receive) and all-ones payloads.
        const length = round === 0 ? 1 : round < 6 ? def.length : 1 + ((round * 37) % def.length);
        const payload = round === 1 ? new Uint8Array(length).fill(0xff) : randomBytes(length);
        const frame = view(def.id, payload, def.crcExtra);
        const line = writer.line(
          frame,
          round % 2 === 0 ? undefined : 1_700_000_000_000_000 + round,
        );
        expect(line, def.name).toBe(
          JSON.stringify(
            frameToJson(codec, frame, round % 2 === 0 ? undefined : 1_700_000_000_000_000 + round),
          ),
        );
      }
    }
  });

  it('leaves out name and fields for a message the dialect does not know', () => {
    const frame = view(0x999999, Uint8Array.of(1, 2, 3), 0);
    expect(writer.fields(frame)).toBeUndefined();
    expect(JSON.parse(writer.line(frame, undefined))).toEqual({
      version: 2,
      seq: 7,
      sysid: 1,
      compid: 1,
      msgid: 0x999999,
      signed: false,
    });
  });
});

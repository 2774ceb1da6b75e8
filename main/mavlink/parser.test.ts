import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCodec } from './ardupilotmega';
import { writeChecksum, type FrameHeader } from './codec';
import { crcAccumulate, crcBytes } from './crc';
import { INCOMPAT_SIGNED, SIGNATURE_LENGTH, type FrameView } from './frame';
import { FrameParser, type StreamFormat } from './parser';
import { tlogRecord } from '../logs/tlog';
import { examplePath } from '../testing/captures';

const codec = createCodec();

interface Seen {
  bytes: number[];
  msgid: number;
  known: boolean;
  timeUs: number | undefined;
}

function parseAll(chunks: Uint8Array[], format: StreamFormat = 'raw') {
  const seen: Seen[] = [];
  const parser = new FrameParser(
    codec,
    (frame: FrameView, timeUs) =>
      seen.push({
        bytes: Array.from(frame.bytes()),
        msgid: frame.msgid,
        known: frame.def !== undefined,
        timeUs,
      }),
    format,
  );
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return { seen, stats: parser.stats };
}

const v2: FrameHeader = { version: 2, seq: 7, sysid: 1, compid: 1 };

function heartbeat(header: FrameHeader = v2): Uint8Array {
  const def = codec.byName('HEARTBEAT')!;
  return codec.encodeFrame(
    def,
    { type: 2, autopilot: 3, base_mode: 81, custom_mode: 5, system_status: 4, mavlink_version: 3 },
    header,
  );
}

function attitude(seq = 1): Uint8Array {
  const def = codec.byName('ATTITUDE')!;
  return codec.encodeFrame(
    def,
    { time_boot_ms: 1000 + seq, roll: 0.1, pitch: -0.2, yaw: 1.5, rollspeed: 0.01 },
    { ...v2, seq },
  );
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A MAVLink 2 frame with a message id no dialect defines (CRC unchecked). */
function unknownFrame(payload: number[], msgid = 0xabcdef, crcExtra = 77): Uint8Array {
  const frame = new Uint8Array(12 + payload.length);
  frame.set([
    0xfd,
    payload.length,
    0,
    0,
    3,
    42,
    200,
    msgid & 0xff,
    (msgid >> 8) & 0xff,
    msgid >> 16,
  ]);
  frame.set(payload, 10);
  writeChecksum(frame, 10 + payload.length, crcExtra); // a CRC_EXTRA the dialect does not know
  return frame;
}

describe('FrameParser', () => {
  it('delivers a MAVLink 2 frame with its header fields', () => {
    const { seen, stats } = parseAll([heartbeat()]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.msgid).toBe(0);
    expect(seen[0]!.bytes).toEqual(Array.from(heartbeat()));
    expect(stats).toEqual({ frames: 1, badCrc: 0, unknown: 0, discardedBytes: 0 });
  });

  it('delivers a MAVLink 1 frame', () => {
    const frame = heartbeat({ version: 1, seq: 9, sysid: 4, compid: 5 });
    const parser = new FrameParser(codec, (f) => {
      expect([f.version, f.seq, f.sysid, f.compid, f.payloadLength]).toEqual([1, 9, 4, 5, 9]);
    });
    parser.push(frame);
    expect(parser.stats.frames).toBe(1);
  });

  it('drops a frame whose checksum fails and counts it', () => {
    const bad = heartbeat();
    bad[12] = bad[12]! ^ 0x01; // a payload byte
    const { seen, stats } = parseAll([bad, attitude()]);
    expect(seen.map((s) => s.msgid)).toEqual([30]);
    expect(stats.badCrc).toBe(1);
    expect(stats.discardedBytes).toBe(bad.length);
  });

  it('drops a frame with an unknown incompat flag', () => {
    const odd = heartbeat();
    odd[2] = 0x02; // incompat_flags: a bit this implementation does not know
    const { seen } = parseAll([odd, attitude()]);
    expect(seen.map((s) => s.msgid)).toEqual([30]);
  });

  it('keeps the 13 signature bytes with a signed frame', () => {
    const signed = codec.encodeFrame(
      codec.byName('HEARTBEAT')!,
      { type: 1 },
      { ...v2, incompatFlags: INCOMPAT_SIGNED },
    );
    signed.set([7, 1, 2, 3, 4, 5, 6, 9, 9, 9, 9, 9, 9], signed.length - SIGNATURE_LENGTH);
    const { seen } = parseAll([signed]);
    expect(seen[0]!.bytes).toEqual(Array.from(signed));
  });

  it('delivers a frame of an unknown message id, flagged unknown', () => {
    const frame = unknownFrame([1, 2, 3, 4]);
    const { seen, stats } = parseAll([frame, heartbeat()]);
    expect(seen.map((s) => [s.msgid, s.known])).toEqual([
      [0xabcdef, false],
      [0, true],
    ]);
    expect(stats.unknown).toBe(1);
  });

  it('drops an unknown-id candidate whose checksum fits no CRC_EXTRA', () => {
    const frame = unknownFrame([1, 2, 3, 4]);
    const crc = crcBytes(frame, 1, 14);
    const fits = new Set(Array.from({ length: 256 }, (_, extra) => crcAccumulate(extra, crc)));
    let stored = 0;
    while (fits.has(stored)) stored++;
    frame[14] = stored & 0xff;
    frame[15] = stored >> 8;
    const { seen, stats } = parseAll([frame, heartbeat()]);
    expect(seen.map((s) => s.msgid)).toEqual([0]);
    expect(stats.unknown).toBe(0);
  });

  it('finds every frame after garbage', () => {
    const garbage = Uint8Array.from([0x00, 0x13, 0xfe, 0x77, 0xfd, 0xff, 0x42]);
    const { seen } = parseAll([concat(garbage, heartbeat(), garbage, attitude(), garbage)]);
    expect(seen.map((s) => s.msgid)).toEqual([0, 30]);
  });

  it('does not let a false header with a long length swallow the frames behind it', () => {
    // 0xfd, len 255, no flags, then a known msgid (HEARTBEAT): waits for 255 bytes, fails its CRC.
    const falseHeader = Uint8Array.from([
      0xfd, 0xff, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00,
    ]);
    const frames = Array.from({ length: 12 }, (_, i) => attitude(i));
    const { seen } = parseAll([concat(falseHeader, ...frames)]);
    expect(seen.map((s) => s.bytes)).toEqual(frames.map((f) => Array.from(f)));
  });

  it('does not let a false header of an unknown id swallow the frames behind it', () => {
    // An unknown id has no checksum to fail; the good frames inside its span expose it.
    const falseHeader = Uint8Array.from([
      0xfd, 0x60, 0x00, 0x00, 0x00, 0x01, 0x01, 0x99, 0x99, 0x99,
    ]);
    const frames = Array.from({ length: 4 }, (_, i) => attitude(i));
    const { seen, stats } = parseAll([concat(falseHeader, ...frames)]);
    expect(seen.map((s) => s.bytes)).toEqual(frames.map((f) => Array.from(f)));
    expect(stats.unknown).toBe(0);
  });

  it('finds the frames after a truncated one', () => {
    const cut = attitude(1).subarray(0, 20);
    const { seen } = parseAll([concat(cut, heartbeat(), attitude(2))]);
    expect(seen.map((s) => s.msgid)).toEqual([0, 30]);
  });

  it('counts the bytes of an unfinished frame at the end of the stream as discarded', () => {
    const cut = attitude(1).subarray(0, 20);
    const { stats } = parseAll([concat(heartbeat(), cut)]);
    expect(stats.frames).toBe(1);
    expect(stats.discardedBytes).toBe(20);
  });

  it('yields the same frames fed one byte at a time', () => {
    const stream = concat(heartbeat(), attitude(1), unknownFrame([5, 6, 7]), attitude(2));
    const whole = parseAll([stream]).seen;
    const bytewise = parseAll(Array.from(stream, (b) => Uint8Array.of(b))).seen;
    expect(bytewise).toEqual(whole);
    expect(whole).toHaveLength(4);
  });

  it('reads tlog records with their times', () => {
    const stream = concat(
      tlogRecord(1_700_000_000_000_001, heartbeat()),
      tlogRecord(1_700_000_000_500_000, attitude()),
    );
    const { seen, stats } = parseAll([stream], 'tlog');
    expect(seen.map((s) => [s.msgid, s.timeUs])).toEqual([
      [0, 1_700_000_000_000_001],
      [30, 1_700_000_000_500_000],
    ]);
    expect(stats.discardedBytes).toBe(0);
  });

  it('parses every frame of a real ArduPilot tlog with no checksum failure', () => {
    const { stats } = parseAll([readFileSync(examplePath('vtol.tlog'))], 'tlog');
    expect(stats.frames).toBeGreaterThan(10_000);
    expect(stats.badCrc).toBe(0);
    expect(stats.discardedBytes).toBe(0);
  });
});

describe('FrameParser properties', () => {
  const capture = readFileSync(examplePath('mavlink-v2-3412-packets.bin')).subarray(0, 8000);

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        parseAll([bytes]);
      }),
    );
  });

  it('never throws on mutated real frames', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(capture.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 40,
        }),
        (edits) => {
          const mutated = Uint8Array.from(capture);
          for (const [at, value] of edits) mutated[at] = value;
          parseAll([mutated]);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('yields the same frames whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(capture.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 20,
        }),
        fc.array(fc.nat(capture.length), { maxLength: 30 }),
        (edits, cuts) => {
          const mutated = Uint8Array.from(capture);
          for (const [at, value] of edits) mutated[at] = value;
          const points = [...new Set([0, ...cuts, mutated.length])].sort((a, b) => a - b);
          const chunks = points.slice(1).map((end, i) => mutated.subarray(points[i], end));
          const whole = parseAll([mutated]);
          const chunked = parseAll(chunks);
          expect(chunked.seen).toEqual(whole.seen);
          expect(chunked.stats).toEqual(whole.stats);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('finds every intact frame when garbage is put between frames', () => {
    const frames = Array.from({ length: 8 }, (_, i) =>
      i % 2 === 0 ? attitude(i) : heartbeat({ ...v2, seq: i }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 9, maxLength: 9 }),
        (garbage) => {
          const parts: Uint8Array[] = [];
          frames.forEach((f, i) => parts.push(garbage[i]!, f));
          parts.push(garbage[8]!);
          const { seen } = parseAll([concat(...parts)]);
          // Garbage may itself hold a valid frame by chance; every real frame must be there, in order.
          const found = seen.map((s) => s.bytes.join(','));
          let from = 0;
          for (const f of frames) {
            const at = found.indexOf(Array.from(f).join(','), from);
            expect(at).toBeGreaterThanOrEqual(from);
            from = at + 1;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

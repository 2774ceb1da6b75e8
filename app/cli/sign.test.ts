import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCodec } from '../../main/mavlink/ardupilotmega';
import { FrameParser, type StreamFormat } from '../../main/mavlink/parser';
import { tlogRecord } from '../../main/logs/tlog';
import { readTimestamp } from '../../main/signing/timestamp';
import { examplePath } from '../../main/testing/captures';
import { run } from './main';
import { captureIo } from './testing/captured-io';

const codec = createCodec();
const dir = mkdtempSync(join(tmpdir(), 'sigil-sign-'));
const V2 = examplePath('mavlink-v2-3412-packets.bin');
const VTOL = examplePath('vtol.tlog');
const KEY = 'c0ffee'.repeat(10) + '0123';
const T = 37_000_000_000_000;

async function sigil(...args: string[]) {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function sign(input: string, output: string, ...extra: string[]) {
  const result = await sigil('sign', input, output, '--key', KEY, '--link-id', '9', ...extra);
  return { ...result, summary: JSON.parse(result.out || '{}').summary };
}

interface Parsed {
  bytes: Uint8Array;
  timeUs: number | undefined;
  version: number;
  signed: boolean;
  seq: number;
  sysid: number;
  compid: number;
  msgid: number;
  payload: number[];
}

function frames(path: string, format: StreamFormat): Parsed[] {
  const out: Parsed[] = [];
  const parser = new FrameParser(
    codec,
    (f, timeUs) => {
      out.push({
        bytes: Uint8Array.from(f.bytes()),
        timeUs,
        version: f.version,
        signed: f.signed,
        seq: f.seq,
        sysid: f.sysid,
        compid: f.compid,
        msgid: f.msgid,
        payload: [...f.buffer.subarray(f.payloadOffset, f.payloadOffset + f.payloadLength)],
      });
    },
    format,
  );
  parser.push(readFileSync(path));
  parser.end();
  return out;
}

describe('sigil sign', () => {
  it('signs every MAVLink 2 frame with timestamps T, T+1, ... keeping seq, ids and payload', async () => {
    const output = join(dir, 'signed.bin');
    const { code, summary } = await sign(V2, output, '--timestamp', String(T));
    expect(code).toBe(0);
    expect(summary).toMatchObject({ frames: 3412, signed: 3412, firstTimestamp: T, linkId: 9 });
    expect(summary.lastTimestamp).toBe(T + 3411);
    const before = frames(V2, 'raw');
    const after = frames(output, 'raw');
    expect(after).toHaveLength(before.length);
    after.forEach((frame, i) => {
      const { seq, sysid, compid, msgid, payload } = before[i]!;
      expect(frame).toMatchObject({ signed: true, seq, sysid, compid, msgid, payload });
      const block = frame.bytes.length - 13;
      expect(frame.bytes[block]).toBe(9);
      expect(readTimestamp(frame.bytes, block + 1)).toBe(T + i);
    });
  });

  it.runIf(process.platform !== 'win32')(
    'writes its signed capture owner-only: it lets anyone test passphrase guesses',
    async () => {
      const out = join(dir, 'private.bin');
      expect((await sign(V2, out, '--timestamp', String(T))).code).toBe(0);
      expect(statSync(out).mode & 0o777).toBe(0o600);
    },
  );

  it('writes a tlog for a tlog and keeps its record times', async () => {
    const input = join(dir, 'input.tlog');
    const records = frames(V2, 'raw')
      .slice(0, 100)
      .map((f, i) => tlogRecord(1_700_000_000_000_000 + i * 1000, f.bytes));
    writeFileSync(input, Buffer.concat(records));
    const output = join(dir, 'signed.tlog');
    const { summary } = await sign(input, output, '--timestamp', String(T));
    expect(summary).toMatchObject({ format: 'tlog', signed: 100 });
    const after = frames(output, 'tlog');
    expect(after.map((f) => f.timeUs)).toEqual(
      records.map((_, i) => 1_700_000_000_000_000 + i * 1000),
    );
    expect(after.every((f) => f.signed)).toBe(true);
  });

  it('passes MAVLink 1 frames through unchanged and counts them', async () => {
    const output = join(dir, 'vtol-signed.tlog');
    const { summary } = await sign(VTOL, output, '--timestamp', '1');
    expect(summary).toMatchObject({ frames: 23894, signed: 0, v1PassedThrough: 23894 });
    expect(summary.lastTimestamp).toBeNull();
    expect(readFileSync(output).equals(readFileSync(VTOL))).toBe(true);
  });

  it('signs already-signed frames again with the new timestamps', async () => {
    const once = join(dir, 'once.bin');
    const twice = join(dir, 'twice.bin');
    await sign(V2, once, '--timestamp', String(T));
    const { summary } = await sign(once, twice, '--timestamp', String(T + 10_000));
    expect(summary).toMatchObject({ signed: 3412, resigned: 3412 });
    const first = frames(twice, 'raw')[0]!;
    expect(readTimestamp(first.bytes, first.bytes.length - 12)).toBe(T + 10_000);
    expect(frames(twice, 'raw')).toHaveLength(3412);
  });

  it.each([
    [['--link-id', '256', '--timestamp', '1'], '--link-id must be a whole number from 0 to 255'],
    [
      ['--link-id', '1', '--timestamp=-5'],
      "--timestamp must be a whole number from 0 to 281474976710655, not '-5'",
    ],
    [['--link-id', '1'], '--timestamp is required'],
    [['--link-id', '1', '--timestamp', '1', '--key', 'abc'], 'a hex key is 64 hex digits'],
    [['--link-id', '1', '--timestamp', '1'], 'a key is needed'],
  ])('exits 2 for %j: %s', async (options, message) => {
    const { code, err } = await sigil('sign', V2, join(dir, 'x.bin'), ...options);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('exits 1 for a missing input and leaves an existing output untouched', async () => {
    const output = join(dir, 'kept.bin');
    writeFileSync(output, 'keep me');
    const { code, err } = await sign(join(dir, 'missing.bin'), output, '--timestamp', '1');
    expect(code).toBe(1);
    expect(err).toContain('no such file');
    expect(readFileSync(output, 'utf8')).toBe('keep me');
    expect(existsSync(`${output}.${process.pid}.tmp`)).toBe(false);
  });

  it('exits 2 when IN and OUT are the same file', async () => {
    const { code, err } = await sign(V2, V2, '--timestamp', '1');
    expect(code).toBe(2);
    expect(err).toContain('different files');
  });
});

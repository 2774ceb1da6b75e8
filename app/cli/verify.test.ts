import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCodec } from '../../main/mavlink/ardupilotmega';
import { examplePath } from '../../main/testing/captures';
import { run } from './main';
import { captureIo } from './testing/captured-io';

const codec = createCodec();
const dir = mkdtempSync(join(tmpdir(), 'sigil-verify-'));
const KEY = 'c0ffee'.repeat(10) + '0123';
const T = 37_000_000_000_000;
const signedPath = join(dir, 'signed.bin');

type Line = Record<string, unknown>;
interface Summary {
  summary: Record<string, number>;
  streams: Line[];
  localTimestamp: number;
}

async function sigil(...args: string[]) {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function verify(file: string, ...options: string[]) {
  const result = await sigil('verify', file, ...options);
  const lines = result.out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
  return { ...result, frames: lines.slice(0, -1), summary: lines.at(-1) as unknown as Summary };
}

function verdicts(frames: Line[]): unknown[] {
  return [...new Set(frames.map((f) => f.verdict))];
}

beforeAll(async () => {
  const { code } = await sigil(
    'sign',
    examplePath('mavlink-v2-3412-packets.bin'),
    signedPath,
    '--key',
    KEY,
    '--link-id',
    '4',
    '--timestamp',
    String(T),
  );
  expect(code).toBe(0);
});

function unsignedFile(name: string, messages: string[]): string {
  const path = join(dir, name);
  const frames = messages.map((m, seq) =>
    codec.encodeFrame(codec.byName(m)!, {}, { version: 2, seq, sysid: 1, compid: 1 }),
  );
  writeFileSync(path, Buffer.concat(frames));
  return path;
}

describe('sigil verify', () => {
  it('accepts every frame of a capture signed with the same key', async () => {
    const { code, frames, summary } = await verify(signedPath, '--key', KEY, '--now', String(T));
    expect(code).toBe(0);
    expect(frames).toHaveLength(3412);
    expect(verdicts(frames)).toEqual(['ok']);
    expect(frames[0]).toEqual({
      index: 0,
      seq: 179,
      sysid: 1,
      compid: 1,
      msgid: 83,
      signed: true,
      linkId: 4,
      timestamp: T,
      verdict: 'ok',
    });
    expect(summary).toEqual({
      summary: {
        ok: 3412,
        'unsigned-allowed': 0,
        'bad-signature': 0,
        replay: 0,
        stale: 0,
        future: 0,
        'too-many-streams': 0,
        unsigned: 0,
      },
      streams: [{ sysid: 1, compid: 1, linkId: 4, timestamp: T + 3411, accepted: 3412 }],
      localTimestamp: T + 3411,
    });
  });

  it('calls the second copy of a file sent twice a replay', async () => {
    const twice = join(dir, 'twice.bin');
    const bytes = readFileSync(signedPath);
    writeFileSync(twice, Buffer.concat([bytes, bytes]));
    const { frames, summary } = await verify(twice, '--key', KEY, '--now', String(T));
    expect(verdicts(frames.slice(0, 3412))).toEqual(['ok']);
    expect(verdicts(frames.slice(3412))).toEqual(['replay']);
    expect(summary.summary).toMatchObject({ ok: 3412, replay: 3412 });
  });

  it('calls every frame a bad signature under another key', async () => {
    const { frames } = await verify(signedPath, '--passphrase', 'wrong', '--now', String(T));
    expect(verdicts(frames)).toEqual(['bad-signature']);
  });

  it('accepts a new stream exactly 60 s behind --now and refuses one a unit older', async () => {
    const edge = await verify(signedPath, '--key', KEY, '--now', String(T + 6_000_000));
    expect(edge.frames[0]!.verdict).toBe('ok');
    const stale = await verify(signedPath, '--key', KEY, '--now', String(T + 6_000_001));
    expect(stale.frames[0]!.verdict).toBe('stale');
    expect(stale.frames[1]!.verdict).toBe('ok'); // T + 1 is exactly 60 s behind
  });

  it('with --now first judges an old capture from its own first timestamp, not as stale', async () => {
    // T is years before today: against the wall clock every new stream is stale.
    const today = await verify(signedPath, '--key', KEY);
    expect(today.frames[0]!.verdict).toBe('stale');
    const first = await verify(signedPath, '--key', KEY, '--now', 'first');
    expect(verdicts(first.frames)).toEqual(['ok']);
    expect(first.summary.localTimestamp).toBeGreaterThanOrEqual(T);
  });

  it('calls frames more than 24 h ahead of --now future, and they move nothing', async () => {
    const now = T - 24 * 3600 * 100_000 - 1;
    const { frames, summary } = await verify(signedPath, '--key', KEY, '--now', String(now));
    expect(verdicts(frames)).toEqual(['future']);
    expect(summary).toMatchObject({
      summary: { ok: 0, future: 3412 },
      streams: [],
      localTimestamp: now,
    });
  });

  it('takes the future horizon from --future-horizon', async () => {
    const now = String(T - 2 * 3600 * 100_000);
    const short = await verify(signedPath, '--key', KEY, '--now', now, '--future-horizon', '1h');
    expect(verdicts(short.frames)).toEqual(['future']);
    const long = await verify(signedPath, '--key', KEY, '--now', now, '--future-horizon', '3h');
    expect(verdicts(long.frames)).toEqual(['ok']);
  });

  it('refuses new streams beyond --max-streams', async () => {
    const other = join(dir, 'link5.bin');
    await sigil(
      'sign',
      signedPath,
      other,
      '--key',
      KEY,
      '--link-id',
      '5',
      '--timestamp',
      String(T),
    );
    const both = join(dir, 'two-links.bin');
    writeFileSync(both, Buffer.concat([readFileSync(signedPath), readFileSync(other)]));
    const { summary } = await verify(both, '--key', KEY, '--now', String(T), '--max-streams', '1');
    expect(summary.summary).toMatchObject({ ok: 3412, 'too-many-streams': 3412 });
  });

  it('lets RADIO_STATUS and RADIO through unsigned by default, and nothing else', async () => {
    const path = unsignedFile('unsigned.bin', ['HEARTBEAT', 'RADIO_STATUS', 'RADIO']);
    const { frames } = await verify(path, '--key', KEY);
    expect(frames.map((f) => f.verdict)).toEqual([
      'unsigned',
      'unsigned-allowed',
      'unsigned-allowed',
    ]);
    expect(frames[0]).toEqual({
      index: 0,
      seq: 0,
      sysid: 1,
      compid: 1,
      msgid: 0,
      signed: false,
      verdict: 'unsigned',
    });
  });

  it('takes --allow-unsigned as names or ids, and an empty list as none', async () => {
    const path = unsignedFile('unsigned2.bin', ['HEARTBEAT', 'RADIO_STATUS', 'RADIO']);
    const listed = await verify(path, '--key', KEY, '--allow-unsigned', 'heartbeat,166');
    expect(listed.frames.map((f) => f.verdict)).toEqual([
      'unsigned-allowed',
      'unsigned',
      'unsigned-allowed',
    ]);
    const none = await verify(path, '--key', KEY, '--allow-unsigned', '');
    expect(verdicts(none.frames)).toEqual(['unsigned']);
  });

  it.each([
    [['--now', 'soon'], "--now must be a whole number from 0 to 281474976710655, not 'soon'"],
    [['--max-streams', '0'], '--max-streams must be a whole number from 1 to 65536'],
    [['--future-horizon', 'soon'], '--future-horizon must be a duration from 1s to 365d'],
    [['--future-horizon', '0s'], '--future-horizon must be a duration from 1s to 365d'],
    [['--future-horizon', '366d'], '--future-horizon must be a duration from 1s to 365d'],
    [['--allow-unsigned', 'RADIO_STATUS,NOPE'], "--allow-unsigned: unknown message name 'NOPE'"],
    [['--key', KEY.slice(0, 63) + 'z'], "a hex key has only 0-9 and a-f, found 'z' at position 64"],
    [['--key', KEY, '--passphrase', 'p'], 'either --key or --passphrase, not both'],
  ])('exits 2 for %j: %s', async (options, message) => {
    const args = options.includes('--key') ? options : ['--key', KEY, ...options];
    const { code, err } = await sigil('verify', signedPath, ...args);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('exits 1 for a missing file, naming it', async () => {
    const missing = join(dir, 'nope.tlog');
    const { code, err } = await sigil('verify', missing, '--key', KEY);
    expect(code).toBe(1);
    expect(err).toBe(`sigil verify: no such file: ${missing}\n`);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCodec } from '../../main/mavlink/ardupilotmega';
import { writeChecksum } from '../../main/mavlink/codec';
import { tlogRecord } from '../../main/logs/tlog';
import { examplePath } from '../../main/testing/captures';
import { run } from './main';
import { captureIo } from './testing/captured-io';

const codec = createCodec();
const dir = mkdtempSync(join(tmpdir(), 'sigil-decode-'));

async function decode(...args: string[]) {
  const io = captureIo();
  const code = await run(['decode', ...args], io);
  const lines = io
    .out()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, lines, err: io.err() };
}

function frame(name: string, fields: Record<string, unknown>, seq = 0): Uint8Array {
  return codec.encodeFrame(codec.byName(name)!, fields, { version: 2, seq, sysid: 1, compid: 1 });
}

describe('sigil decode', () => {
  it('prints every frame of a tlog with its record time, then a summary', async () => {
    const { code, lines } = await decode(examplePath('vtol.tlog'));
    expect(code).toBe(0);
    const summary = lines.at(-1) as { summary: Record<string, number> };
    expect(summary.summary).toEqual({ frames: 23894, badCrc: 0, unknown: 0, discardedBytes: 0 });
    expect(lines).toHaveLength(23895);
    expect(lines[0]).toMatchObject({
      t: 1533737161905000,
      version: 1,
      name: 'RAW_IMU',
      signed: false,
    });
  });

  it('detects a raw capture and prints no record times', async () => {
    const { lines } = await decode(examplePath('mavlink-v2-3412-packets.bin'));
    expect(lines[0]).not.toHaveProperty('t');
    expect(lines[0]).toHaveProperty('version', 2);
  });

  it('prints 64-bit integers as decimal strings and NaN as null', async () => {
    const path = join(dir, 'values.bin');
    const bytes = Buffer.concat([
      frame('SYSTEM_TIME', { time_unix_usec: 2n ** 63n + 5n, time_boot_ms: 7 }),
      frame('ATTITUDE', { roll: Number.NaN, pitch: Number.POSITIVE_INFINITY, yaw: 0.5 }),
    ]);
    writeFileSync(path, bytes);
    const { lines } = await decode(path, '--format', 'raw');
    expect(lines[0]).toMatchObject({ fields: { time_unix_usec: '9223372036854775813' } });
    expect(lines[1]).toMatchObject({ fields: { roll: null, pitch: null, yaw: 0.5 } });
  });

  it('omits name and fields for a message id the dialect does not know', async () => {
    const path = join(dir, 'unknown.tlog');
    const unknown = Uint8Array.from([0xfd, 1, 0, 0, 0, 1, 1, 0x99, 0x99, 0x99, 0x42, 0, 0]);
    writeChecksum(unknown, 11, 123); // a CRC_EXTRA the dialect does not know
    writeFileSync(path, tlogRecord(1_700_000_000_000_000, unknown));
    const { lines } = await decode(path);
    expect(lines[0]).toEqual({
      t: 1_700_000_000_000_000,
      version: 2,
      seq: 0,
      sysid: 1,
      compid: 1,
      msgid: 0x999999,
      signed: false,
    });
    expect(lines[1]).toEqual({ summary: { frames: 1, badCrc: 0, unknown: 1, discardedBytes: 0 } });
  });

  it('reports a missing file in one line and exits 1', async () => {
    const { code, err, lines } = await decode(join(dir, 'absent.tlog'));
    expect(code).toBe(1);
    expect(err).toBe(`sigil decode: no such file: ${join(dir, 'absent.tlog')}\n`);
    expect(lines).toEqual([]);
  });

  it('exits 2 on bad usage', async () => {
    expect((await decode()).code).toBe(2);
    expect((await decode('a', 'b')).code).toBe(2);
    expect((await decode('a', '--format', 'pcap')).code).toBe(2);
    expect((await decode('a', '--frobnicate')).code).toBe(2);
  });

  it('runs as the sigil executable', async () => {
    const { stdout } = await promisify(execFile)('node', [
      'bin/sigil.mjs',
      'decode',
      examplePath('GH-5.bin'),
    ]);
    expect(stdout.trim().split('\n').at(-1)).toBe(
      '{"summary":{"frames":138,"badCrc":0,"unknown":2,"discardedBytes":5}}',
    );
  });

  it('prints only the messages --messages names, with wildcards, in any case', async () => {
    const { lines } = await decode(examplePath('vtol.tlog'), '--messages', 'attitude,GPS*');
    const frames = lines.slice(0, -1);
    expect(new Set(frames.map((l) => l.name))).toEqual(new Set(['ATTITUDE', 'GPS_RAW_INT']));
    expect(frames).toHaveLength(888 + 799);
    // The summary still counts the whole file.
    expect(lines.at(-1)).toEqual({
      summary: { frames: 23894, badCrc: 0, unknown: 0, discardedBytes: 0 },
    });
  });

  it('refuses a --messages name that matches no message', async () => {
    const { code, err } = await decode(examplePath('vtol.tlog'), '--messages', 'ATTITUDE,NOPE*');
    expect(code).toBe(2);
    expect(err).toMatch(/no message is named 'NOPE\*'/);
  });
});

describe('sigil decode --format csv', () => {
  async function csv(...args: string[]) {
    const io = captureIo();
    const code = await run(['decode', ...args, '--format', 'csv'], io);
    return { code, rows: io.out().split('\n').slice(0, -1), err: io.err() };
  }

  it('prints the chosen fields of the chosen messages, a header first', async () => {
    const { code, rows } = await csv(
      examplePath('vtol.tlog'),
      '--messages',
      'ATTITUDE',
      '--fields',
      'roll,time_boot_ms',
    );
    expect(code).toBe(0);
    expect(rows[0]).toBe('t,name,roll,time_boot_ms');
    expect(rows).toHaveLength(1 + 888);
    const [t, name, roll, boot] = rows[1]!.split(',');
    expect(Number(t)).toBeGreaterThan(1_533_737_161_000_000);
    expect(name).toBe('ATTITUDE');
    expect(Number.isFinite(Number(roll))).toBe(true);
    expect(Number.isInteger(Number(boot))).toBe(true);
  });

  it('takes every field of the one message named when --fields is absent', async () => {
    const { rows } = await csv(examplePath('vtol.tlog'), '--messages', 'VFR_HUD');
    expect(rows[0]).toBe('t,name,airspeed,groundspeed,heading,throttle,alt,climb');
  });

  it('leaves a cell empty where the message lacks the field, and quotes text that needs it', async () => {
    const path = join(dir, 'csv.bin');
    writeFileSync(
      path,
      Buffer.concat([
        frame('STATUSTEXT', { severity: 4, text: 'say "hi", then go' }),
        frame('ATTITUDE', { roll: Number.NaN, pitch: 0.25 }),
        frame('HEARTBEAT', { type: 2 }),
      ]),
    );
    const { rows } = await csv(path, '--fields', 'severity,text,pitch,roll');
    expect(rows).toEqual([
      't,name,severity,text,pitch,roll',
      ',STATUSTEXT,4,"say ""hi"", then go",,',
      ',ATTITUDE,,,0.25,',
    ]);
  });

  it('refuses csv without fields to print, and fields no chosen message has', async () => {
    expect((await csv(examplePath('vtol.tlog'))).code).toBe(2);
    expect((await csv(examplePath('vtol.tlog'), '--messages', 'GPS*')).code).toBe(2);
    const { code, err } = await csv(
      examplePath('vtol.tlog'),
      '--messages',
      'ATTITUDE',
      '--fields',
      'lat',
    );
    expect(code).toBe(2);
    expect(err).toMatch(/none of the messages chosen has a field 'lat'/);
    expect((await decode(examplePath('vtol.tlog'), '--fields', 'roll')).code).toBe(2);
  });
});

import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { INCOMPAT_SIGNED } from '../mavlink/frame';
import { FrameParser } from '../mavlink/parser';
import { SigningClock } from '../signing/clock';
import { FrameMac } from '../signing/frame-mac';
import { keyFromPassphrase } from '../signing/key';
import { setupSigningFrame } from '../signing/setup-signing';
import { Signer } from '../signing/sign';
import { ManualClock } from '../testing/manual-clock';
import { TlogRecorder, sessionFileName } from './recorder';

const codec = createCodec();
const key = keyFromPassphrase('recorder test');
const signer = new Signer(new FrameMac(key), 3, new SigningClock());
const header = { version: 2 as const, seq: 1, sysid: 1, compid: 1 };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sigil-recorder-'));
}

function attitude(signed: boolean): Uint8Array {
  const frame = codec.encodeFrame(
    codec.byName('ATTITUDE')!,
    { time_boot_ms: 42, roll: 0.5 },
    { ...header, incompatFlags: signed ? INCOMPAT_SIGNED : 0 },
  );
  if (signed) signer.sign(frame);
  return frame;
}

function readBack(path: string) {
  const out: { bytes: number[]; timeUs: number | undefined; signed: boolean }[] = [];
  const parser = new FrameParser(
    codec,
    (f, timeUs) => out.push({ bytes: Array.from(f.bytes()), timeUs, signed: f.signed }),
    'tlog',
  );
  parser.push(readFileSync(path));
  parser.end();
  return { frames: out, stats: parser.stats };
}

describe('TlogRecorder', () => {
  it('names the file after the session start', () => {
    expect(sessionFileName(new Date(2026, 10, 22, 9, 5, 7))).toBe('sigil-2026-11-22_09-05-07.tlog');
  });

  it('writes a tlog that decodes back frame for frame with the record times', async () => {
    const recorder = new TlogRecorder({ dir: join(tempDir(), 'logs') });
    const frames = [attitude(false), attitude(false)];
    recorder.record(frames[0]!, codec.byName('ATTITUDE'), 1_700_000_000_000_000);
    recorder.record(frames[1]!, codec.byName('ATTITUDE'), 1_700_000_000_250_000);
    await recorder.close();
    const { frames: back, stats } = readBack(recorder.path);
    expect(back.map((f) => [f.bytes, f.timeUs])).toEqual([
      [Array.from(frames[0]!), 1_700_000_000_000_000],
      [Array.from(frames[1]!), 1_700_000_000_250_000],
    ]);
    expect(stats.discardedBytes).toBe(0);
  });

  it('removes signatures by default', async () => {
    const recorder = new TlogRecorder({ dir: tempDir() });
    recorder.record(attitude(true), codec.byName('ATTITUDE'));
    await recorder.close();
    const { frames } = readBack(recorder.path);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.signed).toBe(false);
    expect(frames[0]!.bytes).toEqual(Array.from(attitude(false)));
  });

  it('keeps signatures when asked to', async () => {
    const recorder = new TlogRecorder({ dir: tempDir(), keepSignatures: true });
    const signed = attitude(true);
    recorder.record(signed, codec.byName('ATTITUDE'));
    await recorder.close();
    expect(readBack(recorder.path).frames[0]!.bytes).toEqual(Array.from(signed));
  });

  it('never writes a SETUP_SIGNING frame, signed or not', async () => {
    const recorder = new TlogRecorder({ dir: tempDir(), keepSignatures: true });
    const setup = setupSigningFrame(codec, { targetSystem: 1, targetComponent: 1 }, key, 5, {
      seq: 0,
      sysid: 255,
      compid: 190,
    });
    recorder.record(setup, codec.byName('SETUP_SIGNING'));
    recorder.record(attitude(false), codec.byName('ATTITUDE'));
    await recorder.close();
    const bytes = readFileSync(recorder.path);
    expect(readBack(recorder.path).frames).toHaveLength(1);
    expect(bytes.includes(Buffer.from(key.exportBytes()))).toBe(false);
    expect(recorder.stats.keysWithheld).toBe(1);
  });

  it('flushes within the flush interval without being closed', async () => {
    const clock = new ManualClock();
    const recorder = new TlogRecorder({ dir: tempDir(), flushIntervalMs: 50, clock });
    recorder.record(attitude(false), codec.byName('ATTITUDE'));
    clock.advance(50);
    // The write itself is real file I/O: wait for it, not for the clock.
    await vi.waitFor(() => expect(recorder.stats.bytesWritten).toBeGreaterThan(0), {
      interval: 5,
    });
    expect(readBack(recorder.path).frames).toHaveLength(1);
    await recorder.close();
  });

  it('reports a full disk once and keeps accepting frames', async () => {
    const errors: string[] = [];
    const recorder = new TlogRecorder({
      dir: '/dev',
      fileName: 'full',
      onError: (m) => errors.push(m),
    });
    recorder.record(attitude(false), codec.byName('ATTITUDE'));
    await recorder.flush();
    recorder.record(attitude(false), codec.byName('ATTITUDE'));
    await recorder.flush();
    await recorder.close();
    expect(errors).toEqual(['the disk is full: the flight log /dev/full is not being written']);
    expect(recorder.stats.error).toMatch(/disk is full/);
  });

  it.runIf(process.platform !== 'win32')(
    'keeps a flight log, and a capture with signatures, owner-only in an owner-only folder',
    async () => {
      for (const keepSignatures of [false, true]) {
        const dir = join(tempDir(), 'logs');
        const recorder = new TlogRecorder({ dir, keepSignatures });
        recorder.record(attitude(true), codec.byName('ATTITUDE'));
        await recorder.close();
        expect(statSync(dir).mode & 0o777).toBe(0o700);
        expect(statSync(recorder.path).mode & 0o777).toBe(0o600);
      }
    },
  );

  it('reports a folder it cannot create', async () => {
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    const errors: string[] = [];
    const recorder = new TlogRecorder({ dir: join(file, 'logs'), onError: (m) => errors.push(m) });
    recorder.record(attitude(false), codec.byName('ATTITUDE'));
    await recorder.close();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cannot write the flight log/);
  });

  it('drops the oldest frames past its memory bound while the disk refuses writes', async () => {
    const recorder = new TlogRecorder({ dir: '/dev', fileName: 'full', maxBufferedBytes: 200 });
    for (let i = 0; i < 10; i++) recorder.record(attitude(false), codec.byName('ATTITUDE'));
    await recorder.close();
    expect(recorder.stats.framesDropped).toBeGreaterThan(0);
  });

  it('writes a signed frame without its signature straight into its block, with no copy per frame', async () => {
    const youngBytes = () =>
      getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_used_size;
    const def = codec.byName('ATTITUDE');
    const frame = attitude(true);
    const recorder = new TlogRecorder({ dir: join(tempDir(), 'logs') });
    const recordMany = (count: number) => {
      for (let i = 0; i < count; i++) recorder.record(frame, def, 1_700_000_000_000_000 + i);
    };
    recordMany(20_000); // the JIT optimises the path first
    const before = youngBytes();
    recordMany(5_000);
    const perFrame = (youngBytes() - before) / 5_000;
    await recorder.close();
    // A record time above 2^31 may be boxed on the way in (16 bytes); a
    // stripped copy of the frame would cost well over 100.
    expect(perFrame).toBeLessThan(24);
    const { frames } = readBack(recorder.path);
    expect(frames).toHaveLength(25_000);
    expect(frames.every((f) => !f.signed)).toBe(true);
  });
});

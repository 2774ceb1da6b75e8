import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { FrameParser } from '../mavlink/parser';
import { tlogRecord } from '../logs/tlog';
import { examplePath } from '../testing/captures';
import { ManualClock } from '../testing/manual-clock';
import { ReplayTransport, type ReplayOptions, type ReplayProgress } from './replay';
import type { LinkState } from './transport';

const until = (check: () => void, timeout = 5000) => vi.waitFor(check, { timeout, interval: 5 });
const codec = createCodec();
const T0 = Date.UTC(2024, 4, 1) * 1000;

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigil-replay-'));
  return () => rm(dir, { recursive: true, force: true });
});

/** A SYSTEM_TIME frame carrying `i`, so each frame is told apart by its bytes. */
function frame(i: number): Uint8Array {
  return codec.encodeFrame(
    codec.byName('SYSTEM_TIME')!,
    { time_unix_usec: 0n, time_boot_ms: i },
    { version: 2, seq: i & 0xff, sysid: 1, compid: 1 },
  );
}

/** A tlog of `count` frames `stepUs` apart, with optional bytes between records. */
async function synthetic(name: string, count: number, stepUs: number, garbage?: Uint8Array) {
  const frames = Array.from({ length: count }, (_, i) => frame(i));
  const parts: Uint8Array[] = [];
  frames.forEach((f, i) => {
    parts.push(tlogRecord(T0 + i * stepUs, f));
    if (garbage && i % 10 === 5) parts.push(garbage);
  });
  const path = join(dir, name);
  await writeFile(path, Buffer.concat(parts));
  return { path, frames: frames.map((f) => Buffer.from(f).toString('hex')) };
}

/**
 * A replay of `path`, on a manual clock unless `real` is set: loading and
 * reading the file are real I/O the test waits for, and the pacing runs as
 * the test moves the clock.
 */
function replay(path: string, options: ReplayOptions = {}, real = false) {
  const clock = new ManualClock();
  const states: LinkState[] = [];
  const delivered: string[] = [];
  const times: number[] = [];
  const progress: ReplayProgress[] = [];
  const transport = new ReplayTransport(
    { kind: 'tlog', path },
    { ...(real ? {} : { clock }), ...options, onProgress: (p) => progress.push(p) },
  );
  const now = () => (real ? performance.now() : clock.now());
  transport.start({
    onData: (chunk) => {
      delivered.push(Buffer.from(chunk).toString('hex'));
      times.push(now());
    },
    onState: (state) => states.push(state),
  });
  cleanup.push(() => transport.close());
  return {
    transport,
    clock,
    /** Waits for the file to load and the first frame to play. */
    started: () => until(() => expect(delivered.length).toBeGreaterThan(0)),
    states,
    delivered,
    times,
    progress,
    last: () => progress.at(-1),
    done: () => until(() => expect(progress.at(-1)?.done).toBe(true)),
  };
}

describe('tlog replay', () => {
  it('plays every frame of a real tlog as fast as possible and reports done', async () => {
    const path = examplePath('vtol.tlog');
    const expected: string[] = [];
    const parser = new FrameParser(
      codec,
      (f) => expected.push(Buffer.from(f.bytes()).toString('hex')),
      'tlog',
    );
    parser.push(await readFile(path));
    parser.end();

    const r = replay(path, { rate: Infinity });
    await r.done();
    expect(r.delivered).toHaveLength(expected.length);
    expect(r.delivered).toEqual(expected);
    const end = r.last()!;
    expect(end.frames).toBe(expected.length);
    expect(end.totalFrames).toBe(expected.length);
    expect(end.bytesRead).toBe(end.totalBytes);
    expect(end.positionUs).toBe(end.endUs);
    expect(r.states).toEqual([{ status: 'connecting' }, { status: 'connected' }]);
  });

  it('lets the event loop turn at least every 256 frames while replaying as fast as possible', async () => {
    // Counted in frames between turns of the loop, not in milliseconds: what
    // keeps the app responsive is that the replay yields, whatever the machine's speed.
    let atLastTurn = 0;
    let mostBetweenTurns = 0;
    let turning = true;
    const r = replay(examplePath('vtol.tlog'), { rate: Infinity }, true);
    const turn = () => {
      mostBetweenTurns = Math.max(mostBetweenTurns, r.delivered.length - atLastTurn);
      atLastTurn = r.delivered.length;
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    await r.done();
    turning = false;
    expect(r.delivered.length).toBeGreaterThan(10_000);
    expect(mostBetweenTurns).toBeLessThanOrEqual(256);
  });

  it('reports progress at most about ten times a second, plus the end', async () => {
    const { path } = await synthetic('progress.tlog', 26, 20_000);
    const r = replay(path);
    await r.started();
    await r.clock.advanceAsync(1000);
    await r.done();
    // 0.5 s of recording: a start report, about five throttled ones, and the end.
    expect(r.progress.length).toBeLessThanOrEqual(9);
    expect(r.progress.filter((p) => p.done)).toHaveLength(1);
  });

  it('keeps the recorded pace at 1x', async () => {
    const { path } = await synthetic('pace.tlog', 21, 25_000);
    const r = replay(path);
    await r.started();
    await r.clock.advanceAsync(1000);
    await r.done();
    const elapsed = r.times.at(-1)! - r.times[0]!;
    expect(elapsed).toBeGreaterThan(400);
    expect(elapsed).toBeLessThan(900);
  });

  it('plays faster when the rate is raised mid-way', async () => {
    const { path } = await synthetic('rate.tlog', 41, 25_000);
    const r = replay(path);
    await r.started();
    await r.clock.advanceAsync(50);
    expect(r.delivered.length).toBeGreaterThan(2);
    r.transport.setRate(10);
    await r.clock.advanceAsync(1000);
    await r.done();
    // 1 s of recording: a few frames at 1x, the rest at 10x.
    expect(r.times.at(-1)! - r.times[0]!).toBeLessThan(500);
    expect(r.last()!.rate).toBe(10);
  });

  it('delivers nothing while paused and carries on when resumed', async () => {
    const { path, frames } = await synthetic('pause.tlog', 30, 10_000);
    const r = replay(path);
    await r.started();
    await r.clock.advanceAsync(30);
    expect(r.delivered.length).toBeGreaterThan(3);
    r.transport.pause();
    const held = r.delivered.length;
    await r.clock.advanceAsync(100);
    expect(r.delivered).toHaveLength(held);
    await until(() => expect(r.last()!.paused).toBe(true));
    r.transport.resume();
    await r.clock.advanceAsync(1000);
    await r.done();
    expect(r.delivered).toEqual(frames);
  });

  it('can start paused', async () => {
    const { path } = await synthetic('start-paused.tlog', 5, 1_000);
    const r = replay(path, { rate: Infinity, paused: true });
    await until(() => expect(r.states.at(-1)).toEqual({ status: 'connected' }));
    await r.clock.advanceAsync(50);
    expect(r.delivered).toHaveLength(0);
    r.transport.resume();
    await r.done();
    expect(r.delivered).toHaveLength(5);
  });

  it('seeks to a fraction of the recording', async () => {
    const { path, frames } = await synthetic('seek.tlog', 2000, 1_000);
    const r = replay(path, { rate: Infinity, paused: true });
    await until(() => expect(r.states.at(-1)).toEqual({ status: 'connected' }));
    r.transport.seek({ fraction: 0.5 });
    r.transport.resume();
    await r.done();
    // 1999 steps of 1 ms: the middle is frame 999.5, so the first frame played is 1000.
    expect(r.delivered).toEqual(frames.slice(1000));
  });

  it('seeks to a record time, backwards after the end too', async () => {
    const { path, frames } = await synthetic('seek-time.tlog', 2000, 1_000);
    const r = replay(path, { rate: Infinity });
    await r.done();
    r.delivered.length = 0;
    r.transport.seek({ timeUs: T0 + 1500 * 1000 });
    await until(() => expect(r.delivered).toEqual(frames.slice(1500)));
    await r.done();
    expect(r.last()!.positionUs).toBe(T0 + 1999 * 1000);
  });

  it('refuses a seek to a target that is not a number', () => {
    const r = replay(examplePath('vtol.tlog'), { paused: true });
    expect(() => r.transport.seek({ fraction: Number.NaN })).toThrow(RangeError);
    expect(() => r.transport.seek({ timeUs: Infinity })).toThrow('cannot seek to Infinity');
  });

  it('skips corrupt bytes between records', async () => {
    const garbage = new Uint8Array([0xfd, 0x09, 0x00, 0xfe, 0x11, 0x22, 0x33]);
    const { path, frames } = await synthetic('corrupt.tlog', 100, 1_000, garbage);
    const r = replay(path, { rate: Infinity });
    await r.done();
    expect(r.delivered).toEqual(frames);
  });

  it('never writes', () => {
    const r = replay(examplePath('vtol.tlog'), { rate: Infinity, paused: true });
    expect(r.transport.write(new Uint8Array([1]))).toBe(false);
  });

  it('says "file not found: PATH" for a missing file', async () => {
    const path = join(dir, 'missing.tlog');
    const r = replay(path);
    await until(() =>
      expect(r.states.at(-1)).toEqual({ status: 'error', message: `file not found: ${path}` }),
    );
  });

  it('says "not a tlog file: PATH" for a raw capture', async () => {
    const path = examplePath('mavlink-v2-3412-packets.bin');
    const r = replay(path);
    await until(() =>
      expect(r.states.at(-1)).toEqual({ status: 'error', message: `not a tlog file: ${path}` }),
    );
  });

  it('reports closed once and stops delivering on close', async () => {
    const { path } = await synthetic('close.tlog', 100, 10_000);
    const r = replay(path);
    await r.started();
    await r.clock.advanceAsync(10);
    expect(r.delivered.length).toBeGreaterThan(1);
    await r.transport.close();
    await r.transport.close();
    const count = r.delivered.length;
    await r.clock.advanceAsync(50);
    expect(r.delivered).toHaveLength(count);
    expect(r.states.filter((s) => s.status === 'closed')).toHaveLength(1);
  });
});

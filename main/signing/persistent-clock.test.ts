import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersistentClock, TimestampStore, startFloor } from './timestamp-store';

const NOW = 48_000_000_000_000;
let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigil-store-'));
  path = join(dir, 'signing-timestamp.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('TimestampStore', () => {
  it('loads what it saved', async () => {
    const store = new TimestampStore(path);
    await store.save(123_456_789);
    expect(await store.load()).toEqual({ state: 'restored', saved: 123_456_789 });
  });

  it('leaves no temporary file behind', async () => {
    await new TimestampStore(path).save(1);
    expect(await readdir(dir)).toEqual(['signing-timestamp.json']);
  });

  it('reports a missing file as missing', async () => {
    expect(await new TimestampStore(path).load()).toEqual({ state: 'missing' });
  });

  it.each([
    ['garbage', 'not JSON'],
    ['{"version":2,"lastTimestamp":5}', 'not a version 1 timestamp record'],
    ['{"version":1,"lastTimestamp":-5}', 'lastTimestamp is not a 48-bit timestamp'],
    ['{"version":1,"lastTimestamp":"5"}', 'lastTimestamp is not a 48-bit timestamp'],
    ['{"version":1,"lastTimestamp":281474976710656}', 'lastTimestamp is not a 48-bit timestamp'],
  ])('reports %s as corrupt: %s', async (content, reason) => {
    await writeFile(path, content);
    expect(await new TimestampStore(path).load()).toEqual({ state: 'corrupt', reason });
  });
});

describe('startFloor', () => {
  it('is 60 s above the saved timestamp when that is ahead of the wall clock', () => {
    expect(startFloor({ state: 'restored', saved: NOW }, NOW - 100)).toBe(NOW + 6_000_000);
  });

  it('is the wall clock when the saved timestamp is more than 60 s old', () => {
    expect(startFloor({ state: 'restored', saved: NOW - 9_000_000 }, NOW)).toBe(NOW);
  });

  it('is 60 s above the wall clock without a usable record', () => {
    expect(startFloor({ state: 'missing' }, NOW)).toBe(NOW + 6_000_000);
    expect(startFloor({ state: 'corrupt', reason: 'x' }, NOW)).toBe(NOW + 6_000_000);
  });
});

describe('PersistentClock', () => {
  const wallClock = () => NOW;

  it('starts above the saved timestamp and saves its new floor at once', async () => {
    await new TimestampStore(path).save(NOW + 1_000);
    const persistent = await PersistentClock.open(path, { wallClock });
    expect(persistent.status).toMatchObject({ start: 'restored', saves: 1 });
    expect(await new TimestampStore(path).load()).toEqual({
      state: 'restored',
      saved: NOW + 6_001_000,
    });
    expect(persistent.clock.next()).toBe(NOW + 6_001_000);
    await persistent.close();
  });

  it('reports a corrupt record and starts 60 s above the wall clock', async () => {
    await writeFile(path, '{');
    const persistent = await PersistentClock.open(path, { wallClock });
    expect(persistent.status).toMatchObject({ start: 'corrupt', corruptReason: 'not JSON' });
    expect(persistent.clock.next()).toBe(NOW + 6_000_000);
    await persistent.close();
  });

  it('saves the highest timestamp used when closed', async () => {
    const persistent = await PersistentClock.open(path, { wallClock });
    for (let i = 0; i < 10; i++) persistent.clock.next();
    await persistent.close();
    expect(await new TimestampStore(path).load()).toEqual({
      state: 'restored',
      saved: NOW + 6_000_009,
    });
  });

  it('saves before handing out a timestamp 60 s above what is on disk', async () => {
    const persistent = await PersistentClock.open(path, { wallClock, saveIntervalMs: 60_000 });
    persistent.clock.accept(NOW + 50_000_000); // a peer far ahead raised the clock
    const used = persistent.clock.next();
    // No await in between: the save happened inside next().
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ lastTimestamp: used });
    await persistent.close();
  });

  it('hands out timestamps below the restart floor without saving each one', async () => {
    const persistent = await PersistentClock.open(path, { wallClock, saveIntervalMs: 60_000 });
    for (let i = 0; i < 1000; i++) persistent.clock.next();
    expect(persistent.status.saves).toBe(1);
    await persistent.close();
  });

  it('a background save never replaces a newer urgent one', async () => {
    const persistent = await PersistentClock.open(path, { wallClock, saveIntervalMs: 60_000 });
    persistent.clock.next();
    const background = persistent.flush();
    persistent.clock.accept(NOW + 90_000_000);
    const used = persistent.clock.next();
    await background;
    expect(await new TimestampStore(path).load()).toEqual({ state: 'restored', saved: used });
    await persistent.close();
  });

  it('counts a save that fails and keeps the clock running', async () => {
    const persistent = await PersistentClock.open(join(dir, 'no-such-dir', 'ts.json'), {
      wallClock,
    });
    expect(persistent.status).toMatchObject({ start: 'missing', saves: 0, saveErrors: 1 });
    expect(persistent.status.lastSaveError).toContain('ENOENT');
    expect(persistent.clock.next()).toBe(NOW + 6_000_000);
    expect(persistent.status.saveErrors).toBe(2); // the urgent save at first use failed too
    await persistent.close();
  });
});

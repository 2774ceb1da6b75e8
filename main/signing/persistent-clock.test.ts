import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeReadOnly, type ReadOnlyFolder } from '../testing/read-only';
import { HELD } from './clock';
import {
  PersistentClock,
  describeClockHealth,
  startFloor,
  type ClockHealth,
  type PersistentClockOptions,
} from './persistent-clock';
import { TimestampStore } from './timestamp-store';

const NOW = 48_000_000_000_000;
const MINUTE = 6_000_000;
let dir: string;
let path: string;
let readOnly: ReadOnlyFolder | null = null;
const open: PersistentClock[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigil-clock-'));
  path = join(dir, 'signing-timestamp.json');
});

afterEach(async () => {
  readOnly?.restore();
  readOnly = null;
  for (const clock of open.splice(0)) await clock.close();
  await rm(dir, { recursive: true, force: true });
});

const wallClock = () => NOW;

/** Opens a clock on `file` (default: the test's), collecting what it reports. */
async function start(options: PersistentClockOptions & { file?: string } = {}) {
  const reports: ClockHealth[] = [];
  const persistent = await PersistentClock.open(options.file ?? path, {
    wallClock,
    saveIntervalMs: 60_000,
    onHealth: (health) => reports.push(health),
    ...options,
  });
  open.push(persistent);
  return {
    persistent,
    clock: persistent.clock,
    reports,
    log: () => reports.map(describeClockHealth),
  };
}

async function stop(persistent: PersistentClock): Promise<void> {
  await persistent.close();
  open.splice(open.indexOf(persistent), 1);
}

describe('startFloor', () => {
  it('is 60 s above the saved timestamp when that is ahead of the wall clock', () => {
    expect(startFloor({ state: 'restored', saved: NOW, problems: [] }, NOW - 100)).toBe(
      NOW + MINUTE,
    );
  });

  it('is the wall clock when the saved timestamp is more than 60 s old', () => {
    expect(startFloor({ state: 'restored', saved: NOW - 9_000_000, problems: [] }, NOW)).toBe(NOW);
  });

  it('is 60 s above the wall clock without a usable record', () => {
    expect(startFloor({ state: 'new' }, NOW)).toBe(NOW + MINUTE);
    expect(startFloor({ state: 'unreadable', problems: [] }, NOW)).toBe(NOW + MINUTE);
  });
});

describe('PersistentClock', () => {
  it('starts above the saved timestamp and saves its new floor at once', async () => {
    await new TimestampStore(path).save(NOW + 1_000);
    const { persistent, clock, reports } = await start();
    expect(persistent.health).toMatchObject({ state: 'ok', start: 'restored', saves: 1 });
    expect(await new TimestampStore(path).load()).toMatchObject({ saved: NOW + 6_001_000 });
    expect(clock.next()).toBe(NOW + 6_001_000);
    expect(reports).toEqual([]); // nothing to say
  });

  it('saves the highest timestamp used when closed', async () => {
    const { persistent, clock } = await start();
    for (let i = 0; i < 10; i++) clock.next();
    await stop(persistent);
    expect(await new TimestampStore(path).load()).toMatchObject({ saved: NOW + 6_000_009 });
  });

  it('saves before handing out a timestamp 60 s above what is on disk', async () => {
    const { clock } = await start();
    clock.accept(NOW + 50_000_000); // a peer far ahead raised the clock
    const used = clock.next();
    // No await in between: the save happened inside next().
    expect(await new TimestampStore(path).load()).toMatchObject({ saved: used });
  });

  it('hands out timestamps below the restart floor without saving each one', async () => {
    const { persistent, clock } = await start();
    for (let i = 0; i < 1000; i++) clock.next();
    expect(persistent.health.saves).toBe(1);
  });

  it('a background save never replaces a newer urgent one', async () => {
    const { persistent, clock } = await start();
    clock.next();
    const background = persistent.flush();
    clock.accept(NOW + 90_000_000);
    const used = clock.next();
    await background;
    expect(await new TimestampStore(path).load()).toMatchObject({ saved: used });
  });

  it('starts a clock saved at 2^48-1 exhausted: frames are held, nothing throws', async () => {
    writeFileSync(path, '{"version":1,"lastTimestamp":281474976710655}');
    const { persistent, clock, log } = await start();
    expect(clock.next()).toBe(HELD);
    expect(persistent.health).toMatchObject({ state: 'exhausted', holding: true, held: 1 });
    expect(new Set(log())).toEqual(
      new Set(['the signing clock has reached its 48-bit limit: signed frames are held']),
    );
    await stop(persistent);
    expect(await new TimestampStore(path).load()).toMatchObject({ saved: 2 ** 48 - 1 });
  });
});

/**
 * A MAVLink peer as the proof relies on: it raises its own timestamp to
 * every timestamp it accepts from us, and signs by the wall clock otherwise.
 */
function peer() {
  let highest = 0;
  return {
    takes(timestamps: number[]) {
      for (const t of timestamps) if (t > highest) highest = t;
    },
    next: () => (highest = Math.max(highest, NOW) + 1),
  };
}

/** Signs `count` frames (a peer raising the clock first when asked), returning the timestamps used. */
function sign(clock: PersistentClock['clock'], count: number): number[] {
  const used: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = clock.next();
    if (t !== HELD) used.push(t);
  }
  return used;
}

describe('a clock whose records cannot be read', () => {
  const unreadable: [string, () => void, string][] = [
    ['corrupt', () => writeFileSync(path, '{"version":2,"timestamp":4'), 'not JSON'],
    ['empty', () => writeFileSync(path, ''), 'empty'],
    [
      'of a version this Sigil does not read',
      () => writeFileSync(path, '{"version":9,"timestamp":5}'),
      'version 9 is not one this Sigil reads',
    ],
    [
      'negative',
      () => writeFileSync(path, '{"version":1,"lastTimestamp":-5}'),
      '-5 is not a timestamp (0 to 281474976710655)',
    ],
    ['a directory', () => mkdirSync(path), 'cannot read: EISDIR'],
  ];

  it.each(unreadable)(
    'when %s: holds signed frames, says which file and why, and reuses nothing after a restart',
    async (_what, damage, reason) => {
      // A run that a peer far ahead pushed an hour past the wall clock.
      const far = peer();
      const first = await start();
      first.clock.accept(NOW + 60 * 60 * 100_000);
      far.takes([NOW + 60 * 60 * 100_000]);
      const before = sign(first.clock, 20);
      far.takes(before);
      await stop(first.persistent);
      await rm(path, { recursive: true, force: true });
      await rm(join(dir, 'signing-timestamp.alt.json'), { force: true });
      damage();

      const { persistent, clock, log } = await start();
      expect(persistent.health).toMatchObject({
        state: 'unproven',
        holding: false,
        start: 'unreadable',
        problems: [{ file: path, reason }],
      });
      expect(log()).toEqual([
        `the signing clock could not be read (${path}: ${reason}): signed frames are held ` +
          'until a signed frame from a vehicle is accepted',
      ]);
      // The wall clock alone would reuse the hour the peer pushed us through.
      expect(sign(clock, 5)).toEqual([]);
      expect(persistent.health).toMatchObject({ holding: true, held: 5 });

      clock.accept(far.next()); // the peer's next signed frame proves where to go on from
      const after = sign(clock, 20);
      expect(after).toHaveLength(20);
      expect(Math.min(...after)).toBeGreaterThan(Math.max(...before));
      expect(persistent.health).toMatchObject({ state: 'ok', holding: false });
      expect(log().at(-1)).toMatch(/sound again|the other one was used/);
    },
  );

  it('writes nothing while unproven, so a second restart is as careful', async () => {
    writeFileSync(path, 'garbage');
    const first = await start();
    sign(first.clock, 3);
    await stop(first.persistent);
    const { persistent } = await start();
    expect(persistent.health).toMatchObject({ state: 'unproven', saves: 0 });
  });
});

describe('a clock that cannot be saved', () => {
  it('in a read-only folder: holds past the last saved value + 60 s, says why, reuses nothing', async (context) => {
    const first = await start();
    const early = sign(first.clock, 3);
    readOnly = makeReadOnly(dir);
    if (readOnly === null) return context.skip('no way to make a folder read-only here');
    first.clock.accept(NOW + 10 * MINUTE); // past what is on disk + 60 s: needs a save
    expect(sign(first.clock, 4)).toEqual([]);
    const health = first.persistent.health;
    expect(health).toMatchObject({ state: 'unsaved', holding: true, held: 4 });
    expect(health.problems[0]!.reason).toMatch(/^cannot write: E[A-Z]+$/);
    expect(first.log().at(-1)).toMatch(
      new RegExp(
        `^the signing clock cannot be saved \\(${dir}/signing-timestamp[.a-z]*json: cannot write: E[A-Z]+\\): signed frames are held until it can$`,
      ),
    );
    await stop(first.persistent);

    const second = await start(); // still read-only
    expect(second.persistent.health).toMatchObject({ state: 'unsaved', start: 'restored' });
    expect(sign(second.clock, 3)).toEqual([]);
    readOnly.restore();
    await second.persistent.flush(); // the background save retries
    const later = sign(second.clock, 3);
    expect(later).toHaveLength(3);
    expect(Math.min(...later)).toBeGreaterThan(Math.max(...early));
    expect(second.persistent.health).toMatchObject({ state: 'ok', problems: [] });
  });

  it('in a folder that does not exist: holds from the first frame and names the file', async () => {
    const file = join(dir, 'missing', 'signing-timestamp.json');
    const { persistent, clock, log } = await start({ file });
    expect(clock.next()).toBe(HELD);
    expect(persistent.health).toMatchObject({
      state: 'unsaved',
      start: 'new',
      holding: true,
      problems: [{ file, reason: 'cannot write: ENOENT' }],
    });
    expect(log()[0]).toContain(`${file}: cannot write: ENOENT`);
  });
});

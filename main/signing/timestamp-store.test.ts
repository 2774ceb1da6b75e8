import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeReadOnly, type ReadOnlyFolder } from '../testing/read-only';
import { ClockWriteError, TimestampStore, alternatePath } from './timestamp-store';

let dir: string;
let path: string;
let alt: string;
let readOnly: ReadOnlyFolder | null = null;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigil-store-'));
  path = join(dir, 'signing-timestamp.json');
  alt = join(dir, 'signing-timestamp.alt.json');
});

afterEach(async () => {
  readOnly?.restore();
  readOnly = null;
  await rm(dir, { recursive: true, force: true });
});

describe('TimestampStore', () => {
  it('keeps its second record beside the first', () => {
    expect(alternatePath(path)).toBe(alt);
    expect(new TimestampStore(path).paths).toEqual([path, alt]);
  });

  it('loads what it saved', async () => {
    const store = new TimestampStore(path);
    await store.save(123_456_789);
    expect(await new TimestampStore(path).load()).toEqual({
      state: 'restored',
      saved: 123_456_789,
      problems: [],
    });
  });

  it('leaves no temporary file behind, and its files are owner-only', async () => {
    const store = new TimestampStore(path);
    await store.save(1);
    store.saveSync(2);
    expect(readdirSync(dir).sort()).toEqual([
      'signing-timestamp.alt.json',
      'signing-timestamp.json',
    ]);
    if (process.platform !== 'win32') {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(alt).mode & 0o777).toBe(0o600);
    }
  });

  it('calls a store with no file at all new', async () => {
    expect(await new TimestampStore(path).load()).toEqual({ state: 'new' });
  });

  it('writes its two files in turn', async () => {
    const store = new TimestampStore(path);
    expect(await store.save(1)).toBe(path);
    expect(await store.save(2)).toBe(alt);
    expect(store.saveSync(3)).toBe(path);
    expect(await new TimestampStore(path).load()).toMatchObject({ saved: 3 });
  });

  it('loses at most the record a bad write was replacing', async () => {
    const store = new TimestampStore(path);
    await store.save(1_000);
    await store.save(2_000);
    writeFileSync(alt, '{"version":2,"timest'); // a torn write of the newer record
    expect(await new TimestampStore(path).load()).toEqual({
      state: 'restored',
      saved: 1_000,
      problems: [{ file: alt, reason: 'not JSON' }],
    });
  });

  it('writes over the bad file next, keeping the good one', async () => {
    writeFileSync(path, 'garbage');
    writeFileSync(alt, '{"version":1,"lastTimestamp":500}');
    const store = new TimestampStore(path);
    await store.load();
    expect(await store.save(600)).toBe(path);
    expect(await new TimestampStore(path).load()).toMatchObject({ saved: 600, problems: [] });
  });

  it('calls a store whose files are all bad unreadable, naming each', async () => {
    writeFileSync(path, '');
    mkdirSync(alt);
    expect(await new TimestampStore(path).load()).toEqual({
      state: 'unreadable',
      problems: [
        { file: path, reason: 'empty' },
        { file: alt, reason: 'cannot read: EISDIR' },
      ],
    });
  });

  it('writes the other file when one cannot be written', async () => {
    mkdirSync(path);
    const store = new TimestampStore(path);
    await store.load();
    expect(await store.save(7)).toBe(alt);
    expect(store.saveSync(8)).toBe(alt);
    expect(await new TimestampStore(path).load()).toMatchObject({ state: 'restored', saved: 8 });
  });

  it('throws a ClockWriteError naming the file and the reason when neither can be written', async (context) => {
    const store = new TimestampStore(path);
    await store.save(1);
    readOnly = makeReadOnly(dir);
    if (readOnly === null) return context.skip('no way to make a folder read-only here');
    await expect(store.save(2)).rejects.toBeInstanceOf(ClockWriteError);
    expect(() => store.saveSync(2)).toThrow(new RegExp(`cannot write ${alt}: E[A-Z]+`));
    expect(store.saved).toBe(1);
  });

  it('never writes a value over a higher one already in place', async () => {
    const store = new TimestampStore(path);
    await store.save(10);
    const background = store.save(20);
    store.saveSync(30); // lands first
    await background;
    expect(await new TimestampStore(path).load()).toMatchObject({ saved: 30 });
    expect(store.saved).toBe(30);
    expect(readdirSync(dir)).toHaveLength(2);
  });
});

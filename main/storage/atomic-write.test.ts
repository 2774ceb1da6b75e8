import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeReadOnly, type ReadOnlyFolder } from '../testing/read-only';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write';

const POSIX = process.platform !== 'win32';

let dir: string;
let readOnly: ReadOnlyFolder | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sigil-atomic-'));
});

afterEach(async () => {
  readOnly?.restore();
  readOnly = null;
  await rm(dir, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe.each([
  ['writeFileAtomic', writeFileAtomic],
  [
    'writeFileAtomicSync',
    (...args: Parameters<typeof writeFileAtomicSync>) =>
      Promise.resolve().then(() => writeFileAtomicSync(...args)),
  ],
] as const)('%s', (_name, write) => {
  it('replaces the file with the new content', async () => {
    const path = join(dir, 'record.json');
    await writeFile(path, 'old');
    expect(await write(path, 'new')).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it.runIf(POSIX)('creates the file readable by its owner only', async () => {
    const path = join(dir, 'record.json');
    await write(path, new Uint8Array([1, 2, 3]));
    expect(mode(path)).toBe(0o600);
    expect(readFileSync(path)).toEqual(Buffer.from([1, 2, 3]));
  });

  it.runIf(POSIX)('gives a replaced file owner-only permissions too', async () => {
    const path = join(dir, 'record.json');
    await writeFile(path, 'old', { mode: 0o644 });
    await write(path, 'new');
    expect(mode(path)).toBe(0o600);
  });

  it('leaves no temporary file behind', async () => {
    await write(join(dir, 'record.json'), 'x');
    expect(readdirSync(dir)).toEqual(['record.json']);
  });

  it.runIf(POSIX)('creates a missing folder owner-only when asked', async () => {
    const folder = join(dir, 'nested', 'deeper');
    await write(join(folder, 'record.json'), 'x', { createFolder: true });
    expect(readdirSync(folder)).toEqual(['record.json']);
    expect(mode(folder)).toBe(0o700);
  });

  it('fails in a missing folder unless asked to create it', async () => {
    await expect(write(join(dir, 'missing', 'record.json'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('keeps the old file and leaves no partial one when the rename fails', async () => {
    // A folder where the file should be: everything but the rename succeeds.
    const path = join(dir, 'record.json');
    mkdirSync(path);
    await expect(write(path, 'new')).rejects.toThrow();
    expect(statSync(path).isDirectory()).toBe(true);
    expect(readdirSync(dir)).toEqual(['record.json']);
  });

  it.runIf(POSIX)('keeps the old file when the folder is read-only', async (context) => {
    const path = join(dir, 'record.json');
    await writeFile(path, 'old');
    readOnly = makeReadOnly(dir);
    if (readOnly === null) return context.skip('no way to make a folder read-only here');
    await expect(write(path, 'new')).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    readOnly.restore();
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['record.json']);
  });

  it('drops the write when commitIf declines, leaving the file as it was', async () => {
    const path = join(dir, 'record.json');
    await writeFile(path, 'newer');
    expect(await write(path, 'older', { commitIf: () => false })).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('newer');
    expect(readdirSync(dir)).toEqual(['record.json']);
  });
});

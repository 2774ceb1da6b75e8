// `npm start` first runs scripts/check-electron.mjs: without Electron's own
// program (it could not be downloaded) it says so in one paragraph, with
// what to do, instead of a stack trace. Here against electron package
// folders made in the test, with and without a binary.

import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/check-electron.mjs', import.meta.url));

const cleanup: string[] = [];
afterEach(async () => {
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** An electron package folder: package.json, and path.txt and the binary when given. */
async function electronPackage(parts: { pathTxt?: string; binary?: string } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'sigil-electron-'));
  cleanup.push(dir);
  await writeFile(join(dir, 'package.json'), '{ "name": "electron" }');
  if (parts.pathTxt !== undefined) await writeFile(join(dir, 'path.txt'), parts.pathTxt);
  if (parts.binary !== undefined) {
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', parts.binary), '');
  }
  return dir;
}

function check(dir: string, env: NodeJS.ProcessEnv = {}) {
  const inherited = { ...process.env };
  delete inherited.ELECTRON_OVERRIDE_DIST_PATH;
  return spawnSync(process.execPath, [SCRIPT, dir], {
    encoding: 'utf8',
    env: { ...inherited, ...env },
  });
}

function expectOneParagraph(text: string) {
  expect(text.trim().split('\n\n')).toHaveLength(1);
  expect(text).not.toMatch(/^\s+at /m);
  expect(text.replace(/\s+/g, ' ')).toContain(
    'npm run serve gives the same ground station in a browser.',
  );
}

describe('npm start, before it builds and starts Electron', () => {
  it('goes on silently where the binary the electron package names is there', async () => {
    const result = check(await electronPackage({ pathTxt: 'electron', binary: 'electron' }));
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toBe('');
  });

  it('explains in one paragraph, and exits 1, when the binary was never downloaded', async () => {
    const dir = await electronPackage();
    const result = check(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expectOneParagraph(result.stderr);
    const text = result.stderr.replace(/\s+/g, ' ');
    expect(text).toContain(
      `The desktop app cannot start: Electron's own program is not installed ` +
        `(no ${join(dir, 'path.txt')}, which names it).`,
    );
    expect(text).toContain(`with network access, run node ${join(dir, 'install.js')}`);
  });

  it('explains the same when the binary that path.txt names is gone', async () => {
    const dir = await electronPackage({ pathTxt: 'electron' });
    const result = check(dir);
    expect(result.status).toBe(1);
    expectOneParagraph(result.stderr);
    expect(result.stderr.replace(/\s+/g, ' ')).toContain(
      `Electron's own program is not installed (no ${join(dir, 'dist', 'electron')}).`,
    );
  });

  it('says to run npm install when the electron package itself is not there', () => {
    const result = check(join(tmpdir(), 'sigil-no-such-electron-package'));
    expect(result.status).toBe(1);
    expectOneParagraph(result.stderr);
    expect(result.stderr.replace(/\s+/g, ' ')).toContain('the electron package is not installed');
    expect(result.stderr).toContain('Run npm install');
  });

  it('takes the binary from ELECTRON_OVERRIDE_DIST_PATH, as Electron does', async () => {
    const elsewhere = await electronPackage({ binary: 'electron' });
    const result = check(await electronPackage(), {
      ELECTRON_OVERRIDE_DIST_PATH: join(elsewhere, 'dist'),
    });
    expect(result.status).toBe(0);
  });
});

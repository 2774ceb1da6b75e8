// The esbuild bundles, as Electron would load them: the preload in a bare
// context whose require knows only `electron` (a sandboxed preload), and
// the main process in plain Node with a stand-in for `electron`
// (testing/run-main.mjs), through a session and a quit. What needs the
// real Electron binary (a window, IPC, safeStorage) is not tested here.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../host/static-files';
import { KEY_FILE } from '../../main/storage/key-store';
import { freeUdpPort } from '../../main/testing/ports';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUN_MAIN = fileURLToPath(new URL('./testing/run-main.mjs', import.meta.url));
let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'sigil-bundle-'));
  const script = join(ROOT, 'scripts', 'build.mjs');
  const build = spawnSync(process.execPath, [script, '--out', out, 'electron'], {
    encoding: 'utf8',
  });
  expect(build.stderr).toBe('');
  expect(build.status).toBe(0);
  await mkdir(join(out, 'renderer'));
  await writeFile(join(out, 'renderer', 'index.html'), '<!doctype html><title>Sigil</title>');
}, 60_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('the preload bundle', () => {
  it('needs only electron and exposes exactly request and subscribe', async () => {
    const code = await readFile(join(out, 'electron', 'preload.cjs'), 'utf8');
    const required: string[] = [];
    const exposed: Record<string, unknown> = {};
    const electron = {
      contextBridge: {
        exposeInMainWorld: (name: string, value: unknown) => (exposed[name] = value),
      },
      ipcRenderer: { invoke: () => Promise.resolve(), on() {}, removeListener() {} },
    };
    const module = { exports: {} };
    runInNewContext(code, {
      module,
      exports: module.exports,
      queueMicrotask,
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      },
    });
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['sigil']);
    const api = exposed.sigil as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['request', 'subscribe']);
    expect(typeof api.request).toBe('function');
  });
});

describe('the afterPack bundle', () => {
  it('is found and run by electron-builder the way it loads hooks', async () => {
    // app-builder-lib is electron-builder's own; its hook loader is what dist uses.
    const require = createRequire(join(ROOT, 'node_modules', 'electron-builder', 'package.json'));
    const { resolveFunction } = require('app-builder-lib/out/util/resolve') as {
      resolveFunction(type: unknown, executor: string, name: string, root: string): unknown;
    };
    const hook = await resolveFunction(
      undefined,
      join(out, 'build', 'after-pack.cjs'),
      'afterPack',
      out,
    );
    expect(typeof hook).toBe('function');
    const flipped: unknown[] = [];
    const context = {
      electronPlatformName: 'linux',
      packager: { addElectronFuses: async (_c: unknown, fuses: unknown) => flipped.push(fuses) },
    };
    await (hook as (c: unknown) => Promise<void>)(context);
    expect(flipped).toHaveLength(1);
    expect(flipped[0]).toMatchObject({ version: '1', 0: false, 5: true });
  });
});

interface Line {
  what: string;
  [key: string]: unknown;
}

function spawnMain(userData: string, keyring: boolean, action: string, switches: string[]) {
  const run = spawnSync(
    process.execPath,
    [RUN_MAIN, out, userData, keyring ? 'keyring' : 'no-keyring', action, ...switches],
    // The bundle sits in a temporary folder: serialport comes from the repository's packages.
    {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    },
  );
  expect(run.status).toBe(0);
  const lines = run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
  return { lines, stderr: run.stderr };
}

function runMain(userData: string, keyring: boolean, action = '', switches: string[] = []): Line[] {
  const { lines, stderr } = spawnMain(userData, keyring, action, switches);
  expect(stderr).toBe('');
  return lines;
}

const find = (lines: Line[], what: string) => lines.find((l) => l.what === what);

describe('the main bundle with a stand-in electron', () => {
  it('wires the window, protocol, IPC, key store and quit', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'sigil-userdata-'));
    try {
      const first = runMain(userData, true, 'generate');
      expect(find(first, 'enableSandbox')).toBeDefined();
      expect(find(first, 'schemes')?.schemes).toEqual([
        { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
      ]);
      expect(first.filter((l) => l.what === 'permissions')).toHaveLength(3);
      expect(find(first, 'window')?.webPreferences).toMatchObject({
        preload: 'preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
      });
      expect(find(first, 'loadURL')?.url).toBe('app://sigil/index.html');
      expect(find(first, 'page')).toEqual({
        what: 'page',
        status: 200,
        csp: contentSecurityPolicy('ipc'),
      });
      expect(find(first, 'state')?.fingerprint).toBeNull();
      expect(find(first, 'foreign')?.answer).toMatchObject({ packetType: 'service.error' });
      // No switches: userData as Electron has it, the default link, no simulated vehicle.
      expect(find(first, 'setPath')).toBeUndefined();
      expect(find(first, 'links')?.connections).toEqual(['udpin:0.0.0.0:14550']);
      expect(find(first, 'navigate')?.prevented).toBe(true);
      expect(first.filter((l) => l.what === 'quit').map((l) => l.held)).toEqual([true, false]);
      expect(find(first, 'errorBox')).toBeUndefined();
      // The quit waited for the service: the signing timestamp was saved.
      expect(await readdir(userData)).toContain('signing-timestamp.json');

      // The key is on disk, encrypted, and comes back at the next start.
      const key = find(first, 'key') as unknown as { fingerprint: string; hex: string };
      expect(key.hex).toMatch(/^[0-9a-f]{64}$/);
      const stored = await readFile(join(userData, KEY_FILE));
      expect(stored.includes(Buffer.from(key.hex))).toBe(false);
      expect(stored.includes(Buffer.from(key.hex, 'hex'))).toBe(false);
      const second = runMain(userData, true);
      expect(find(second, 'state')?.fingerprint).toBe(key.fingerprint);
    } finally {
      await rm(userData, { recursive: true, force: true });
    }
  }, 60_000);

  it('without a keyring uses the key but keeps nothing, and says so', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'sigil-userdata-'));
    try {
      const lines = runMain(userData, false, 'generate');
      expect(find(lines, 'key')?.fingerprint).toMatch(/^[0-9a-f:]+$/);
      expect(find(lines, 'dialog')?.message).toBe('The signing key will not be kept');
      expect(await readdir(userData)).not.toContain(KEY_FILE);
    } finally {
      await rm(userData, { recursive: true, force: true });
    }
  }, 60_000);

  it("takes its switches from among Chromium's: data folder, first link, simulated vehicle", async () => {
    const userData = await mkdtemp(join(tmpdir(), 'sigil-userdata-'));
    const dataDir = join(userData, 'elsewhere', 'data');
    const link = `udpin:127.0.0.1:${await freeUdpPort()}`;
    try {
      const lines = runMain(userData, true, '', [
        `--data-dir=${dataDir}`,
        '--no-sandbox',
        `--link=${link}`,
        '--sim',
        '--keep-signatures',
        '--lang=en-US',
      ]);
      expect(find(lines, 'setPath')).toEqual({ what: 'setPath', name: 'userData', path: dataDir });
      expect(find(lines, 'links')?.connections).toEqual([link]);
      // The simulated copter (system id 1) was heard on that link.
      expect(find(lines, 'vehicles')?.sysids).toEqual([1]);
      expect(lines.filter((l) => l.what === 'quit').map((l) => l.held)).toEqual([true, false]);
      expect(find(lines, 'errorBox')).toBeUndefined();
      // Everything went to --data-dir, created as needed: the timestamp, the flight log.
      expect(await readdir(dataDir)).toEqual(
        expect.arrayContaining(['signing-timestamp.json', 'logs']),
      );
      expect((await readdir(join(dataDir, 'logs'))).some((f) => f.endsWith('.tlog'))).toBe(true);
      expect(await readdir(userData)).toEqual(['elsewhere']);
    } finally {
      await rm(userData, { recursive: true, force: true });
    }
  }, 60_000);

  it('reports malformed switches on stderr, without a dialog, and uses the defaults', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'sigil-userdata-'));
    try {
      const { lines, stderr } = spawnMain(userData, true, '', [
        '--data-dir=',
        '--link=bogus:1',
        '--sim=yes',
        '--keep-signatures',
      ]);
      expect(stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^sigil: --data-dir needs a folder/),
        expect.stringMatching(
          /^sigil: --link: unknown connection 'bogus:1'.*udpin:0\.0\.0\.0:14550/,
        ),
        expect.stringMatching(/^sigil: --sim takes no value/),
      ]);
      expect(find(lines, 'setPath')).toBeUndefined();
      expect(find(lines, 'links')?.connections).toEqual(['udpin:0.0.0.0:14550']);
      expect(find(lines, 'dialog')).toBeUndefined();
      expect(find(lines, 'errorBox')).toBeUndefined();
      expect(await readdir(userData)).toContain('signing-timestamp.json');
    } finally {
      await rm(userData, { recursive: true, force: true });
    }
  }, 60_000);
});

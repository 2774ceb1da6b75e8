// The desktop app, where its binary exists. `npm install` downloads it
// (node_modules/electron/path.txt names it); on a machine that could not,
// the electron project's scenarios are skipped with that reason.

import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from '@playwright/test';
import { ROOT } from './paths';

export const ELECTRON_MAIN = join(ROOT, 'out', 'electron', 'main.cjs');
const ELECTRON_PACKAGE = join(ROOT, 'node_modules', 'electron');

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

export function electronBinary(): ElectronBinary {
  const pathTxt = join(ELECTRON_PACKAGE, 'path.txt');
  if (!existsSync(pathTxt)) {
    return {
      ok: false,
      reason:
        'no Electron binary: node_modules/electron/path.txt is missing (its installer could not download it here)',
    };
  }
  const path = join(ELECTRON_PACKAGE, 'dist', readFileSync(pathTxt, 'utf8').trim());
  if (!existsSync(path)) {
    return { ok: false, reason: `no Electron binary: ${path} (named by path.txt) is missing` };
  }
  return { ok: true, path };
}

export interface RunningElectron {
  readonly app: ElectronApplication;
  readonly dataDir: string;
  /** Quits the app (the core closes: timestamp saved, logs closed) and removes the data. */
  close(): Promise<void>;
}

export async function launchElectron(executablePath: string): Promise<RunningElectron> {
  // app/electron/main.ts keeps its data in app.getPath('userData'), which
  // on Linux is $XDG_CONFIG_HOME/<app name>: a fresh XDG_CONFIG_HOME gives
  // each run its own data folder (and its own single-instance lock).
  const home = await mkdtemp(join(tmpdir(), 'sigil-e2e-electron-'));
  const args = [ELECTRON_MAIN];
  // Chromium will not start as root with its sandbox on (containers, CI).
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  const app = await _electron.launch({
    executablePath,
    args,
    cwd: ROOT,
    env: { ...process.env, XDG_CONFIG_HOME: home },
    timeout: 30_000,
  });
  return {
    app,
    dataDir: join(home, 'sigil'),
    async close() {
      await app.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

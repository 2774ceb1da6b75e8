// The desktop app, where its binary exists. `npm install` downloads it
// (node_modules/electron/path.txt names it); on a machine that could not,
// the electron project's scenarios are skipped with that reason.

import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from '@playwright/test';
import { ROOT } from './paths';
import { freeUdpPort } from '../../main/testing/ports';
import { corruptClock } from './host';
import { noTileSource } from './tiles';

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

export interface ElectronOptions {
  /** --keep-signatures (a capture that can be replayed at a signed link). */
  keepSignatures?: boolean;
  /** Start with an unreadable signing clock in the data folder. */
  corruptClock?: boolean;
}

export interface RunningElectron {
  readonly app: ElectronApplication;
  /** The UDP listener the simulated copter sends to. */
  readonly link: string;
  readonly dataDir: string;
  /** Quits the app (the core closes: timestamp saved, logs closed) and removes the data. */
  close(): Promise<void>;
}

/**
 * The desktop app as the headless host is started (support/host.ts): a
 * fresh data folder (which is also its userData, so its own Chromium
 * profile and single-instance lock), a UDP listener on a free loopback
 * port and the simulated copter (app/electron/options.ts has the switches).
 */
export async function launchElectron(
  executablePath: string,
  options: ElectronOptions = {},
): Promise<RunningElectron> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sigil-e2e-electron-'));
  const link = `udpin:127.0.0.1:${await freeUdpPort()}`;
  if (options.corruptClock === true) await corruptClock(dataDir);
  await noTileSource(dataDir);
  const args = [ELECTRON_MAIN, `--data-dir=${dataDir}`, `--link=${link}`, '--sim'];
  if (options.keepSignatures === true) args.push('--keep-signatures');
  // Chromium will not start as root with its sandbox on (containers, CI).
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  const app = await _electron
    .launch({ executablePath, args, cwd: ROOT, timeout: 30_000 })
    .catch(async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    });
  return {
    app,
    link,
    dataDir,
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

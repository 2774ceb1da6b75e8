// The desktop app's main process: one window showing the built user
// interface from app://sigil/, the Api service behind one IPC entry point,
// the signing key kept through safeStorage, and a clean quit. Its switches
// (--data-dir=DIR, --sim, --link=CONNECTION|none, --keep-signatures) are
// read by options.ts. Bundled by scripts/build.mjs into out/electron/main.cjs.

import {
  BrowserWindow,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiService } from '../../main/api/service';
import type { SigningKey } from '../../main/signing/key';
import { createSerialBinding } from '../../native/serial';
import { uiRoot } from '../host/static-files';
import { forwardEvents, createRequestHandler } from './ipc';
import { IPC_CHANNELS } from './ipc-channels';
import { KeyStore, safeStorageEncryptor } from './key-store';
import { quitAfter } from './lifecycle';
import { parseOptions, serviceOptions } from './options';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_URL, createAppProtocolHandler } from './protocol';
import { denyPermissions, hardenContents, windowOptions } from './window';

// Next to this bundle in out/electron/: the preload; one folder up: the UI.
const PRELOAD = join(__dirname, 'preload.cjs');
const RENDERER_DIR = join(__dirname, '..', 'renderer');

const { options, problems } = parseOptions(process.argv.slice(1), process.cwd());
for (const problem of problems) console.error(`sigil: ${problem}`);

let window: BrowserWindow | null = null;
let service: ApiService | null = null;
let stopEvents: (() => void) | null = null;

function warn(message: string, detail: string): void {
  const options = { type: 'warning' as const, message, detail, buttons: ['OK'] };
  void (window === null || window.isDestroyed()
    ? dialog.showMessageBox(options)
    : dialog.showMessageBox(window, options));
}

async function keepKey(keys: KeyStore, key: SigningKey | null): Promise<void> {
  // A failure to write rejects, and the service then keeps the old key.
  const result = await keys.save(key);
  if (!result.kept) warn('The signing key will not be kept', result.reason);
}

function trustedFrame() {
  return window === null || window.isDestroyed() ? null : window.webContents.mainFrame;
}

async function start(): Promise<void> {
  denyPermissions(session.defaultSession);
  const root = await uiRoot(RENDERER_DIR);

  // --data-dir has been made userData (below), so both are the same folder.
  const dataDir = app.getPath('userData');
  const keys = new KeyStore(dataDir, safeStorageEncryptor(safeStorage));
  const stored = await keys.load();
  service = await ApiService.start({
    // The signing clock's troubles, naming the file and the reason, as sigil serve prints them.
    ...serviceOptions(options, dataDir, (message) => console.error(`sigil: ${message}`)),
    serial: createSerialBinding(),
    saveKey: (key) => keepKey(keys, key),
    ...(stored.key === null ? {} : { key: stored.key }),
  });
  // Before the window: the page's tiles come through the service's cache.
  protocol.handle(APP_SCHEME, createAppProtocolHandler(root, service.tiles));
  ipcMain.handle(IPC_CHANNELS.request, createRequestHandler(service, trustedFrame));

  window = new BrowserWindow(windowOptions(PRELOAD));
  const shown = window;
  shown.once('ready-to-show', () => shown.show());
  shown.on('closed', () => {
    stopEvents?.();
    stopEvents = null;
    window = null;
  });
  stopEvents = forwardEvents(service, shown.webContents);
  await shown.loadURL(APP_URL);
  if (stored.problem !== undefined) warn('The stored signing key was not loaded', stored.problem);
  if (options.sim) await startSim();
}

/** --sim: the simulated vehicle, as the Connections view starts it. */
async function startSim(): Promise<void> {
  const answer = await service?.handle({ packetId: 'main-sim', packetType: 'sim.start' });
  if (answer?.packetType === 'service.error') {
    console.error(`sigil: no simulated vehicle: ${answer.message}`);
  }
}

/**
 * --data-dir: the folder becomes userData, before the app is ready, so that
 * Chromium's profile and the single-instance lock are in it too (another
 * data folder is another Sigil). False when it cannot be made.
 */
function useDataDir(dir: string | undefined): boolean {
  if (dir === undefined) return true;
  try {
    mkdirSync(dir, { recursive: true });
    app.setPath('userData', dir);
    return true;
  } catch (error) {
    dialog.showErrorBox(
      'Sigil cannot start',
      `The data folder ${dir} (--data-dir) cannot be used: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
}

async function shutdown(): Promise<void> {
  stopEvents?.();
  stopEvents = null;
  ipcMain.removeHandler(IPC_CHANNELS.request);
  await service?.close();
  service = null;
}

// Before the app is ready: the scheme's privileges, and every renderer sandboxed.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

if (!useDataDir(options.dataDir)) {
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  // Another Sigil owns the data folder and the links: it gets the focus instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window === null) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, shell));
  app.on('window-all-closed', () => app.quit());
  app.on(
    'before-quit',
    quitAfter(app, shutdown, {
      onError: (error) => console.error('sigil: shutting down:', error),
    }),
  );
  app
    .whenReady()
    .then(start)
    .catch(async (error: unknown) => {
      dialog.showErrorBox(
        'Sigil cannot start',
        error instanceof Error ? error.message : String(error),
      );
      await shutdown().catch(() => undefined);
      app.exit(1);
    });
}

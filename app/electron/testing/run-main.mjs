/* global setImmediate, setTimeout, Request */
// Runs the bundled main process (out/electron/main.cjs) in plain Node with a
// stand-in for the `electron` module, drives one session through it, and
// prints what happened as JSON lines. It checks the bundle and its wiring;
// Electron itself is not here (no binary can be downloaded on this machine).
//
//   node run-main.mjs OUT_DIR USER_DATA keyring|no-keyring [generate|''] [SWITCH...]
//
// The switches reach main.cjs in process.argv as Electron passes them: after
// Chromium's own (one is put in front, to be ignored) and the app's path.
// With --sim, the session lasts until the simulated vehicle is heard.

import { EventEmitter } from 'node:events';
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const [, , OUT, USER_DATA, KEYRING, ACTION, ...SWITCHES] = process.argv;
const MAIN = path.join(OUT, 'electron', 'main.cjs');
process.argv = [process.execPath, '--enable-logging', MAIN, ...SWITCHES];
const log = (what, data = {}) => process.stdout.write(`${JSON.stringify({ what, ...data })}\n`);

const mainFrame = {
  frameToken: 'main-frame',
  processId: 4,
  url: 'app://sigil/index.html',
  parent: null,
  isDestroyed: () => false,
};

let protocolHandler;
const windows = [];
const ipcHandlers = new Map();

const app = new EventEmitter();
let userData = USER_DATA;
Object.assign(app, {
  getPath(name) {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return userData;
  },
  setPath(name, value) {
    if (name !== 'userData') throw new Error(`unexpected setPath(${name})`);
    log('setPath', { name, path: value });
    userData = value;
  },
  requestSingleInstanceLock: () => true,
  enableSandbox: () => log('enableSandbox'),
  whenReady: () => Promise.resolve(),
  quit() {
    let held = false;
    app.emit('before-quit', { preventDefault: () => (held = true) });
    log('quit', { held });
    if (!held) setImmediate(() => process.exit(0));
  },
  exit(code) {
    log('exit', { code });
    process.exit(code);
  },
});

class WebContents extends EventEmitter {
  mainFrame = mainFrame;
  isDestroyed = () => false;
  send(channel, packet) {
    log('sent', { channel, packetType: packet.packetType });
  }
  setWindowOpenHandler(handler) {
    this.openHandler = handler;
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.webContents = new WebContents();
    windows.push(this);
    log('window', {
      webPreferences: {
        ...options.webPreferences,
        preload: path.basename(options.webPreferences.preload),
      },
    });
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    log('loadURL', { url });
    setImmediate(() => scenario().catch((error) => log('error', { message: String(error) })));
    return Promise.resolve();
  }
  show() {}
  isDestroyed = () => false;
  isMinimized = () => false;
  focus() {}
  restore() {}
}

const xor = (bytes) => Buffer.from(bytes.map((b) => b ^ 0x5a));
const electron = {
  app,
  BrowserWindow,
  session: {
    defaultSession: {
      setPermissionRequestHandler: () => log('permissions', { kind: 'request' }),
      setPermissionCheckHandler: () => log('permissions', { kind: 'check' }),
      setDevicePermissionHandler: () => log('permissions', { kind: 'device' }),
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes) => log('schemes', { schemes }),
    handle(scheme, handler) {
      protocolHandler = handler;
      log('protocol', { scheme });
    },
  },
  ipcMain: {
    handle: (channel, handler) => ipcHandlers.set(channel, handler),
    removeHandler: (channel) => ipcHandlers.delete(channel),
  },
  safeStorage: {
    isAsyncEncryptionAvailable: async () => KEYRING === 'keyring',
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptStringAsync: async (text) =>
      Buffer.concat([Buffer.from('ENC1'), xor(Buffer.from(text))]),
    decryptStringAsync: async (data) => ({
      result: xor(data.subarray(4)).toString(),
      shouldReEncrypt: false,
    }),
  },
  dialog: {
    showMessageBox: async (...args) => {
      log('dialog', { message: args.at(-1).message });
      return { response: 0 };
    },
    showErrorBox: (title, message) => log('errorBox', { title, message }),
  },
  shell: { openExternal: async (url) => log('openExternal', { url }) },
};

const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'electron' ? electron : load.call(this, request, ...rest);
};

async function scenario() {
  const page = await protocolHandler(new Request('app://sigil/index.html'));
  log('page', { status: page.status, csp: page.headers.get('content-security-policy') });
  const invoke = ipcHandlers.get('sigil:request');
  const state = await invoke(
    { senderFrame: mainFrame },
    { packetId: 's', packetType: 'signing.state' },
  );
  log('state', { fingerprint: state.fingerprint });
  const foreign = await invoke(
    { senderFrame: { ...mainFrame, frameToken: 'iframe', parent: mainFrame } },
    { packetId: 'f', packetType: 'links.list' },
  );
  log('foreign', { answer: foreign });
  const { links } = await invoke(
    { senderFrame: mainFrame },
    { packetId: 'l', packetType: 'links.list' },
  );
  log('links', { connections: links.map((l) => l.connection) });
  if (SWITCHES.includes('--sim')) {
    const deadline = Date.now() + 15_000;
    let vehicles = [];
    while (vehicles.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ({ vehicles } = await invoke(
        { senderFrame: mainFrame },
        { packetId: 'v', packetType: 'vehicles.list' },
      ));
    }
    log('vehicles', { sysids: vehicles.map((v) => v.sysid) });
  }
  if (ACTION === 'generate') {
    const key = await invoke(
      { senderFrame: mainFrame },
      { packetId: 'k', packetType: 'signing.setKey', source: 'generate' },
    );
    log('key', { fingerprint: key.fingerprint, hex: key.key });
  }
  const navigation = { prevented: false, preventDefault: () => (navigation.prevented = true) };
  windows[0].webContents.emit('will-navigate', navigation, 'https://evil.example/');
  log('navigate', { prevented: navigation.prevented });
  app.emit('window-all-closed');
}

createRequire(import.meta.url)(MAIN);

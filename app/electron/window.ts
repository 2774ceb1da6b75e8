// The window and what its page may do: the web preferences that keep the
// page a page (no Node, isolated and sandboxed preload), no navigation, no
// new windows, no <webview>, and no permissions but writing the clipboard.
// Each piece takes the Electron objects it works on, so it can be tested
// without Electron.

import type {
  BrowserWindowConstructorOptions,
  HandlerDetails,
  WindowOpenHandlerResponse,
} from 'electron';
import { APP_ORIGIN, originOf } from './protocol';

export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    title: 'Sigil',
    // Shown once the page has painted, without a white flash.
    show: false,
    backgroundColor: '#101418',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** Sites a link in the page may open, in the system browser. */
export const EXTERNAL_HOSTS: readonly string[] = [
  // The map's attribution link, which the tile usage policy asks for.
  'www.openstreetmap.org',
  'ardupilot.org',
  'docs.px4.io',
  'mavlink.io',
];

export function isAllowedExternal(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    EXTERNAL_HOSTS.includes(parsed.hostname)
  );
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of WebContents the hardening touches. */
export interface HardenableContents {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
}

export interface Opener {
  openExternal(url: string): Promise<void>;
}

/**
 * Every web contents the app creates stays on its page: navigation and
 * redirects are stopped, new windows denied, <webview> refused. A link to an
 * allowed https site opens in the system browser instead.
 */
export function hardenContents(contents: HardenableContents, shell: Opener): void {
  const outside = (url: string) => {
    if (isAllowedExternal(url)) void shell.openExternal(url).catch(() => {});
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    outside(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    outside(url);
    return { action: 'deny' };
  });
}

/** Permissions granted, and only to our own page. Everything else is denied. */
const GRANTED: readonly string[] = [
  // The pilot copies a generated key or a fingerprint with a button.
  'clipboard-sanitized-write',
];

/** `url` may be an origin or a page's URL. */
export function isPermissionGranted(permission: string, url: string): boolean {
  return GRANTED.includes(permission) && originOf(url) === APP_ORIGIN;
}

/** The parts of a Session whose permission handlers are set. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
  setDevicePermissionHandler(handler: () => boolean): void;
}

export function denyPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, details.requestingUrl ?? '')),
  );
  session.setPermissionCheckHandler((_contents, permission, origin) =>
    isPermissionGranted(permission, origin),
  );
  // WebUSB, WebHID, Web Serial: serial ports are the main process's business.
  session.setDevicePermissionHandler(() => false);
}

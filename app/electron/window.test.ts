// The window's web preferences, the hardening of every web contents, and
// the permissions: the values that keep the page a page.

import { describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from '../host/static-files';
import {
  denyPermissions,
  hardenContents,
  isAllowedExternal,
  isPermissionGranted,
  windowOptions,
  type HardenableContents,
  type PermissionSession,
} from './window';

describe('windowOptions', () => {
  it('isolates and sandboxes the page, with no Node in it', () => {
    const options = windowOptions('/app/out/electron/preload.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(options.show).toBe(false);
  });

  it('pairs with a CSP without inline script, eval or remote connections', () => {
    const csp = contentSecurityPolicy('ipc');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy('websocket')).toContain("connect-src 'self' ws: wss:");
  });
});

type Handler = (...args: never[]) => unknown;

function fakeContents() {
  const handlers = new Map<string, Handler>();
  let openHandler: Parameters<HardenableContents['setWindowOpenHandler']>[0] | undefined;
  const contents = {
    on(event: string, listener: Handler) {
      handlers.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler: typeof openHandler) {
      openHandler = handler;
    },
  } as unknown as HardenableContents;
  const fire = (event: string, url?: string) => {
    const preventDefault = vi.fn();
    (handlers.get(event) as (e: unknown, url?: string) => void)({ preventDefault }, url);
    return preventDefault;
  };
  const open = (url: string) =>
    openHandler!({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: '', policy: 'no-referrer' },
    } as never);
  return { contents, fire, open };
}

describe('hardenContents', () => {
  it('stops every navigation, redirect and webview', () => {
    const shell = { openExternal: vi.fn(() => Promise.resolve()) };
    const { contents, fire } = fakeContents();
    hardenContents(contents, shell);
    expect(fire('will-navigate', 'app://sigil/other.html')).toHaveBeenCalled();
    expect(fire('will-navigate', 'https://evil.example/')).toHaveBeenCalled();
    expect(fire('will-redirect', 'https://evil.example/')).toHaveBeenCalled();
    expect(fire('will-attach-webview')).toHaveBeenCalled();
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('denies new windows; allowed https links open in the system browser', () => {
    const shell = { openExternal: vi.fn(() => Promise.resolve()) };
    const { contents, open, fire } = fakeContents();
    hardenContents(contents, shell);
    expect(open('https://ardupilot.org/copter/')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://ardupilot.org/copter/');
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    fire('will-navigate', 'https://www.openstreetmap.org/copyright');
    expect(shell.openExternal).toHaveBeenCalledTimes(2);
  });
});

describe('isAllowedExternal', () => {
  it('takes only https links to the listed sites', () => {
    expect(isAllowedExternal('https://www.openstreetmap.org/copyright')).toBe(true);
    expect(isAllowedExternal('https://mavlink.io/en/guide/message_signing.html')).toBe(true);
    for (const url of [
      'http://ardupilot.org/',
      'https://ardupilot.org.evil.example/',
      'https://evil.example/?https://ardupilot.org',
      'https://user@ardupilot.org/',
      'https://ardupilot.org:8443/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'smb://ardupilot.org/share',
      'not a url',
    ]) {
      expect(isAllowedExternal(url), url).toBe(false);
    }
  });
});

describe('permissions', () => {
  it('grants only writing the clipboard, and only to our page', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://sigil')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://sigil/index.html')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'serial', 'openExternal']) {
      expect(isPermissionGranted(permission, 'app://sigil')).toBe(false);
    }
  });

  it('installs handlers that deny by default', () => {
    const handlers: Partial<Record<keyof PermissionSession, Handler>> = {};
    const session = {
      setPermissionRequestHandler: (h: Handler) => (handlers.setPermissionRequestHandler = h),
      setPermissionCheckHandler: (h: Handler) => (handlers.setPermissionCheckHandler = h),
      setDevicePermissionHandler: (h: Handler) => (handlers.setDevicePermissionHandler = h),
    } as unknown as PermissionSession;
    denyPermissions(session);
    const request = handlers.setPermissionRequestHandler as (...a: unknown[]) => void;
    const answers: boolean[] = [];
    request(null, 'media', (granted: boolean) => answers.push(granted), {
      requestingUrl: 'app://sigil/index.html',
    });
    request(null, 'clipboard-sanitized-write', (granted: boolean) => answers.push(granted), {
      requestingUrl: 'app://sigil/index.html',
    });
    request(null, 'clipboard-sanitized-write', (granted: boolean) => answers.push(granted), {});
    expect(answers).toEqual([false, true, false]);
    const check = handlers.setPermissionCheckHandler as (...a: unknown[]) => boolean;
    expect(check(null, 'geolocation', 'app://sigil')).toBe(false);
    expect((handlers.setDevicePermissionHandler as () => boolean)()).toBe(false);
  });
});

// The remote-session scenarios' starting point: `sigil serve --sim` with
// the operator's secrets (fresh random ones per scenario) on 127.0.0.1, and
// a page opened at the host's plain address, without the one-time code, so
// it shows the sign-in form. Only the host-chromium project: the desktop
// app has no remote sign-in to test.

import { randomBytes } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { test as base } from '../fixtures';
import { startHost, type RunningHost } from './host';

export interface RemoteKeys {
  serverIdentityKey: string;
  authKey: string;
  viewKey: string;
}

export interface RemoteHost {
  /** The host's origin, http://127.0.0.1:PORT. */
  readonly origin: string;
  readonly keys: RemoteKeys;
  readonly host: RunningHost;
}

interface RemoteOptions {
  /** --session-timeout for this scenario (default: the host's 10 minutes). */
  sessionTimeout: string | undefined;
}

const VIEWPORT = { width: 1440, height: 960 };

/** A secret as `openssl rand -base64 24` makes one (at least 16 characters). */
const secret = (): string => randomBytes(24).toString('base64url');

export const test = base.extend<RemoteOptions & { remote: RemoteHost; remotePage: Page }>({
  sessionTimeout: [undefined, { option: true }],

  remote: async ({ target, sessionTimeout }, use, testInfo) => {
    testInfo.skip(
      target === 'electron',
      'remote sign-in is the headless host’s (sigil serve); the desktop app has its own window and no sign-in',
    );
    const keys: RemoteKeys = {
      serverIdentityKey: secret(),
      authKey: secret(),
      viewKey: secret(),
    };
    const host = await startHost({
      env: {
        SIGIL_SERVER_IDENTITY_KEY: keys.serverIdentityKey,
        SIGIL_AUTH_KEY: keys.authKey,
        SIGIL_VIEW_KEY: keys.viewKey,
      },
      ...(sessionTimeout === undefined ? {} : { sessionTimeout }),
    });
    let passed = false;
    try {
      await use({ origin: new URL(host.url).origin, keys, host });
      passed = testInfo.status === testInfo.expectedStatus;
    } finally {
      const code = await host.stop();
      if (!passed) await testInfo.attach('sigil serve', { body: host.output() });
      await host.remove();
      expect(code, `sigil serve exits 0 on SIGTERM\n${host.output()}`).toBe(0);
    }
  },

  /** The host's page without the one-time code: the sign-in form. */
  remotePage: async ({ remote, hostBrowser }, use) => {
    const context = await hostBrowser!.newContext({ viewport: VIEWPORT });
    try {
      const page = await context.newPage();
      // Only this machine: the map's tiles (and anything else) are cut off.
      await page.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])[a-z]+:\/\//, (route) =>
        route.abort('internetdisconnected'),
      );
      await page.goto(`${remote.origin}/`);
      await expect(page.getByTestId('remote-sign-in')).toBeVisible();
      await use(page);
    } finally {
      await context.close();
    }
  },
});

export { expect };

/** Fills the sign-in form and presses Sign in (the outcome is the caller's to wait for). */
export async function submitSignIn(
  page: Page,
  keys: { identityKey: string; authKey: string; clientName?: string },
): Promise<void> {
  await page.getByTestId('remote-identity-key').fill(keys.identityKey);
  await page.getByTestId('remote-auth-key').fill(keys.authKey);
  if (keys.clientName !== undefined) {
    await page.getByTestId('remote-client-name').fill(keys.clientName);
  }
  await page.getByTestId('remote-submit').click();
}

/** Signs in and waits for the app with the simulated copter heard. */
export async function signInFromPage(
  page: Page,
  keys: { identityKey: string; authKey: string },
): Promise<void> {
  await submitSignIn(page, { ...keys, clientName: 'e2e browser' });
  await expect(page.getByTestId('nav-connections')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('topbar-mode')).toBeVisible({ timeout: 20_000 });
}

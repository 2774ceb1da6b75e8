// What every scenario starts from: a `page` already showing Sigil with the
// simulated copter heard. In the host-chromium project that is `sigil
// serve --sim` in its own process and Debian's Chromium logged in through
// the printed one-time URL; in the electron project, the desktop app
// started the same way (--sim, a fresh --data-dir, a loopback --link).

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { ELECTRON_MAIN, electronBinary, launchElectron } from './support/electron';
import { startHost } from './support/host';
import { ROOT } from './support/paths';

export type Target = 'host' | 'electron';

export interface SigilOptions {
  /** Which shell the project drives. */
  target: Target;
  /** Start the host with --keep-signatures (signed frames recorded as they came). */
  keepSignatures: boolean;
  /** Start with an unreadable signing clock in the data folder. */
  corruptClock: boolean;
}

export interface SigilApp {
  readonly target: Target;
  readonly page: Page;
  /** The folder holding the signing timestamp and the flight logs. */
  readonly dataDir: string;
  /** The UDP listener the simulated copter sends to: udpin:127.0.0.1:PORT. */
  readonly link: string;
}

/** Debian's Chromium, with the flags this machine needs (see DESIGN.md). */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
};

const VIEWPORT = { width: 1440, height: 960 };
/** From start to the first heartbeat of the simulated copter. */
const VEHICLE_TIMEOUT_MS = 20_000;

export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

/** Only this machine: the map's tile server (and anything else) is cut off; the map draws without tiles. */
async function loopbackOnly(page: Page): Promise<void> {
  await page.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])[a-z]+:\/\//, (route) =>
    route.abort('internetdisconnected'),
  );
}

/** The app is shown and the simulated copter has been heard. */
async function vehicleHeard(page: Page): Promise<void> {
  await expect(page.getByTestId('nav-connections')).toBeVisible({ timeout: VEHICLE_TIMEOUT_MS });
  await expect(page.getByTestId('topbar-mode')).toBeVisible({ timeout: VEHICLE_TIMEOUT_MS });
}

export const test = base.extend<
  { keepSignatures: boolean; corruptClock: boolean; sigil: SigilApp },
  SigilWorker
>({
  keepSignatures: [false, { option: true }],
  corruptClock: [false, { option: true }],
  target: ['host', { option: true, scope: 'worker' }],

  // One Chromium per worker (host project only); each scenario gets its own context.
  hostBrowser: [
    async ({ playwright, target }, use) => {
      if (target !== 'host') {
        await use(null);
        return;
      }
      const browser = await playwright.chromium.launch(CHROMIUM);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  sigil: async ({ target, keepSignatures, corruptClock, hostBrowser }, use, testInfo) => {
    if (target === 'electron') {
      const binary = electronBinary();
      if (!binary.ok) {
        testInfo.skip(true, binary.reason);
        return;
      }
      if (!existsSync(ELECTRON_MAIN)) throw new Error('out/electron/main.cjs: run npm run build');
      const running = await launchElectron(binary.path, { keepSignatures, corruptClock });
      try {
        const page = await running.app.firstWindow();
        await vehicleHeard(page);
        await use({ target, page, dataDir: running.dataDir, link: running.link });
      } finally {
        await running.close();
      }
      return;
    }

    const host = await startHost({ keepSignatures, corruptClock });
    const context = await hostBrowser!.newContext({ viewport: VIEWPORT });
    let passed = false;
    try {
      const page = await context.newPage();
      await loopbackOnly(page);
      await page.goto(host.url);
      await vehicleHeard(page);
      await use({ target, page, dataDir: host.dataDir, link: host.link });
      passed = testInfo.status === testInfo.expectedStatus;
    } finally {
      await context.close();
      const code = await host.stop();
      if (!passed) await testInfo.attach('sigil serve', { body: host.output() });
      await host.remove();
      expect(code, `sigil serve exits 0 on SIGTERM\n${host.output()}`).toBe(0);
    }
  },

  page: async ({ sigil }, use) => {
    await use(sigil.page);
  },
});

interface SigilWorker {
  target: Target;
  hostBrowser: Browser | null;
}

export { expect };

/** Saves a picture of a view into test-results/screenshots/<project>/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(SCREENSHOT_DIR, test.info().project.name);
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

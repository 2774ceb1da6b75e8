// A vehicle reboots in flight (`sigil sim --reboot-after`, a power glitch):
// while it is down the flight view greys its telemetry and says how old it
// is; then, with nothing done by the pilot (Sigil asks for the streams
// again), fresh telemetry comes back, and the reboot is announced on the
// flight view and noted in the messages. The time from the reboot to fresh
// telemetry on the page is measured and kept with the screenshots.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCREENSHOT_DIR, screenshot } from './fixtures';
import {
  arm,
  commandResult,
  confirm,
  numberOf,
  setMode,
  showView,
  waitForGpsFix,
} from './support/pilot';
import { expect, test } from './support/rebooting-sim';

/** Seconds from the simulator's start to its reboot: time to sign in, take off and climb. */
test.use({ rebootAfterS: 25 });

interface StaleChange {
  atMs: number;
  testId: string;
  stale: boolean;
}

/** What the page's scripts see, for the watcher below (it runs in the page). */
interface Observed {
  getAttribute(name: string): string | null;
}

interface PageGlobals {
  document: { querySelector(selector: string): Observed | null };
  MutationObserver: new (callback: () => void) => {
    observe(target: Observed, options: { attributes: boolean; attributeFilter: string[] }): void;
  };
  sigilStaleChanges?: StaleChange[];
}

test('a vehicle rebooting in flight shows stale telemetry, then fresh telemetry by itself', async ({
  simPage: page,
  rebootingSim,
}, testInfo) => {
  test.setTimeout(90_000);
  await waitForGpsFix(page);
  await setMode(page, 'GUIDED');
  await arm(page);
  await page.getByTestId('takeoff-altitude').fill('8');
  await confirm(page, 'action-takeoff');
  await expect(commandResult(page)).toHaveAttribute('data-status', 'accepted');
  const altitude = page.getByTestId('altitude');
  await expect.poll(() => numberOf(altitude), { timeout: 15_000 }).toBeGreaterThan(3);
  const horizon = page.getByTestId('attitude-indicator');
  await expect(horizon).not.toHaveAttribute('data-stale');
  await expect(altitude).not.toHaveAttribute('data-stale');

  // The stale marks last about a second: the page itself notes when they come and go.
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const changes: StaleChange[] = [];
    g.sigilStaleChanges = changes;
    for (const testId of ['attitude-indicator', 'altitude']) {
      const el = g.document.querySelector(`[data-testid="${testId}"]`)!;
      new g.MutationObserver(() =>
        changes.push({
          atMs: Date.now(),
          testId,
          stale: el.getAttribute('data-stale') === 'true',
        }),
      ).observe(el, { attributes: true, attributeFilter: ['data-stale'] });
    }
  });
  const changes = (): Promise<StaleChange[]> =>
    page.evaluate(() => (globalThis as unknown as PageGlobals).sigilStaleChanges ?? []);

  const rebootAt = await rebootingSim.lineAt('sigil sim: rebooting', 45_000);
  await expect
    .poll(async () => (await changes()).some((c) => c.testId === 'attitude-indicator' && c.stale), {
      timeout: 5000,
      intervals: [20],
    })
    .toBe(true);
  await screenshot(page, 'reboot-stale');

  const bootAt = await rebootingSim.lineAt('sigil sim: booted', 10_000);
  await expect(horizon).not.toHaveAttribute('data-stale', { timeout: 10_000 });
  await expect(altitude).not.toHaveAttribute('data-stale', { timeout: 10_000 });
  await expect(page.getByTestId('reboot-banner')).toContainText('rebooted');
  await expect(page.getByTestId('armed')).toHaveText('disarmed');
  await screenshot(page, 'reboot-back');

  const seen = await changes();
  const first = (testId: string, stale: boolean) =>
    seen.find((c) => c.testId === testId && c.stale === stale && c.atMs >= rebootAt)?.atMs;
  const staleAt = first('attitude-indicator', true)!;
  const freshAt = seen.filter((c) => c.testId === 'attitude-indicator' && !c.stale).at(-1)!.atMs;
  expect(first('altitude', true)).toBeDefined();
  expect(staleAt).toBeLessThan(freshAt);
  const timing = {
    staleAfterRebootMs: staleAt - rebootAt,
    vehicleBackAfterRebootMs: bootAt - rebootAt,
    freshAfterRebootMs: freshAt - rebootAt,
    freshAfterBootMs: freshAt - bootAt,
  };
  expect(timing.freshAfterRebootMs).toBeLessThan(6000);
  const dir = join(SCREENSHOT_DIR, testInfo.project.name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'reboot-timing.json'), `${JSON.stringify(timing, null, 2)}\n`);
  testInfo.annotations.push({
    type: 'reboot to fresh telemetry',
    description: JSON.stringify(timing),
  });

  await showView(page, 'messages');
  const note = page.getByTestId('statustext').filter({ hasText: 'Vehicle rebooted' });
  await expect(note).toBeVisible();
  await expect(note).toHaveAttribute('data-from-gcs', 'true');
  await screenshot(page, 'reboot-messages');
});

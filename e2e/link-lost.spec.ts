// A vehicle that goes silent (the simulated copter stopped) is "link lost"
// where the pilot looks: a banner on the flight view, the top bar's link
// state red, commands disabled with the reason, and the Connections page no
// longer saying a vehicle is connected. Started again, it is heard and its
// telemetry is fresh with nothing done by the pilot.

import { expect, screenshot, test } from './fixtures';
import { showView, waitForGpsFix } from './support/pilot';

/** The vehicle counts as lost after 3 s of silence. */
const LOST_TIMEOUT_MS = 10_000;

test('a vehicle that goes silent is link lost, and comes back by itself', async ({ page }) => {
  await waitForGpsFix(page);
  await expect(page.getByTestId('topbar-links')).toHaveAttribute('data-tone', 'good');

  await showView(page, 'connections');
  await expect(page.getByTestId('vehicle-presence')).toHaveText('A vehicle is connected.');
  await page.getByTestId('sim-stop').click();
  await expect(page.getByTestId('vehicle-presence')).toContainText('Link lost', {
    timeout: LOST_TIMEOUT_MS,
  });

  await showView(page, 'flight');
  await expect(page.getByTestId('link-lost-banner')).toContainText('nothing heard from system 1');
  await expect(page.getByTestId('topbar-links')).toHaveAttribute('data-tone', 'bad');
  await expect(page.getByTestId('topbar-links')).toContainText('vehicle link lost');
  await expect(page.getByTestId('action-arm')).toBeDisabled();
  await expect(page.getByTestId('action-takeoff')).toBeDisabled();
  await expect(page.getByTestId('commands-refused')).toContainText('Link lost');
  await expect(page.getByTestId('attitude-indicator')).toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('gps')).toHaveAttribute('data-stale', 'true');
  await screenshot(page, 'link-lost');

  await showView(page, 'connections');
  await page.getByTestId('sim-start').click();
  await expect(page.getByTestId('vehicle-presence')).toHaveText('A vehicle is connected.', {
    timeout: LOST_TIMEOUT_MS,
  });
  await showView(page, 'flight');
  await expect(page.getByTestId('link-lost-banner')).toHaveCount(0);
  await expect(page.getByTestId('topbar-links')).toHaveAttribute('data-tone', 'good');
  await expect(page.getByTestId('attitude-indicator')).not.toHaveAttribute('data-stale');
  await expect(page.getByTestId('action-arm')).toBeEnabled();
});

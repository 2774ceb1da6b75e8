// Fly to here: in GUIDED, a click on the flight map offers to send the
// vehicle there; confirmed, the target stays on the map until the vehicle
// gets there. Outside GUIDED the offer says why not.

import { expect, screenshot, test } from './fixtures';
import { clickMap } from './support/plan';
import { arm, confirm, numberOf, setMode, waitForGpsFix } from './support/pilot';

test('a pilot clicks the map in GUIDED and the vehicle flies there', async ({ page }) => {
  test.setTimeout(120_000);
  await waitForGpsFix(page);

  await clickMap(page, 'map', 60, -40);
  await expect(page.getByTestId('flyto-not-guided')).toContainText('Fly-to works in GUIDED');
  await page.getByTestId('flyto-cancel').click();
  await expect(page.getByTestId('flyto-offer')).toHaveCount(0);

  await setMode(page, 'GUIDED');
  await arm(page);
  await page.getByTestId('takeoff-altitude').fill('5');
  await confirm(page, 'action-takeoff');
  await expect
    .poll(() => numberOf(page.getByTestId('altitude')), { timeout: 20_000 })
    .toBeGreaterThan(3.5);

  // The map follows the vehicle: its centre is where the vehicle is.
  await clickMap(page, 'map', 60, -40);
  await page.getByTestId('flyto-altitude').fill('8');
  await expect(page.getByTestId('flyto-confirm')).toHaveText('Fly here at 8 m');
  await page.getByTestId('flyto-confirm').click();
  const result = page.locator('.flyto-result').getByTestId('command-result');
  await expect(result).toHaveAttribute('data-status', 'accepted');

  const target = page.getByTestId('map').locator('[data-target="flyto"]');
  await expect(target).toBeVisible();
  await screenshot(page, 'fly-to');
  await expect
    .poll(() => numberOf(page.getByTestId('altitude')), { timeout: 20_000 })
    .toBeGreaterThan(7);
  // Reached: the target goes from the map.
  await expect(target).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('mode')).toHaveText('GUIDED');
});

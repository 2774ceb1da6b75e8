// Plan four waypoints and a geofence on the map, see what the upload will
// change, upload, start the mission in AUTO and watch the vehicle fly it
// item by item down to its landing.

import { expect, screenshot, test } from './fixtures';
import { clickMap, downloadPlans, showPlanAtHome } from './support/plan';
import { arm, confirm, setMode, showView, waitForGpsFix } from './support/pilot';

test('a pilot plans a mission and a geofence, uploads them and watches AUTO fly to the landing', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await waitForGpsFix(page);
  await showPlanAtHome(page);
  // What the vehicle holds is known from here on: nothing yet.
  await downloadPlans(page);
  await expect(page.getByTestId('plan-outcome-mission')).toContainText('none');

  await page.getByTestId('plan-default-altitude').fill('6');
  for (const [dx, dy] of [
    [30, 0],
    [30, -30],
    [0, -30],
    [-20, -10],
  ] as const)
    await clickMap(page, 'plan-map', dx, dy);
  await page.getByTestId('plan-add-command').selectOption({ label: 'Land' });
  const items = page.getByTestId('plan-item');
  await expect(items).toHaveCount(6);
  await expect(items.first().getByTestId('plan-item-command')).toHaveValue('22');
  await expect(items.last().getByTestId('plan-item-command')).toHaveValue('21');
  await expect(page.getByTestId('plan-stats')).toContainText('6 items');

  await page.getByTestId('plan-tab-fence').click();
  await page.getByTestId('fence-tool-inclusion-circle').check();
  await clickMap(page, 'plan-map', 5, 5);
  await page.getByTestId('fence-circle-radius').fill('300');
  await expect(page.getByTestId('plan-map').locator('path.map-fence-inclusion')).toHaveCount(1);

  await page.getByTestId('plan-upload-review').click();
  const missionDiff = page.getByTestId('plan-diff-mission');
  await expect(missionDiff).toContainText('Item 1 (Takeoff) is new');
  await expect(missionDiff).toContainText('Item 6 (Land) is new');
  await expect(page.getByTestId('plan-diff-fence')).toContainText(
    'Item 1 (Inclusion circle) is new',
  );
  await expect(page.getByTestId('plan-upload-rally')).not.toBeChecked();
  await screenshot(page, 'plan-review');
  await page.getByTestId('plan-upload').click();
  await expect(page.getByTestId('plan-outcome-mission')).toHaveText(
    'Uploaded the mission: 6 items.',
    { timeout: 20_000 },
  );
  await expect(page.getByTestId('plan-outcome-fence')).toHaveText('Uploaded the geofence: 1 item.');
  await screenshot(page, 'plan');

  // The flight map shows what the vehicle now holds.
  await showView(page, 'flight');
  await expect(page.getByTestId('map').locator('.map-item')).toHaveCount(4);
  await expect(page.getByTestId('map').locator('path.map-fence-inclusion')).toHaveCount(1);

  await setMode(page, 'GUIDED');
  await arm(page);
  await confirm(page, 'action-mission-start');
  const missionPanel = page.getByRole('region', { name: 'Mission' });
  await expect(missionPanel.getByTestId('command-result')).toHaveAttribute(
    'data-status',
    'accepted',
  );
  await expect(page.getByTestId('mode')).toHaveText('AUTO');

  // The current item goes up one by one: takeoff, the four waypoints, the landing.
  const current = page.getByTestId('mission-current');
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const seq = Number(await current.getAttribute('data-seq'));
        seen.add(seq);
        return seq;
      },
      { timeout: 90_000, intervals: [250] },
    )
    .toBe(6);
  expect([...seen].filter((s) => s >= 2 && s <= 5).length).toBeGreaterThanOrEqual(3);
  await expect(current).toContainText('Land');
  await expect(page.getByTestId('map').locator('.map-item-current')).toHaveCount(0);
  await screenshot(page, 'flight-mission');
  await expect(page.getByTestId('armed')).toHaveText('disarmed', { timeout: 30_000 });
});

// Start with the simulated vehicle and see telemetry move: take off in
// GUIDED, watch altitude climb and the map draw the track as it circles.

import { expect, screenshot, test } from './fixtures';
import {
  arm,
  confirm,
  commandResult,
  numberOf,
  setMode,
  showView,
  waitForGpsFix,
} from './support/pilot';

test('a pilot starts with the simulated vehicle and sees its telemetry move', async ({ page }) => {
  await showView(page, 'connections');
  await expect(page.getByTestId('link-row').first()).toBeVisible();
  await screenshot(page, 'connections');

  await waitForGpsFix(page);
  const altitude = page.getByTestId('altitude');
  const heading = page.getByTestId('heading');
  await expect(altitude).toHaveText(/^-?\d+\.\d m$/);
  const groundAltitude = await numberOf(altitude);
  await expect(heading).toHaveText(/^\d{3}°$/);
  const firstHeading = await heading.innerText();

  await setMode(page, 'GUIDED');
  await arm(page);
  await page.getByTestId('takeoff-altitude').fill('6');
  await confirm(page, 'action-takeoff');
  await expect(commandResult(page)).toHaveAttribute('data-status', 'accepted');

  // The climb shows in the altitude; at the top, GUIDED flies the sim's circle.
  await expect
    .poll(() => numberOf(altitude), { timeout: 15_000 })
    .toBeGreaterThan(groundAltitude + 4);
  const track = page.locator('[data-testid="map"] path.map-track');
  const points = async () => ((await track.getAttribute('d')) ?? '').split(/[ML]/).length - 1;
  await expect(track).toBeAttached({ timeout: 15_000 });
  const pointsAtFirst = await points();
  await expect.poll(points, { timeout: 15_000 }).toBeGreaterThan(pointsAtFirst + 5);
  await expect(heading).not.toHaveText(firstHeading, { timeout: 15_000 });
  await expect(page.getByTestId('groundspeed')).not.toHaveText(/^(0\.0 m\/s|—)$/);
  await screenshot(page, 'flight');

  await showView(page, 'messages');
  await expect(page.getByTestId('statustext').filter({ hasText: 'Arming motors' })).toBeVisible();
  await expect(page.getByTestId('inspector-row').filter({ hasText: 'HEARTBEAT' })).toBeVisible();
  await screenshot(page, 'messages');
});

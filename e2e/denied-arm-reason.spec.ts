// A refused arm shows, next to the button, the vehicle's own reason (the
// STATUSTEXT it sent with the COMMAND_ACK), not only MAV_RESULT_FAILED.

import { expect, screenshot, test } from './fixtures';
import { commandResult, confirm, setMode } from './support/pilot';

test("a denied arm shows the vehicle's PreArm text next to the button", async ({ page }) => {
  // LAND is not a mode Copter arms in: it refuses with "PreArm: LAND mode not armable".
  await setMode(page, 'LAND');
  await confirm(page, 'action-arm');
  await expect(commandResult(page)).toHaveAttribute('data-status', 'denied');
  await expect(page.getByTestId('command-reasons')).toHaveText('PreArm: LAND mode not armable');
  await expect(page.getByTestId('armed')).not.toHaveText('ARMED');
  await screenshot(page, 'denied-arm');
});

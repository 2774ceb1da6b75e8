// Sigil starts with a signing clock it cannot read: every page says signed
// frames are held, the signing view says which file and why holding them is
// safe, and the banner goes once a vehicle's signed frame proves the clock.

import { expect, screenshot, test } from './fixtures';
import { sendKeyToVehicle, setKeyFromPassphrase, showView } from './support/pilot';

test.use({ corruptClock: true });

test('an unreadable signing clock is shown until a signed vehicle proves it', async ({ page }) => {
  await expect(page.getByTestId('clock-trouble')).toContainText('could not be read');
  await showView(page, 'signing');
  const banner = page.getByTestId('clock-banner');
  await expect(banner).toHaveAttribute('data-state', 'unproven');
  await expect(banner).toContainText('signing-timestamp.json: ');
  await expect(banner.getByTestId('clock-held')).toContainText('held, not sent');
  await screenshot(page, 'signing-clock-unreadable');

  await setKeyFromPassphrase(page, 'prove the clock');
  await sendKeyToVehicle(page);
  await expect(banner).toBeHidden();
  await showView(page, 'flight');
  await expect(page.getByTestId('clock-trouble')).toBeHidden();
});

// Set a key from a passphrase, put it on the vehicle, require signing on
// the link, and fly a mode change that works signed.

import { expect, screenshot, test } from './fixtures';
import { numberOf, setMode, showView, signTheLink, verdictCell } from './support/pilot';

test('a pilot signs the link and changes mode with signed commands', async ({ page }) => {
  const { linkId } = await signTheLink(page, 'correct horse battery staple');

  const ok = verdictCell(page, linkId, 'ok');
  const unsigned = verdictCell(page, linkId, 'unsigned');
  await expect(ok).toHaveText(/\d/);
  const okBefore = await numberOf(ok);
  const unsignedBefore = await numberOf(unsigned);

  await setMode(page, 'ALT_HOLD');
  await expect(page.getByTestId('vehicle-link')).toHaveText('signed heartbeat');

  await showView(page, 'signing');
  await expect.poll(() => numberOf(ok)).toBeGreaterThan(okBefore);
  expect(await numberOf(unsigned)).toBe(unsignedBefore);
  await expect(page.getByTestId('stream-row').first()).toBeVisible();
  await screenshot(page, 'signing');
});

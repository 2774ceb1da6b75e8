// A bad hex key shows a clear error and sets nothing.

import { expect, test } from './fixtures';
import { showView } from './support/pilot';

test('a pilot who types a bad hex key is told what a key is', async ({ page }) => {
  await showView(page, 'signing');
  await page.getByTestId('key-source-hex').check();
  const hex = page.getByTestId('key-hex');
  const error = page.getByTestId('key-error');

  await hex.fill('deadbeef');
  await expect(hex).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('key-set').click();
  await expect(error).toContainText('64 hex digits');

  // The right length, but not hex.
  await hex.fill('g'.repeat(64));
  await page.getByTestId('key-set').click();
  await expect(error).toContainText('64 hex digits');

  await expect(page.getByTestId('key-fingerprint')).toHaveText('no key set');
  await expect(page.getByTestId('topbar-fingerprint')).toHaveText('none');
});

// The session's own flight log replayed beside the live simulated copter,
// which has the same system id: it is a vehicle of its own, named as the
// replay of its file, offered no commands, and the live one is unchanged.

import { expect, screenshot, test } from './fixtures';
import { replayOwnLog, showView } from './support/pilot';

test('a replayed log is shown apart from the live vehicle and takes no commands', async ({
  page,
}) => {
  const name = await replayOwnLog(page);

  const select = page.getByTestId('vehicle-select');
  const replay = select.locator('option', { hasText: `replay of ${name} (system 1)` });
  await expect(replay).toHaveCount(1);
  await expect(select.locator('option', { hasText: /^system 1$/ })).toHaveCount(1);

  await showView(page, 'flight');
  await expect(page.getByTestId('action-arm')).toBeVisible();
  await select.selectOption({ label: `replay of ${name} (system 1)` });
  await expect(page.getByTestId('replay-note')).toContainText(`replay of ${name}`);
  await expect(page.getByTestId('topbar-replay')).toBeVisible();
  await expect(page.getByTestId('action-arm')).toHaveCount(0);
  await screenshot(page, 'flight-replay');

  await select.selectOption({ label: 'system 1' });
  await expect(page.getByTestId('replay-note')).toHaveCount(0);
  await expect(page.getByTestId('action-arm')).toBeVisible();
});

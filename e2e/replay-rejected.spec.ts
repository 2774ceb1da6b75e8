// Replay a capture recorded with signatures kept: after a signed flight,
// the session's own tlog replayed from the Connections view is rejected
// frame by frame as `replay` (every signed frame in it is older than the
// stream's last timestamp).

import { expect, test } from './fixtures';
import { numberOf, setMode, showView, signTheLink, verdictCell } from './support/pilot';

test.use({ keepSignatures: true });

test('a pilot replays a signed capture and sees it rejected as replay', async ({ page }) => {
  await signTheLink(page, 'replay me if you can');
  await setMode(page, 'ALT_HOLD');

  await showView(page, 'connections');
  const form = page.getByRole('form', { name: 'Add a link' });
  await form.getByTestId('link-kind').selectOption('tlog');
  const log = form.getByTestId('replay-log');
  await expect(log.locator('option', { hasText: '.tlog' })).toHaveCount(1);
  const name = await log.locator('option', { hasText: '.tlog' }).getAttribute('value');
  await log.selectOption(name!);
  await form.getByLabel('Speed').selectOption('10');
  await form.getByTestId('link-open').click();

  const replayRow = page.getByTestId('link-row').filter({ hasText: 'tlog:' });
  await expect(replayRow.getByTestId('replay-progress')).toBeVisible();
  const replayLinkId = await replayRow.getAttribute('data-link-id');

  await showView(page, 'signing');
  await expect.poll(() => numberOf(verdictCell(page, replayLinkId!, 'replay'))).toBeGreaterThan(0);
  await expect(
    page.locator('[data-testid="rejection-row"][data-verdict="replay"]').first(),
  ).toBeVisible();
});

// Replay a capture recorded with signatures kept: after a signed flight,
// the session's own tlog replayed from the Connections view is rejected
// frame by frame as `replay` (every signed frame in it is older than the
// stream's last timestamp).

import { expect, test } from './fixtures';
import {
  numberOf,
  replayOwnLog,
  setMode,
  showView,
  signTheLink,
  verdictCell,
} from './support/pilot';

test.use({ keepSignatures: true });

test('a pilot replays a signed capture and sees it rejected as replay', async ({ page }) => {
  await signTheLink(page, 'replay me if you can');
  await setMode(page, 'ALT_HOLD');

  await replayOwnLog(page);

  const replayRow = page.getByTestId('link-row').filter({ hasText: 'tlog:' });
  await expect(replayRow.getByTestId('replay-progress')).toBeVisible();
  const replayLinkId = await replayRow.getAttribute('data-link-id');

  await showView(page, 'signing');
  await expect.poll(() => numberOf(verdictCell(page, replayLinkId!, 'replay'))).toBeGreaterThan(0);
  await expect(
    page.locator('[data-testid="rejection-row"][data-verdict="replay"]').first(),
  ).toBeVisible();
});

// An unsigned command is refused by the vehicle: with the vehicle signed,
// a link that stops signing gets no answer to ARM, and the vehicle stays
// disarmed; signing again, the same command is accepted.

import { expect, test } from './fixtures';
import {
  COMMAND_GIVE_UP_MS,
  arm,
  commandResult,
  confirm,
  setLinkPolicy,
  showView,
  signTheLink,
} from './support/pilot';

test('a vehicle that requires signing ignores an unsigned arm command', async ({ page }) => {
  const { linkId } = await signTheLink(page, 'only signed commands');
  await setLinkPolicy(page, linkId, { sign: false, require: true });

  await showView(page, 'flight');
  await expect(page.getByTestId('armed')).toHaveText('disarmed');
  await confirm(page, 'action-arm');
  await expect(commandResult(page)).toHaveAttribute('data-status', 'timed-out', {
    timeout: COMMAND_GIVE_UP_MS,
  });
  await expect(commandResult(page)).toContainText('No answer');
  await expect(page.getByTestId('armed')).toHaveText('disarmed');
  await expect(page.getByTestId('topbar-armed')).toHaveText('disarmed');
  // Still hearing it, signed: only our side went quiet.
  await expect(page.getByTestId('vehicle-link')).toHaveText('signed heartbeat');

  await setLinkPolicy(page, linkId, { sign: true, require: true });
  await arm(page);
});

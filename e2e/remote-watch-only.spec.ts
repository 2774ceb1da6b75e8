// The view key: a session that watches. Telemetry reaches it, and every
// control that would command or change something is disabled, with a
// visible "watch only" badge (the host refuses such requests anyway:
// protocol/roles.ts, tested in app/host/remote-session.test.ts).

import { screenshot } from './fixtures';
import { numberOf, showView } from './support/pilot';
import { expect, signInFromPage, test } from './support/remote';

test('a watch-only session sees telemetry move and cannot arm', async ({
  remotePage: page,
  remote,
}) => {
  await signInFromPage(page, {
    identityKey: remote.keys.serverIdentityKey,
    authKey: remote.keys.viewKey,
  });
  await expect(page.getByTestId('watch-only')).toBeVisible();

  await showView(page, 'connections');
  const frames = page.getByTestId('link-frames').first();
  await expect(frames).toHaveText(/\d/);
  const before = await numberOf(frames);
  await expect.poll(() => numberOf(frames), { timeout: 10_000 }).toBeGreaterThan(before);
  await expect(page.getByTestId('sim-start')).toBeDisabled();
  await expect(page.getByTestId('link-open')).toBeDisabled();
  await expect(page.getByTestId('link-close').first()).toBeDisabled();

  await showView(page, 'flight');
  await expect(page.getByTestId('gps')).not.toHaveText('');
  await expect(page.getByTestId('action-arm')).toBeDisabled();
  await expect(page.getByTestId('action-mode')).toBeDisabled();
  await expect(page.getByTestId('action-takeoff')).toBeDisabled();
  await expect(page.getByTestId('action-land')).toBeDisabled();
  await expect(page.getByTestId('action-rtl')).toBeDisabled();
  await expect(page.getByTestId('commands-refused')).toContainText('can watch but not command');
  await expect(page.getByTestId('topbar-armed')).toHaveText('disarmed');
  await screenshot(page, 'remote-watch-only');

  await showView(page, 'parameters');
  await expect(page.getByTestId('param-download')).toBeDisabled();
  await showView(page, 'signing');
  await expect(page.getByTestId('key-set')).toBeDisabled();
});

// How a remote session ends in the page: Sign out (DELETE /api/session)
// and expiry (no traffic from the browser for the session timeout) both
// come as the host's service.interrupt, whose reason the page shows on the
// sign-in form it returns to.

import { expect, signInFromPage, test } from './support/remote';

test('Sign out ends the session and returns to the sign-in form', async ({
  remotePage: page,
  remote,
}) => {
  await signInFromPage(page, {
    identityKey: remote.keys.serverIdentityKey,
    authKey: remote.keys.authKey,
  });
  const deleted = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/session' && r.request().method() === 'DELETE',
  );
  await page.getByTestId('sign-out').click();
  expect((await deleted).status()).toBe(200);
  await expect(page.getByTestId('remote-sign-in')).toBeVisible();
  // The host's own words, from its service.interrupt.
  await expect(page.getByTestId('session-ended')).toHaveText(
    'The session ended: the session was ended.',
  );
  await expect(page.getByTestId('remote-auth-key')).toHaveValue('');
});

test.describe('with a short session timeout', () => {
  test.use({ sessionTimeout: '3s' });

  test('a session whose browser goes quiet expires', async ({ remotePage: page, remote }) => {
    // The browser's traffic stops reaching the host (its keep-alives and
    // frames), while the host's frames still reach the page.
    let quiet = false;
    await page.routeWebSocket(/\/api\/session$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        if (!quiet) server.send(message);
      });
      server.onMessage((message) => ws.send(message));
    });
    await page.route('**/api/session/check', (route) =>
      quiet ? route.abort('internetdisconnected') : route.continue(),
    );
    await signInFromPage(page, {
      identityKey: remote.keys.serverIdentityKey,
      authKey: remote.keys.authKey,
    });
    // Kept alive: past the timeout, still signed in.
    await page.waitForTimeout(4000);
    await expect(page.getByTestId('sign-out')).toBeVisible();

    quiet = true;
    await expect(page.getByTestId('session-ended')).toHaveText(
      'The session ended: the session expired.',
      { timeout: 10_000 },
    );
    await expect(page.getByTestId('remote-sign-in')).toBeVisible();
  });
});

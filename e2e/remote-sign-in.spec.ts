// Signing in from another machine's browser (the handshake of
// protocol/session.ts, part B): the right keys open a session with
// telemetry; a wrong identity key stops before anything secret is sent; a
// wrong authorization key is refused, and after five of them the address
// is locked out for a while.

import { IDENTITY_MISMATCH } from '../protocol/remote/client';
import { screenshot } from './fixtures';
import { expect, signInFromPage, submitSignIn, test } from './support/remote';
import { showView, waitForGpsFix } from './support/pilot';

test('the right keys sign in and the telemetry shows', async ({ remotePage: page, remote }) => {
  await expect(page.getByTestId('remote-address')).toHaveValue(remote.origin);
  await screenshot(page, 'remote-sign-in');
  await signInFromPage(page, {
    identityKey: remote.keys.serverIdentityKey,
    authKey: remote.keys.authKey,
  });
  await expect(page.getByTestId('sign-out')).toBeVisible();
  await expect(page.getByTestId('watch-only')).toHaveCount(0);
  await waitForGpsFix(page);
  await expect(page.getByTestId('altitude')).toHaveText(/^-?\d+\.\d m$/);
  await expect(page.getByTestId('action-arm')).toBeEnabled();
  // A signing key must not cross the network in the clear: not from a remote session.
  await showView(page, 'signing');
  await expect(page.getByTestId('key-setup-refused')).toContainText('in the clear');
  await expect(page.getByTestId('key-set')).toBeDisabled();
  // Only the address is remembered, never a key.
  const stored = String(
    await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })'),
  );
  expect(stored).toContain(remote.origin);
  expect(stored).not.toContain(remote.keys.authKey);
  expect(stored).not.toContain(remote.keys.serverIdentityKey);
});

test('a wrong identity key is caught before any secret is sent', async ({
  remotePage: page,
  remote,
}) => {
  const handshakes: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/handshake') {
      handshakes.push(`${request.method()} ${request.url()}`);
    }
  });
  const configs = page.waitForResponse((r) => r.url().endsWith('/api/handshake/config'));
  await submitSignIn(page, {
    identityKey: `${remote.keys.serverIdentityKey}x`,
    authKey: remote.keys.authKey,
  });
  expect((await configs).status()).toBe(200);
  const error = page.getByTestId('remote-error');
  await expect(error).toHaveAttribute('data-kind', 'identity');
  await expect(error).toContainText(IDENTITY_MISMATCH);
  await expect(error).toContainText('before any secret was sent');
  expect(handshakes).toEqual([]);
});

test('a wrong authorization key is refused, and five of them lock the address out', async ({
  remotePage: page,
  remote,
}) => {
  const error = page.getByTestId('remote-error');
  for (let attempt = 1; attempt <= 5; attempt++) {
    const answer = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/handshake' && r.request().method() === 'POST',
    );
    await submitSignIn(page, {
      identityKey: remote.keys.serverIdentityKey,
      authKey: `wrong key number ${attempt}`,
    });
    expect((await answer).status()).toBe(403);
    await expect(error).toHaveAttribute('data-kind', 'refused');
    await expect(error).toContainText('The server refused the sign-in');
    await expect(page.getByTestId('remote-submit')).toBeEnabled();
  }
  await submitSignIn(page, {
    identityKey: remote.keys.serverIdentityKey,
    authKey: remote.keys.authKey,
  });
  await expect(error).toHaveAttribute('data-kind', 'rate-limited');
  await expect(error).toContainText('Too many wrong keys');
  await expect(error).toContainText(/try again in \d+ s\. Try again after \d/);
  await screenshot(page, 'remote-rate-limited');
});

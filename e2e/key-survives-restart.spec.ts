// `sigil serve` restarted with its key stored (sealed with the operator's
// secret): the vehicle, which requires signing, is flown on with no pilot
// action; its telemetry flows and its heartbeats verify from the start.

import { expect, screenshot, test } from './fixtures';
import { startHost, type RunningHost } from './support/host';
import { showView, signTheLink, verdictCell, waitForGpsFix } from './support/pilot';

const env = { SIGIL_KEY_SECRET: 'the operator secret of this field box' };

test('the key survives a restart of sigil serve, and telemetry flows with no pilot action', async ({
  hostBrowser,
  target,
}) => {
  test.skip(target !== 'host', 'a restart of the headless host');
  // Two starts of the host, a signing setup and a GPS fix.
  test.setTimeout(180_000);
  const hosts: RunningHost[] = [];
  try {
    const first = await startHost({ env });
    hosts.push(first);
    const context = await hostBrowser!.newContext({ viewport: { width: 1440, height: 960 } });
    const page = await context.newPage();
    await page.goto(first.url);
    await expect(page.getByTestId('topbar-mode')).toBeVisible({ timeout: 20_000 });
    const { fingerprint } = await signTheLink(page, 'kept across restarts');
    await context.close();
    expect(await first.stop()).toBe(0);

    // The same data folder and listener: the simulated vehicle keeps its key, as a real one does.
    const second = await startHost({ env, dataDir: first.dataDir, link: first.link });
    hosts.push(second);
    expect(second.output()).toContain(`Signing key ${fingerprint} loaded`);
    const again = await (
      await hostBrowser!.newContext({ viewport: { width: 1440, height: 960 } })
    ).newPage();
    await again.goto(second.url);
    await expect(again.getByTestId('topbar-fingerprint')).toHaveText(fingerprint, {
      timeout: 20_000,
    });
    await waitForGpsFix(again);
    await expect(again.getByTestId('altitude')).toHaveText(/^-?\d+\.\d m$/);
    await expect(again.getByTestId('vehicle-link')).toHaveText('signed heartbeat');
    await expect(again.getByTestId('signing-key-missing')).toHaveCount(0);
    await screenshot(again, 'restarted-with-key');
    await showView(again, 'signing');
    await expect(again.getByTestId('key-note')).toContainText('sealed with the secret');
    const linkRow = again.locator('[data-testid="verdict-row"]').first();
    const linkId = await linkRow.getAttribute('data-link-id');
    await expect(verdictCell(again, linkId!, 'ok')).toHaveText(/[1-9]/);
    await again.context().close();
  } finally {
    for (const host of hosts.reverse()) await host.stop();
    await hosts[0]?.remove();
  }
});

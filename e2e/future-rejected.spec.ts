// A key holder sends a signed frame dated at the end of the 48-bit clock:
// the signing view counts it as `future`, lists it among the refused frames
// and says how far ahead a frame may be.

import { signedHeartbeat } from '../main/core/testing/signed-heartbeat';
import { udpSender } from '../main/testing/udp-sender';
import { keyFromPassphrase } from '../main/signing/key';
import { expect, screenshot, test } from './fixtures';
import { numberOf, setKeyFromPassphrase, vehicleLinkId, verdictCell } from './support/pilot';

const PASSPHRASE = 'a key holder gone rogue';

test('a frame dated far in the future is refused as future and shown with the horizon', async ({
  page,
  sigil,
}) => {
  const linkId = await vehicleLinkId(page);
  await setKeyFromPassphrase(page, PASSPHRASE);

  const peer = await udpSender(Number(sigil.link.split(':').at(-1)));
  try {
    await peer.send(signedHeartbeat(keyFromPassphrase(PASSPHRASE), 2 ** 48 - 1, { sysid: 7 }));
  } finally {
    await peer.close();
  }

  await expect.poll(() => numberOf(verdictCell(page, linkId, 'future'))).toBe(1);
  const row = page.locator('[data-testid="rejection-row"][data-verdict="future"]');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('7/1');
  await expect(row).toContainText('HEARTBEAT');
  await expect(page.getByTestId('future-horizon')).toHaveText('24 hours');
  await screenshot(page, 'signing-future');
});

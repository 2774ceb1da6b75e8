// An MQTT network opened from the Connections page, on a real mosquitto
// started here: the page shows the broker connected; with the broker
// stopped, it shows the outage, why, and when Sigil tries again; with the
// broker back, connected again by itself, the outage counted. Another
// ground station on the network is shown as a peer.

import { connectAsync } from 'mqtt';
import { createCodec } from '../main/mavlink/ardupilotmega';
import { toTopic } from '../main/links/mqtt-topics';
import { Mosquitto } from '../main/testing/mosquitto';
import { expect, screenshot, test } from './fixtures';
import { showView } from './support/pilot';

/** Reconnecting waits 0.5 s, doubling to 8 s. */
const RECONNECT_TIMEOUT_MS = 20_000;

test('the Connections page shows a broker outage and the reconnection', async ({ page }) => {
  const broker = await Mosquitto.start();
  try {
    await showView(page, 'connections');
    await page.getByTestId('link-kind').selectOption('mqtt');
    await page.getByTestId('link-host').fill('127.0.0.1');
    await page.getByTestId('link-port').fill(String(broker.port));
    await page.getByTestId('mqtt-network').fill('field');
    await page.getByTestId('link-open').click();

    const state = page.getByTestId('broker-state');
    await expect(state).toHaveText('connected', { timeout: RECONNECT_TIMEOUT_MS });
    await expect(page.getByTestId('broker-outages')).toHaveText('0 outages');

    // Another operator's heartbeat on the network.
    const other = await connectAsync({ host: '127.0.0.1', port: broker.port });
    const codec = createCodec();
    const heartbeat = codec.encodeFrame(
      codec.byName('HEARTBEAT')!,
      { type: 6, autopilot: 8, base_mode: 0, custom_mode: 0 },
      { version: 2, seq: 0, sysid: 255, compid: 31 },
    );
    await other.publishAsync(toTopic('field', 0), Buffer.from(heartbeat));
    await expect(page.getByTestId('peer')).toContainText('GCS 255/31');
    await other.endAsync(true);
    await screenshot(page, 'broker-connected');

    await broker.stop();
    await expect(state).toContainText('broker unreachable', { timeout: RECONNECT_TIMEOUT_MS });
    await expect(state).toContainText(`127.0.0.1:${broker.port}`);
    await expect(state).toContainText('reconnecting in');
    await expect(page.getByTestId('broker-outages')).toHaveText('1 outage');
    await screenshot(page, 'broker-outage');

    await broker.restart();
    await expect(state).toHaveText('connected', { timeout: RECONNECT_TIMEOUT_MS });
    await expect(page.getByTestId('broker-outages')).toHaveText('1 outage');
    await expect(page.getByTestId('broker-contact')).toContainText('last heard');
  } finally {
    await broker.close();
  }
});

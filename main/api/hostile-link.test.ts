// The core `sigil serve` runs, against a key holder over real UDP on
// loopback: a frame at the end of the 48-bit clock is counted as `future`
// and the service goes on answering and signing.

import { afterEach, expect, it } from 'vitest';
import { signedHeartbeat } from '../core/testing/signed-heartbeat';
import { udpSender } from '../testing/udp-sender';
import { keyFromPassphrase } from '../signing/key';
import { STALE_WINDOW, wallClockTimestamp } from '../signing/timestamp';
import { call, closeServices, eventually, startService } from './testing/services';
import { freeUdpPort } from '../testing/ports';

const PASSPHRASE = 'serve hostile test';
const key = keyFromPassphrase(PASSPHRASE);

afterEach(closeServices);

it('counts a signed frame at 2^48-1 as future and goes on answering and signing', async () => {
  const port = await freeUdpPort();
  const service = await startService({
    defaultLink: `udpin:127.0.0.1:${port}`,
    gcs: { heartbeatIntervalMs: 50, record: false },
  });
  await call(service, 'signing.setKey', { source: 'passphrase', passphrase: PASSPHRASE });
  const linkId = service.gcs.links()[0]!.id;
  await call(service, 'signing.setLinkPolicy', {
    linkId,
    sign: true,
    require: true,
    allowUnsigned: [],
  });
  const peer = await udpSender(port);
  try {
    await peer.send(signedHeartbeat(key, wallClockTimestamp()));
    await peer.send(signedHeartbeat(key, 2 ** 48 - 1, { seq: 1 }));
    const state = await eventually('the future frame', async () => {
      const answer = await call(service, 'signing.state', {});
      return answer.links[0]!.verdicts.future === 1 ? answer : undefined;
    });
    expect(state.links[0]!.verdicts.ok).toBe(1);
    expect(state.localTimestamp).toBeLessThan(wallClockTimestamp() + STALE_WINDOW);
    const link = service.gcs.links()[0]!;
    const sent = link.stats().framesOut;
    await eventually('more signed frames', async () => link.stats().framesOut > sent + 3);
  } finally {
    await peer.close();
  }
});

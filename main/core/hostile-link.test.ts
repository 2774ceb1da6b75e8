// What a peer can try against the GCS's signing over a real UDP link on
// loopback, and what it must not achieve: a frame far in the future must
// not end the process or move a clock, our own restarts must not turn an
// honest vehicle stale, and one key holder must not fill the stream table
// for good.

import { afterEach, describe, expect, it } from 'vitest';
import { keyFromPassphrase } from '../signing/key';
import { STALE_WINDOW, UNITS_PER_SECOND, wallClockTimestamp } from '../signing/timestamp';
import type { Gcs } from './gcs';
import type { Link } from './link';
import { freeUdpPort } from '../testing/ports';
import { signedHeartbeat } from './testing/signed-heartbeat';
import { startGcs } from './testing/gcs-and-sim';
import { tempDir } from '../testing/temp-dir';
import { udpSender } from '../testing/udp-sender';
import { waitFor } from '../testing/wait-for';

const key = keyFromPassphrase('hostile link test');
const MAX = 2 ** 48 - 1;

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** A GCS with the key, signing and requiring signatures on a UDP link a test socket sends to. */
async function signedGcs(dataDir = tempDir('sigil-hostile-')) {
  const port = await freeUdpPort();
  const gcs = await startGcs({ dataDir, heartbeatIntervalMs: 50, record: false });
  cleanup.push(() => gcs.close());
  gcs.setKey(key);
  const link = gcs.openLink(`udpin:127.0.0.1:${port}`, { sign: true, require: true });
  const peer = await udpSender(port);
  cleanup.push(peer.close);
  return { gcs, link, peer, dataDir };
}

function verdicts(link: Link) {
  return link.stats().verdicts;
}

describe('a signed frame at 2^48-1 from a key holder', () => {
  it('is refused as future and moves neither the reference nor the outgoing clock', async () => {
    const { gcs, link, peer } = await signedGcs();
    const honest = wallClockTimestamp();
    await peer.send(signedHeartbeat(key, honest));
    await waitFor('the honest frame', () => verdicts(link).ok === 1);
    await peer.send(signedHeartbeat(key, MAX, { seq: 1 }));
    await waitFor('the future frame', () => verdicts(link).future === 1);

    const soon = wallClockTimestamp() + 2 * STALE_WINDOW;
    expect(gcs.signing.localTimestamp).toBeLessThan(soon);
    expect(gcs.signing.persistent.clock.highest).toBeLessThan(soon);
    expect(gcs.signing.streams()).toMatchObject([{ sysid: 1, timestamp: honest, accepted: 1 }]);
    expect(link.recentRejections()).toMatchObject([{ verdict: 'future', timestamp: MAX }]);
  });

  it('does not stop the GCS signing and sending', async () => {
    const { gcs, link, peer } = await signedGcs();
    await peer.send(signedHeartbeat(key, wallClockTimestamp()));
    await waitFor('the honest frame', () => verdicts(link).ok === 1);
    await peer.send(signedHeartbeat(key, MAX, { seq: 1 }));
    await waitFor('the future frame', () => verdicts(link).future === 1);
    const sent = link.stats().framesOut;
    await waitFor('more signed heartbeats', () => link.stats().framesOut > sent + 3);
    expect(gcs.signing.clockHealth).toMatchObject({ state: 'ok', held: 0 });
  });

  it('leaves nothing behind that troubles the next start', async () => {
    const first = await signedGcs();
    await first.peer.send(signedHeartbeat(key, MAX));
    await waitFor('the future frame', () => verdicts(first.link).future === 1);
    await first.gcs.close();

    const again = await startGcs({ dataDir: first.dataDir, record: false });
    cleanup.push(() => again.close());
    expect(again.signing.clockHealth).toMatchObject({ state: 'ok', start: 'restored' });
    expect(again.signing.persistent.clock.next()).toBeLessThan(
      wallClockTimestamp() + 3 * STALE_WINDOW,
    );
  });
});

describe('restarts', () => {
  it('20 in a row do not turn a vehicle signing by the wall clock stale', async () => {
    const dataDir = tempDir('sigil-restarts-');
    for (let i = 0; i < 20; i++) {
      const gcs: Gcs = await startGcs({ dataDir, record: false });
      await gcs.close();
    }
    const { gcs, link, peer } = await signedGcs(dataDir);
    // Our own clock now runs 20 minutes ahead, as it must: nothing reused.
    expect(gcs.signing.persistent.clock.highest).toBeGreaterThan(
      wallClockTimestamp() + 19 * STALE_WINDOW,
    );
    await peer.send(signedHeartbeat(key, wallClockTimestamp()));
    await waitFor('a verdict', () => link.stats().framesIn === 1);
    expect(verdicts(link)).toMatchObject({ ok: 1, stale: 0 });
  });
});

describe('the stream table', () => {
  it('filled by one key holder still takes a new vehicle once the filler has gone quiet', async () => {
    const { gcs, link, peer } = await signedGcs();
    const minuteAgo = wallClockTimestamp() - STALE_WINDOW + UNITS_PER_SECOND;
    for (let sysid = 100; sysid < 164; sysid++) {
      await peer.send(signedHeartbeat(key, minuteAgo, { sysid }));
    }
    await waitFor('64 streams', () => gcs.signing.streams().length === 64);
    // About a second later those streams are more than 60 s behind: room for a real vehicle.
    await waitFor(
      'the filler to age',
      () => wallClockTimestamp() > minuteAgo + STALE_WINDOW + UNITS_PER_SECOND / 10,
    );
    await peer.send(signedHeartbeat(key, wallClockTimestamp(), { sysid: 7 }));
    await waitFor('a verdict on the vehicle', () => link.stats().framesIn === 65);
    expect(verdicts(link)).toMatchObject({ ok: 65, 'too-many-streams': 0 });
    expect(gcs.signing.streams().some((s) => s.sysid === 7)).toBe(true);
  });
});

// The simulated vehicle against a key holder over real UDP on loopback: a
// frame or a SETUP_SIGNING at the end of the 48-bit clock must not end the
// process, at once or at the next start.

import { afterEach, describe, expect, it } from 'vitest';
import { freeUdpPort } from '../testing/ports';
import { signedHeartbeat } from '../core/testing/signed-heartbeat';
import { startSimAt } from '../core/testing/gcs-and-sim';
import { tempDir } from '../testing/temp-dir';
import { udpSender } from '../testing/udp-sender';
import { waitFor } from '../testing/wait-for';
import { createCodec } from '../mavlink/ardupilotmega';
import { keyFromPassphrase } from '../signing/key';
import { setupSigningFrame } from '../signing/setup-signing';
import { STALE_WINDOW, wallClockTimestamp } from '../signing/timestamp';

const key = keyFromPassphrase('sim hostile test');
const MAX = 2 ** 48 - 1;
const GCS = { sysid: 255, compid: 190 };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function simListening(options: { key?: typeof key; stateDir?: string } = {}) {
  const port = await freeUdpPort();
  const sim = await startSimAt(`udpin:127.0.0.1:${port}`, options);
  cleanup.push(() => sim.stop());
  const peer = await udpSender(port);
  cleanup.push(peer.close);
  return { sim, peer };
}

describe('the simulated vehicle', () => {
  it('refuses a signed frame at 2^48-1 as future and goes on signing what it sends', async () => {
    const { sim, peer } = await simListening({ key });
    await peer.send(signedHeartbeat(key, wallClockTimestamp(), GCS));
    await waitFor('the honest frame', () => sim.vehicle.signingCounts.ok === 1);
    await peer.send(signedHeartbeat(key, MAX, { ...GCS, seq: 1 }));
    await waitFor('the future frame', () => sim.vehicle.signingCounts.future === 1);
    const sent = sim.vehicle.stats.framesOut;
    await waitFor('more frames', () => sim.vehicle.stats.framesOut > sent + 5);
    expect(sim.vehicle.signingTimestamp).toBeLessThan(wallClockTimestamp() + STALE_WINDOW);
    expect(sim.vehicle.stats.held).toBe(0);
  });

  it('takes a SETUP_SIGNING at 2^48-1 and holds its frames instead of failing, now and at the next start', async () => {
    const stateDir = tempDir('sigil-sim-hostile-');
    const { sim, peer } = await simListening({ stateDir });
    const setup = setupSigningFrame(
      createCodec(),
      { targetSystem: 1, targetComponent: 1 },
      key,
      MAX,
      { seq: 0, ...GCS },
    );
    await peer.send(setup);
    await waitFor('signing on', () => sim.vehicle.signingEnabled);
    await waitFor('frames held', () => sim.vehicle.stats.held > 3);
    await sim.stop();

    const again = await simListening({ stateDir });
    expect(again.sim.vehicle.signingEnabled).toBe(true);
    await waitFor('frames held', () => again.sim.vehicle.stats.held > 3);
  });
});

// Telemetry comes back by itself, over real UDP and TCP on loopback, with
// the simulated copter sending nothing but heartbeats until asked (as
// ArduPilot does): after a reboot in flight, after the link is closed and
// opened again, and after the key is set on a link already open to a
// vehicle that signs.

import { afterEach, describe, expect, it } from 'vitest';
import { keyFromPassphrase } from '../signing/key';
import { REBOOT_SILENCE_MS } from '../sim/vehicle';
import type { Vehicle } from '../vehicle/vehicle';
import { freeTcpPort, freeUdpPort } from '../testing/ports';
import { waitFor } from '../testing/wait-for';
import { startGcs, startSimAt } from './testing/gcs-and-sim';

const key = keyFromPassphrase('telemetry recovery');
let cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function attitudeFresh(vehicle: Vehicle): boolean {
  return vehicle.snapshot(Date.now()).ages.attitude?.stale === false;
}

describe('telemetry comes back', () => {
  it('within a few seconds of a reboot in flight over UDP, stale marks in between', async () => {
    const port = await freeUdpPort();
    const gcs = await startGcs();
    cleanup.push(() => gcs.close());
    gcs.openLink(`udpin:127.0.0.1:${port}`);
    const sim = await startSimAt(`udpout:127.0.0.1:${port}`);
    cleanup.push(() => sim.stop());
    const { vehicle } = await waitFor('the vehicle', () => gcs.router.find(1, 1));
    expect(await vehicle.commands.setMode('GUIDED')).toMatchObject({ status: 'accepted' });
    expect(await vehicle.commands.arm()).toMatchObject({ status: 'accepted' });
    expect(await vehicle.commands.takeoff(10)).toMatchObject({ status: 'accepted' });
    await waitFor('a climb', () => (vehicle.snapshot(Date.now()).position?.altRelative ?? 0) > 3);

    const rebootedAt = Date.now();
    sim.vehicle.reboot();
    await waitFor('stale attitude', () => !attitudeFresh(vehicle), 5000);
    await waitFor('fresh attitude', () => attitudeFresh(vehicle), 10_000);
    const freshAt = Date.now();
    await waitFor('the reboot seen', () => vehicle.snapshot(Date.now()).rebootedAt !== null);

    const s = vehicle.snapshot(Date.now());
    expect(
      s.statusTexts.some((t) => t.fromGcs === true && t.text.startsWith('Vehicle rebooted')),
    ).toBe(true);
    expect(s.armed).toBe(false);
    expect(freshAt - rebootedAt).toBeLessThan(REBOOT_SILENCE_MS + 3000);
  });

  it('after the link is closed and opened again over TCP, the vehicle having forgotten its streams', async () => {
    const port = await freeTcpPort();
    const sim = await startSimAt(`tcpin:127.0.0.1:${port}`);
    cleanup.push(() => sim.stop());
    const gcs = await startGcs();
    cleanup.push(() => gcs.close());
    const first = gcs.openLink(`tcp:127.0.0.1:${port}`);
    const { vehicle } = await waitFor('the vehicle', () => gcs.router.find(1, 1));
    await waitFor('telemetry', () => attitudeFresh(vehicle));

    await gcs.closeLink(first.id);
    await waitFor('stale attitude', () => !attitudeFresh(vehicle), 5000);
    const reopenedAt = Date.now();
    gcs.openLink(`tcp:127.0.0.1:${port}`);
    await waitFor('fresh attitude', () => attitudeFresh(vehicle), 10_000);
    expect(Date.now() - reopenedAt).toBeLessThan(3000);
    expect(gcs.router.counts.streamRequests).toBeGreaterThanOrEqual(2);
  });

  it('after the key is set on a link already open to a vehicle that signs', async () => {
    const port = await freeUdpPort();
    const gcs = await startGcs();
    cleanup.push(() => gcs.close());
    const link = gcs.openLink(`udpin:127.0.0.1:${port}`);
    const sim = await startSimAt(`udpout:127.0.0.1:${port}`, { key });
    cleanup.push(() => sim.stop());
    const { vehicle } = await waitFor('the vehicle', () => gcs.router.find(1, 1));
    // Unsigned, the requests are ignored (heartbeats only): asked three times, next in 2 s.
    await waitFor('unsigned requests ignored', () => sim.vehicle.stats.ignored >= 3 * 8);
    expect(vehicle.snapshot(Date.now()).attitude).toBeNull();

    gcs.setKey(key);
    gcs.setLinkSigning(link.id, { ...link.signingPolicy, sign: true });
    // At the next heartbeat, not at the next step of the schedule.
    await waitFor('fresh attitude', () => attitudeFresh(vehicle), 1500);
    expect(link.stats().verdicts.ok).toBeGreaterThan(0);
  });
});

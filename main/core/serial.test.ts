// The GCS and the simulated vehicle over a real serial line: two linked
// ttys from socat, the sim on one end, a GCS link on the other, as a USB
// cable or a telemetry radio pair would join them.

import { spawnSync, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPtyPair, stopProcess } from '../../native/testing/pty-pair';
import type { LinkState } from '../links/transport';
import { keyFromPassphrase } from '../signing/key';
import type { Gcs } from './gcs';
import type { Link } from './link';
import { startGcs, startSimAt } from './testing/gcs-and-sim';
import { tempDir } from '../testing/temp-dir';
import { waitFor } from '../testing/wait-for';

const hasSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
const key = keyFromPassphrase('serial end to end');

const socats: ChildProcess[] = [];
let cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  try {
    for (const step of cleanup.reverse()) await step();
  } finally {
    cleanup = [];
    for (const socat of socats.splice(0)) await stopProcess(socat);
  }
});

/** Two linked ttys at DIR/gcs and DIR/veh. */
async function startSocat(dir: string): Promise<ChildProcess> {
  const socat = await startPtyPair(join(dir, 'gcs'), join(dir, 'veh'));
  socats.push(socat);
  return socat;
}

async function gcsAndSimOverSerial() {
  const dir = tempDir('sigil-serial-e2e-');
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const socat = await startSocat(dir);
  const sim = await startSimAt(`serial:${join(dir, 'veh')}:115200`);
  cleanup.push(() => sim.stop());
  const gcs = await startGcs();
  cleanup.push(() => gcs.close());
  const states: LinkState[] = [];
  gcs.events.on('linkState', ({ state }) => states.push(state));
  const link = gcs.openLink(`serial:${join(dir, 'gcs')}:115200`);
  const { vehicle } = await waitFor('the vehicle over serial', () => gcs.router.find(1, 1));
  return { dir, socat, sim, gcs, link, states, vehicle };
}

function modeOf(gcs: Gcs): string | null {
  return gcs.router.find(1, 1)!.vehicle.snapshot(Date.now()).mode;
}

async function moreFrames(link: Link, count: number, what: string): Promise<void> {
  const before = link.stats().framesIn;
  await waitFor(what, () => link.stats().framesIn >= before + count, 15_000);
}

const SUITE = 'GCS with the simulated vehicle over serial (socat pty pair)';

describe.skipIf(!hasSocat)(hasSocat ? SUITE : `${SUITE}: skipped, socat is not installed`, () => {
  it('sees the vehicle and arms it', async () => {
    const { vehicle, sim } = await gcsAndSimOverSerial();
    expect(vehicle.snapshot(Date.now())).toMatchObject({
      autopilot: 'ARDUPILOTMEGA',
      type: 'QUADROTOR',
      armed: false,
    });
    expect(await vehicle.commands.arm()).toMatchObject({ status: 'accepted' });
    expect(sim.vehicle.armed).toBe(true);
    await waitFor('the armed heartbeat', () => vehicle.snapshot(Date.now()).armed);
  });

  it('puts the key on the vehicle with SETUP_SIGNING and changes mode signed', async () => {
    const { gcs, link, vehicle, sim } = await gcsAndSimOverSerial();
    gcs.setKey(key);
    expect(await gcs.changeVehicleSigning(1, 1, 'enable')).toEqual({ ok: true, kind: 'enable' });
    expect(sim.vehicle.signingEnabled).toBe(true);
    // Unsigned frames still on the line when the link began to require signing are
    // rejected; the vehicle's signed heartbeat that confirmed the change came after them.
    const unsignedBefore = link.stats().verdicts.unsigned;
    const okBefore = link.stats().verdicts.ok;
    expect(await vehicle.commands.setMode('LOITER')).toMatchObject({ status: 'accepted' });
    await waitFor('LOITER', () => modeOf(gcs) === 'LOITER');
    expect(vehicle.snapshot(Date.now()).heartbeatSigned).toBe(true);
    expect(link.stats().verdicts).toMatchObject({ unsigned: unsignedBefore, 'bad-signature': 0 });
    expect(link.stats().verdicts.ok).toBeGreaterThan(okBefore);
    expect(sim.vehicle.signingCounts.unsigned ?? 0).toBe(0);
  });

  it('reports the line lost when socat dies and hears the vehicle again when it is back', async () => {
    const { dir, socat, link, states } = await gcsAndSimOverSerial();
    await stopProcess(socat);
    const lost = await waitFor('the link error', () =>
      link.state.status === 'error' ? link.state : undefined,
    );
    expect(lost.message).toMatch(
      new RegExp(
        `^(serial port ${join(dir, 'gcs')} was disconnected|no such serial port ${join(dir, 'gcs')})$`,
      ),
    );
    const lostAt = states.length;

    await startSocat(dir);
    await waitFor('the link back up', () => link.state.status === 'connected', 15_000);
    expect(states.slice(lostAt).map((s) => s.status)).toContain('connecting');
    // Telemetry flows only once the sim's own serial link has reopened its end too.
    await moreFrames(link, 20, 'telemetry again');
  });
});

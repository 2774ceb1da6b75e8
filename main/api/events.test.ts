// Events: batched telemetry snapshots (at most ~30 a second whatever the
// frame rate, at least one a second), their content, flight-log errors, and
// subscribers that misbehave.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock';
import { SNAPSHOT_IDLE_MS, SNAPSHOT_INTERVAL_MS } from './snapshot';
import { call, closeServices, recordEvents, startService, withSim } from './testing/services';
import { tempDir } from '../testing/temp-dir';
import { waitFor } from '../testing/wait-for';

afterEach(closeServices);

/** A service whose snapshot ticks run when the test moves the clock. */
async function serviceOnClock() {
  const clock = new ManualClock(Date.now());
  const service = await startService({ snapshots: { clock } });
  return { clock, service };
}

describe('telemetry snapshots', () => {
  it('stay at or below about 30 a second while the vehicle streams', async () => {
    const { clock, service } = await serviceOnClock();
    const { linkId } = await withSim(service);
    const link = service.gcs.links().find((l) => l.id === linkId)!;
    const events = recordEvents(service);
    const count = () => events.of('telemetry.snapshot').length;
    expect(1000 / SNAPSHOT_INTERVAL_MS).toBeLessThanOrEqual(31);
    // Frames keep arriving between ticks: one snapshot a tick, never more.
    for (let tick = 1; tick <= 3; tick++) {
      const heard = link.stats().framesIn;
      await waitFor('frames from the vehicle', () => link.stats().framesIn >= heard + 3);
      expect(count()).toBe(tick - 1);
      clock.advance(SNAPSHOT_INTERVAL_MS);
      expect(count()).toBe(tick);
    }
    events.stop();
  });

  it('carry vehicles without status texts, links and the signing summary', async () => {
    const service = await startService();
    const { linkId } = await withSim(service);
    const events = recordEvents(service);
    const snapshot = await waitFor('a snapshot with the vehicle', () =>
      events.of('telemetry.snapshot').find((e) => e.vehicles.length === 1),
    );
    expect(snapshot.vehicles[0]).toMatchObject({ sysid: 1, compid: 1, autopilot: 'ARDUPILOTMEGA' });
    expect(snapshot.vehicles[0]).not.toHaveProperty('statusTexts');
    expect(snapshot.links).toEqual([expect.objectContaining({ id: linkId, kind: 'udpin' })]);
    expect(snapshot.signing).toEqual({
      fingerprint: null,
      localTimestamp: expect.any(Number),
      clock: expect.objectContaining({ state: 'ok', holding: false }),
    });
    // Plain data: the same after a trip through JSON (no bigint, no class instance).
    const json = JSON.stringify(snapshot);
    expect(JSON.stringify(JSON.parse(json))).toBe(json);
  });

  it('leave out a vehicle the core dropped for its silence', async () => {
    const service = await startService({ gcs: { vehicles: { forgetSilentMs: 500 } } });
    await withSim(service);
    const events = recordEvents(service);
    await waitFor('a snapshot with the vehicle', () =>
      events.of('telemetry.snapshot').find((e) => e.vehicles.length === 1),
    );
    await call(service, 'sim.stop', {});
    const seen = events.of('telemetry.snapshot').length;
    await waitFor('a snapshot without it', () =>
      events
        .of('telemetry.snapshot')
        .slice(seen)
        .find((e) => e.vehicles.length === 0),
    );
  });

  it('come as soon as a value turns stale, with no frame coming', async () => {
    const service = await startService();
    await withSim(service);
    const events = recordEvents(service);
    await waitFor('fresh attitude', () =>
      events.of('telemetry.snapshot').find((e) => e.vehicles[0]?.ages.attitude?.stale === false),
    );
    // Long enough for its period (10 Hz) to be known: stale after a second of silence.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await call(service, 'sim.stop', {});
    const stale = await waitFor('stale attitude', () =>
      events.of('telemetry.snapshot').find((e) => e.vehicles[0]?.ages.attitude?.stale === true),
    );
    // Stale a second after its last frame, told within a tick or two: not at the next idle snapshot.
    expect(stale.vehicles[0]!.ages.attitude!.ageMs).toBeLessThan(1000 + SNAPSHOT_IDLE_MS / 2);
  });

  it('come at least once a second when nothing changes', async () => {
    const { clock, service } = await serviceOnClock();
    const events = recordEvents(service);
    clock.advance(2300);
    const count = events.of('telemetry.snapshot').length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(4);
  });

  it('come at once for a new subscriber', async () => {
    const { clock, service } = await serviceOnClock();
    // Someone else listens already and has the current state: no snapshot is due.
    const earlier = recordEvents(service);
    clock.advance(SNAPSHOT_IDLE_MS / 2);
    expect(earlier.of('telemetry.snapshot')).toHaveLength(1);
    const events = recordEvents(service);
    clock.advance(SNAPSHOT_INTERVAL_MS);
    expect(events.of('telemetry.snapshot').length).toBeGreaterThan(0);
  });

  it('stop for a subscriber that unsubscribed', async () => {
    const { clock, service } = await serviceOnClock();
    const events = recordEvents(service);
    clock.advance(SNAPSHOT_INTERVAL_MS);
    expect(events.all.length).toBeGreaterThan(0);
    events.stop();
    const seen = events.all.length;
    // Long enough that a subscriber still listening would get the idle snapshot.
    clock.advance(SNAPSHOT_IDLE_MS + 200);
    expect(events.all.length).toBe(seen);
  });
});

describe('subscribers', () => {
  it('that throw do not keep events from the others nor break requests', async () => {
    const service = await startService();
    service.subscribe(() => {
      throw new Error('a broken view');
    });
    const events = recordEvents(service);
    await withSim(service);
    await waitFor('snapshots', () => events.of('telemetry.snapshot').length > 3);
    expect((await call(service, 'vehicles.list', {})).vehicles).toHaveLength(1);
  });
});

describe('flight log errors', () => {
  it('are sent as logs.error', async () => {
    const dataDir = tempDir('sigil-api-');
    // A file where the log folder should be: the recorder cannot create it.
    writeFileSync(join(dataDir, 'logs'), 'in the way');
    const clock = new ManualClock(Date.now());
    const service = await startService({ dataDir, gcs: { clock } });
    const events = recordEvents(service);
    await withSim(service);
    await waitFor('frames to record', () => service.gcs.recorder!.stats.frames > 0);
    // The recorder's flush interval: the first write finds no folder.
    clock.advance(1000);
    const error = await waitFor('a log error', () => events.of('logs.error')[0]);
    expect(error.message).toMatch(/flight log/);
  });
});

// logs.*: the session's flight log listed and replayed by name, replay
// controls, and the containment check behind the name rule.

import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TlogRecorder } from '../logs/recorder';
import { telemetryRequests } from '../core/telemetry-request';
import { createCodec } from '../mavlink/ardupilotmega';
import { MAV_AUTOPILOT } from '../mavlink/dialect';
import { DEFAULT_TICK_MS } from '../sim/run-sim';
import { SimVehicle } from '../sim/vehicle';
import { ManualClock } from '../testing/manual-clock';
import { logPath } from './handlers/logs';
import type { ApiService } from './service';
import {
  call,
  closeServices,
  eventually,
  recordEvents,
  startService,
  withSim,
} from './testing/services';
import { tempDir } from '../testing/temp-dir';
import { waitFor } from '../testing/wait-for';

afterEach(closeServices);

/** A service on the data folder whose replays are paced by a clock the test moves. */
async function serviceOnClock(
  dataDir: string,
): Promise<{ clock: ManualClock; service: ApiService }> {
  const clock = new ManualClock(Date.now());
  const service = await startService({ dataDir, gcs: { clock } });
  return { clock, service };
}

/** `check`, with the clock moved on 10 ms before each look. */
function asTimePasses<T>(clock: ManualClock, check: () => T): () => T {
  return () => {
    clock.advance(10);
    return check();
  };
}

/** Moves the clock on by `ms` in 10 ms steps, letting what each step starts run. */
async function play(clock: ManualClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 10) await clock.advanceAsync(10);
}

/**
 * A data folder holding one finished session log: 1.5 s of the simulated
 * vehicle, recorded as the GCS records, made on a clock moved by hand.
 */
async function recordedSession(): Promise<{ dataDir: string; name: string }> {
  const dataDir = tempDir('sigil-api-');
  // A day back, so the log's name is not the one the next service's own log takes.
  const clock = new ManualClock(Date.now() - 86_400_000);
  const recorder = new TlogRecorder({ dir: join(dataDir, 'logs'), clock });
  const sim = await SimVehicle.open({
    clock: () => clock.now(),
    gpsFixDelayMs: 0,
    onSend: (frame) => recorder.record(frame, undefined),
  });
  // The vehicle streams only what a ground station asks for, as ArduPilot does.
  const codec = createCodec();
  const target = { sysid: sim.sysid, compid: 1 };
  for (const [seq, request] of telemetryRequests(
    MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA,
    target,
  ).entries()) {
    const header = { version: 2 as const, seq, sysid: 255, compid: 190 };
    sim.receive(codec.encodeFrame(codec.byName(request.name)!, request.fields, header));
  }
  for (let ms = 0; ms < 1500; ms += DEFAULT_TICK_MS) {
    clock.advance(DEFAULT_TICK_MS);
    sim.tick();
  }
  await sim.close();
  await recorder.close();
  return { dataDir, name: basename(recorder.path) };
}

async function framesIn(service: ApiService, linkId: number): Promise<number> {
  const { links } = await call(service, 'links.list', {});
  return links.find((l) => l.id === linkId)!.stats.framesIn;
}

describe('logs', () => {
  it('lists the session log with its size and time', async () => {
    const service = await startService();
    await withSim(service);
    const { logs } = await call(service, 'logs.list', {});
    const session = service.gcs.recorder!.path.split(/[\\/]/).at(-1)!;
    expect(logs).toEqual([
      { name: session, bytes: expect.any(Number), modifiedMs: expect.any(Number) },
    ]);
    expect(logs[0]!.bytes).toBeGreaterThan(0);
    expect(Math.abs(logs[0]!.modifiedMs - Date.now())).toBeLessThan(60_000);
  });

  it('lists only .tlog files, newest first', async () => {
    const service = await startService();
    const dir = join(service.gcs.recorder!.path, '..');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'old.tlog'), Buffer.alloc(16));
    utimesSync(join(dir, 'old.tlog'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    writeFileSync(join(dir, 'new.tlog'), Buffer.alloc(32));
    writeFileSync(join(dir, 'notes.txt'), 'not a log');
    const { logs } = await call(service, 'logs.list', {});
    expect(logs.map((l) => [l.name, l.bytes])).toEqual([
      ['new.tlog', 32],
      ['old.tlog', 16],
    ]);
  });

  it('lists nothing before any log was written', async () => {
    const service = await startService({ gcs: { record: false } });
    expect(await call(service, 'logs.list', {})).toEqual({ logs: [] });
  });

  it('replays the session log by name, and the vehicle shows up from it', async () => {
    const service = await startService();
    await withSim(service);
    await waitFor('frames in the log', () => service.gcs.recorder!.stats.frames > 20);
    await call(service, 'sim.stop', {});
    const { logs } = await call(service, 'logs.list', {});
    const events = recordEvents(service);
    const { link } = await call(service, 'logs.replay', { name: logs[0]!.name, rate: 1000 });
    expect(link).toMatchObject({ kind: 'tlog', connection: `tlog:${logs[0]!.name}` });
    await waitFor('the end of the replay', () =>
      events.of('replay.progress').find((e) => e.linkId === link.id && e.progress.done),
    );
    expect(await framesIn(service, link.id)).toBeGreaterThan(10);
  });
});

describe('replay controls', () => {
  it('pause stops the frames and resume brings them back', async () => {
    const { dataDir, name } = await recordedSession();
    const { clock, service } = await serviceOnClock(dataDir);
    const { link } = await call(service, 'logs.replay', { name, rate: 0.2 });
    await eventually('frames', async () => (await framesIn(service, link.id)) > 0);
    await call(service, 'replay.control', { linkId: link.id, action: 'pause' });
    const paused = await framesIn(service, link.id);
    // At this rate the recording's records come every half second or so.
    await play(clock, 1000);
    expect(await framesIn(service, link.id)).toBe(paused);
    await call(service, 'replay.control', { linkId: link.id, action: 'resume' });
    await eventually('more frames', async () => (await framesIn(service, link.id)) > paused);
  });

  it('reports the pause in replay.progress', async () => {
    const { dataDir, name } = await recordedSession();
    const { clock, service } = await serviceOnClock(dataDir);
    const events = recordEvents(service);
    const { link } = await call(service, 'logs.replay', { name, rate: 0.2 });
    await waitFor('progress', () => events.of('replay.progress').length > 0);
    await call(service, 'replay.control', { linkId: link.id, action: 'pause' });
    await waitFor(
      'a paused report',
      asTimePasses(clock, () => events.of('replay.progress').find((e) => e.progress.paused)),
    );
  });

  it('seeks to a fraction of the recording', async () => {
    const { dataDir, name } = await recordedSession();
    const { clock, service } = await serviceOnClock(dataDir);
    const events = recordEvents(service);
    const { link } = await call(service, 'logs.replay', { name, rate: 0.1 });
    await waitFor('progress', () => events.of('replay.progress').length > 0);
    await call(service, 'replay.control', { linkId: link.id, action: 'seek', fraction: 0.9 });
    // Playing on at 0.1 would take 12 s of the clock to pass 80%; the wait moves it by far less.
    const report = await waitFor(
      'a report past 80%',
      asTimePasses(clock, () =>
        events.of('replay.progress').find((e) => {
          const p = e.progress;
          return p.positionUs >= p.startUs + 0.8 * (p.endUs - p.startUs);
        }),
      ),
    );
    expect(report.linkId).toBe(link.id);
  });

  it('changes the rate', async () => {
    const { dataDir, name } = await recordedSession();
    const { clock, service } = await serviceOnClock(dataDir);
    const events = recordEvents(service);
    const { link } = await call(service, 'logs.replay', { name, rate: 0.1 });
    await call(service, 'replay.control', { linkId: link.id, action: 'rate', rate: 1000 });
    await waitFor(
      'the end at the new rate',
      asTimePasses(clock, () =>
        events.of('replay.progress').find((e) => e.progress.done && e.progress.rate === 1000),
      ),
    );
  });

  it('sends replay progress at most about ten times a second', async () => {
    const { dataDir, name } = await recordedSession();
    const { clock, service } = await serviceOnClock(dataDir);
    const events = recordEvents(service);
    await call(service, 'logs.replay', { name, rate: 0.5 });
    await waitFor('the first report', () => events.of('replay.progress').length > 0);
    const first = events.of('replay.progress')[0]!.progress.positionUs;
    await play(clock, 1000);
    // Frames played all along: a report for each of them would be far more than 13.
    expect(events.of('replay.progress').at(-1)!.progress.positionUs).toBeGreaterThan(first);
    expect(events.of('replay.progress').length).toBeLessThanOrEqual(13);
  });
});

describe('log path containment', () => {
  it('refuses a name that resolves outside the log folder', async () => {
    const root = tempDir('sigil-logs-');
    await expect(logPath(root, '../x.tlog')).rejects.toThrow(
      "name: '../x.tlog' is not a file name in the log folder",
    );
  });

  it('refuses a log that is a link to a file outside the folder', async () => {
    const outside = tempDir('sigil-outside-');
    writeFileSync(join(outside, 'secret.tlog'), 'elsewhere');
    const root = tempDir('sigil-logs-');
    symlinkSync(join(outside, 'secret.tlog'), join(root, 'link.tlog'));
    await expect(logPath(root, 'link.tlog')).rejects.toThrow(
      "name: 'link.tlog' leads outside the log folder",
    );
  });

  it('takes a log file inside the folder', async () => {
    const root = tempDir('sigil-logs-');
    writeFileSync(join(root, 'flight.tlog'), 'x');
    expect(await logPath(root, 'flight.tlog')).toBe(join(root, 'flight.tlog'));
  });
});

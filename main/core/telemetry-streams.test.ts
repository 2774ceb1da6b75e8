// The router keeps a vehicle's telemetry coming: the simulated copter (which
// streams only when asked, as ArduPilot does) on an in-memory link, time
// moved by hand. It is asked at first contact, again when its telemetry goes
// missing (a reboot) or the link starts a new conversation, on a schedule
// that backs off, and within the reply budget for frames that did not verify.

import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../links/connection';
import type { Transport, TransportEvents } from '../links/transport';
import { createCodec } from '../mavlink/ardupilotmega';
import { MAV_AUTOPILOT } from '../mavlink/dialect';
import { FrameParser } from '../mavlink/parser';
import { keyFromPassphrase } from '../signing/key';
import { SimVehicle, REBOOT_SILENCE_MS, type SimVehicleOptions } from '../sim/vehicle';
import { ManualClock } from '../testing/manual-clock';
import type { VehicleSnapshot } from '../vehicle/vehicle';
import { Link } from './link';
import { Router, type VehicleLimits } from './router';
import { telemetryRequests } from './telemetry-request';

const STEP_MS = 20;
/** The frames of one set of requests to an ArduPilot vehicle. */
const REQUEST_FRAMES = telemetryRequests(MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA, {
  sysid: 1,
  compid: 1,
}).length;

/** Bytes between the link and the simulated vehicle, delivered between clock steps. */
class Pipe implements Transport {
  readonly config: ConnectionConfig = { kind: 'udpin', host: '127.0.0.1', port: 14550 };
  readonly toVehicle: Uint8Array[] = [];
  events: TransportEvents | undefined;
  framesWritten = 0;

  start(events: TransportEvents): void {
    this.events = events;
    events.onState({ status: 'connected' });
  }

  write(bytes: Uint8Array): boolean {
    this.toVehicle.push(bytes.slice());
    this.framesWritten++;
    return true;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function setup(options: { sim?: SimVehicleOptions; limits?: Partial<VehicleLimits> } = {}) {
  const clock = new ManualClock(Date.UTC(2025, 5, 1));
  const codec = createCodec();
  const router = new Router({
    codec,
    clock,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const pipe = new Pipe();
  const link = new Link(
    0,
    pipe,
    codec,
    { sysid: 255, compid: 190 },
    {
      onFrame: (l, frame, verdict) => router.route(l, frame, verdict),
    },
  );
  link.start();
  const sim = new SimVehicle({ gpsFixDelayMs: 0, clock: () => clock.now(), ...options.sim });
  const toGcs: Uint8Array[] = [];
  sim.onSend = (frame) => toGcs.push(frame.slice());
  const requests = new FrameParser(codec, () => undefined);
  const run = (ms: number, until?: () => boolean): number => {
    for (let t = 0; t < ms; t += STEP_MS) {
      clock.advance(STEP_MS);
      sim.tick(clock.now());
      while (pipe.toVehicle.length > 0 || toGcs.length > 0) {
        for (const frame of pipe.toVehicle.splice(0)) {
          requests.push(frame);
          sim.receive(frame);
        }
        for (const frame of toGcs.splice(0)) pipe.events!.onData(frame);
      }
      if (until?.() === true) return t + STEP_MS;
    }
    return Infinity;
  };
  const snapshot = (): VehicleSnapshot => router.find(1, 1)!.vehicle.snapshot(clock.now());
  const attitudeFresh = () => snapshot().ages.attitude?.stale === false;
  return { clock, router, link, pipe, sim, run, snapshot, attitudeFresh };
}

describe('telemetry streams', () => {
  it('are asked for when a vehicle is first heard, once, and then flow', () => {
    const { router, run, snapshot } = setup();
    run(60_000);
    expect(router.counts.streamRequests).toBe(1);
    const s = snapshot();
    for (const group of ['attitude', 'position', 'gps', 'hud', 'sysStatus', 'battery'] as const) {
      expect(s.ages[group]).toMatchObject({ stale: false });
    }
  });

  it('come back within a second of a reboot, stale while it is down, the reboot noted', () => {
    const { router, sim, run, snapshot, attitudeFresh } = setup();
    run(10_000);
    sim.reboot();
    run(1500);
    expect(snapshot().ages.attitude!.stale).toBe(true);
    expect(snapshot().ages.position!.stale).toBe(true);

    const back = run(10_000, attitudeFresh);
    expect(1500 + back).toBeLessThanOrEqual(REBOOT_SILENCE_MS + 1000);
    run(2000);
    const s = snapshot();
    expect(s.rebootedAt).not.toBeNull();
    expect(s.statusTexts.at(-1)).toMatchObject({ fromGcs: true, severity: 'WARNING' });
    expect(s.ages.position!.stale).toBe(false);
    // Asked at first contact, at the first heartbeat after the reboot, and once the reboot was seen.
    expect(router.counts.streamRequests).toBeLessThanOrEqual(3);
  });

  it('are asked for again when the link starts a new conversation', () => {
    const { router, link, sim, run, attitudeFresh } = setup();
    run(5000);
    sim.forgetStreams();
    router.linkReset(link);
    const back = run(5000, attitudeFresh);
    expect(back).toBeLessThanOrEqual(1000 + STEP_MS);
    expect(router.counts.streamRequests).toBe(2);
  });

  it('from a vehicle that ignores the requests are asked on a schedule that backs off', () => {
    // It signs and takes only signed frames; the GCS has no key: every request is ignored.
    const key = keyFromPassphrase('a key the GCS does not have');
    const { router, pipe, run, snapshot } = setup({ sim: { key } });
    run(120_000);
    expect(snapshot().ages.attitude).toBeNull();
    // At 0, 1, 2, 4, 8, 16, 31, 61 and 91 s: not one a second.
    expect(router.counts.streamRequests).toBeGreaterThanOrEqual(8);
    expect(router.counts.streamRequests).toBeLessThanOrEqual(10);
    expect(pipe.framesWritten).toBe(router.counts.streamRequests * REQUEST_FRAMES);
  });

  it('held by the reply budget for unverified frames, go out at a later heartbeat', () => {
    // Room for one set of requests, refilled at one frame a second.
    const { router, sim, run, attitudeFresh } = setup({
      limits: { replyBurst: REQUEST_FRAMES, replyPerSecond: 1 },
    });
    run(3000);
    sim.reboot();
    run(REBOOT_SILENCE_MS);
    expect(attitudeFresh()).toBe(false);
    const back = run(20_000, attitudeFresh);
    expect(router.counts.repliesWithheld).toBeGreaterThan(0);
    expect(back).toBeLessThan(10_000);
  });
});

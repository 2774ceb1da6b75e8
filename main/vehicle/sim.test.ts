// The vehicle model against the built-in simulated copter, in process:
// Vehicle -> VehicleIo.send -> encode -> SimVehicle.receive, and
// SimVehicle.onSend -> parse -> decode -> Vehicle.handle. Both directions
// are queued and delivered between clock steps, as a link would.

import { describe, expect, it } from 'vitest';
import { telemetryRequests } from '../core/telemetry-request';
import { MAV_AUTOPILOT, MAV_CMD } from '../mavlink/dialect';
import { FrameParser } from '../mavlink/parser';
import { availableModes } from '../sim/modes';
import { SimVehicle, type SimVehicleOptions } from '../sim/vehicle';
import { AVAILABLE_MODES_ID, createModesCodec } from './available-modes';
import { FakeIo } from './testing/fake-io';
import { Vehicle } from './vehicle';

const STEP_MS = 20;

/** `askModes: false` leaves AVAILABLE_MODES out of the first-contact requests, for the test that asks itself. */
function connect(options: SimVehicleOptions = {}, { askModes = true } = {}) {
  const io = new FakeIo(Date.UTC(2025, 0, 1));
  const codec = createModesCodec();
  const sim = new SimVehicle({ gpsFixDelayMs: 0, clock: () => io.now(), ...options });
  const vehicle = new Vehicle({ sysid: sim.sysid, compid: 1, io, gcsSysid: 255, gcsCompid: 190 });
  const toSim: Uint8Array[] = [];
  const toGcs: Uint8Array[] = [];
  let seq = 0;
  io.onSend = (m) => {
    const def = codec.byName(m.name)!;
    toSim.push(
      codec.encodeFrame(def, m.fields, { version: 2, seq: seq++, sysid: 255, compid: 190 }),
    );
  };
  sim.onSend = (frame) => toGcs.push(frame.slice());
  const parser = new FrameParser(codec, (frame) => {
    vehicle.handle(
      {
        msgid: frame.msgid,
        name: frame.def?.name,
        fields: codec.decode(frame),
        sysid: frame.sysid,
        compid: frame.compid,
        signed: frame.signed,
      },
      io.now(),
    );
  });
  const pump = () => {
    while (toSim.length > 0 || toGcs.length > 0) {
      for (const frame of toSim.splice(0)) sim.receive(frame);
      for (const frame of toGcs.splice(0)) parser.push(frame);
    }
  };
  const run = (ms: number) => {
    for (let t = 0; t < ms; t += STEP_MS) {
      io.advance(STEP_MS);
      sim.tick(io.now());
      pump();
    }
  };
  /** Runs the clock until `promise` settles (or `maxMs` passes) and returns its value. */
  const until = async <T>(promise: Promise<T>, maxMs = 30_000): Promise<T> => {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    pump();
    for (let t = 0; t < maxMs && !settled; t += STEP_MS) {
      run(STEP_MS);
      await Promise.resolve();
    }
    return promise;
  };
  // What the router asks of an ArduPilot vehicle at first contact: without it, only heartbeats come.
  for (const request of telemetryRequests(MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA, vehicle)) {
    const { param1 } = request.fields as { param1?: number };
    if (askModes || param1 !== AVAILABLE_MODES_ID) io.send(request.name, request.fields);
  }
  run(1500);
  return { io, sim, vehicle, run, until };
}

describe('Vehicle with the simulated copter', () => {
  it('knows the sim from its heartbeat', () => {
    const { io, vehicle } = connect();
    const s = vehicle.snapshot(io.now());
    expect(s).toMatchObject({ type: 'QUADROTOR', autopilot: 'ARDUPILOTMEGA', armed: false });
    expect(s.modes).toContain('GUIDED');
    expect(s.linkLost).toBe(false);
    expect(s.attitude).not.toBeNull();
    expect(s.gps).not.toBeNull();
  });

  it('offers the modes the sim lists in AVAILABLE_MODES, and no other (no SPORT)', async () => {
    const { io, vehicle, until } = connect({}, { askModes: false });
    // Until the sim lists its modes, the firmware's table (which has SPORT) stands in.
    expect(vehicle.snapshot(io.now()).modes).toContain('SPORT');
    // What the core asks every vehicle at first contact (core/telemetry-request.ts).
    const asked = vehicle.commands.command(MAV_CMD.MAV_CMD_REQUEST_MESSAGE, [
      AVAILABLE_MODES_ID,
      0,
    ]);
    expect(await until(asked)).toMatchObject({ status: 'accepted' });
    const modes = availableModes().map((m) => m.name);
    expect(vehicle.snapshot(io.now()).modes).toEqual(modes);
    expect(modes).not.toContain('SPORT');
    expect(await until(vehicle.commands.setMode('SPORT'))).toMatchObject({
      status: 'refused',
      message: expect.stringContaining("unknown flight mode 'SPORT'"),
    });
    expect(await until(vehicle.commands.setMode('LOITER'))).toMatchObject({ status: 'accepted' });
  });

  it("reports an arm refused in LAND with the sim's PreArm text", async () => {
    const { vehicle, until } = connect();
    expect(await until(vehicle.commands.setMode('LAND'))).toMatchObject({ status: 'accepted' });
    expect(await until(vehicle.commands.arm())).toMatchObject({
      status: 'denied',
      result: 'MAV_RESULT_FAILED',
      reasons: ['PreArm: LAND mode not armable'],
    });
  });

  it('sets GUIDED, arms and takes off to 10 m', async () => {
    const { io, vehicle, run, until } = connect();
    expect(await until(vehicle.commands.setMode('GUIDED'))).toMatchObject({ status: 'accepted' });
    expect(await until(vehicle.commands.arm())).toMatchObject({ status: 'accepted' });
    run(1100);
    expect(vehicle.snapshot(io.now())).toMatchObject({ armed: true, mode: 'GUIDED' });
    expect(await until(vehicle.commands.takeoff(10))).toMatchObject({ status: 'accepted' });
    run(20_000);
    const s = vehicle.snapshot(io.now());
    expect(s.position!.altRelative).toBeGreaterThan(9);
    expect(s.statusTexts.map((t) => t.text)).toContain('Arming motors');
  });

  it('reports a takeoff outside GUIDED as denied with the result name', async () => {
    const { vehicle, until } = connect();
    expect(await until(vehicle.commands.takeoff(10))).toMatchObject({
      status: 'denied',
      result: 'MAV_RESULT_DENIED',
    });
  });

  it('downloads the full parameter table', async () => {
    const { vehicle, sim, until } = connect();
    const result = await until(vehicle.params.downloadAll());
    expect(result.count).toBe(sim.params.count);
    expect(vehicle.params.list()).toHaveLength(sim.params.count);
    expect(vehicle.params.get('SYSID_THISMAV')!.value).toBe(sim.sysid);
    for (const def of sim.params.defs.slice(0, 20))
      expect(vehicle.params.get(def.name)!.value).toBe(sim.params.get(def.name));
  });

  it('joins the chunks of the long banner text the sim sends with the parameters', async () => {
    const { io, vehicle, until } = connect();
    await until(vehicle.params.downloadAll());
    const banner = vehicle
      .snapshot(io.now())
      .statusTexts.find((t) => t.text.startsWith('Sigil simulated copter'));
    expect(banner).toMatchObject({ severity: 'INFO', incomplete: false });
    expect(banner!.text.length).toBeGreaterThan(50);
    expect(banner!.text).toContain('signing off');
  });

  it('downloads the full parameter table when a fifth of the values are dropped', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const { io, vehicle, sim, until } = connect({ paramStream: { dropRate: 0.2, random } });
    const result = await until(vehicle.params.downloadAll(), 60_000);
    expect(result.count).toBe(sim.params.count);
    expect(sim.paramStats.dropped).toBeGreaterThan(0);
    expect(io.sentNamed('PARAM_REQUEST_READ').length).toBeGreaterThanOrEqual(
      sim.paramStats.dropped,
    );
  });

  it('sets a parameter and sees it confirmed', async () => {
    const { vehicle, sim, until } = connect();
    await until(vehicle.params.downloadAll());
    const name = sim.params.defs.find((d) => d.type === 9)!.name;
    const entry = await until(vehicle.params.set(name, 0.25));
    expect(entry.value).toBe(0.25);
    expect(sim.params.get(name)).toBe(0.25);
  });
});

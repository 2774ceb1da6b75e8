// The GCS against the simulated vehicle over real UDP and TCP on loopback.

import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { MAV_AUTOPILOT, MAV_CMD, MAV_TYPE } from '../mavlink/dialect/enums';
import { FrameParser } from '../mavlink/parser';
import { keyFromPassphrase } from '../signing/key';
import type { Gcs } from './gcs';
import { freeTcpPort, freeUdpPort } from '../testing/ports';
import { startGcs, startSimAt } from './testing/gcs-and-sim';
import { waitFor } from '../testing/wait-for';

const key = keyFromPassphrase('correct horse battery staple');
let cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function gcsAndSimOverUdp(options: { keepSignatures?: boolean } = {}) {
  const port = await freeUdpPort();
  const gcs = await startGcs(options);
  cleanup.push(() => gcs.close());
  const link = gcs.openLink(`udpin:127.0.0.1:${port}`);
  const sim = await startSimAt(`udpout:127.0.0.1:${port}`);
  cleanup.push(() => sim.stop());
  const entry = await waitFor('the vehicle', () => gcs.router.find(1, 1));
  return { gcs, link, sim, vehicle: entry.vehicle };
}

function modeOf(gcs: Gcs): string | null {
  return gcs.router.find(1, 1)!.vehicle.snapshot(Date.now()).mode;
}

describe('GCS with the simulated vehicle', () => {
  it('sees the vehicle and its telemetry over UDP', async () => {
    const { vehicle } = await gcsAndSimOverUdp();
    const snapshot = await waitFor('a position', () => {
      const s = vehicle.snapshot(Date.now());
      return s.position !== null && s.attitude !== null ? s : undefined;
    });
    expect(snapshot).toMatchObject({ autopilot: 'ARDUPILOTMEGA', type: 'QUADROTOR', armed: false });
    expect(snapshot.position!.lat).toBeCloseTo(-35.3632, 2);
  });

  it('changes mode, arms and takes off', async () => {
    const { vehicle, sim } = await gcsAndSimOverUdp();
    expect(await vehicle.commands.setMode('GUIDED')).toMatchObject({ status: 'accepted' });
    expect(await vehicle.commands.arm()).toMatchObject({ status: 'accepted' });
    expect(await vehicle.commands.takeoff(10)).toMatchObject({ status: 'accepted' });
    await waitFor('a climb', () => (vehicle.snapshot(Date.now()).position?.altRelative ?? 0) > 2);
    expect(sim.vehicle.armed).toBe(true);
    expect(vehicle.snapshot(Date.now())).toMatchObject({ mode: 'GUIDED', armed: true });
  });

  it('downloads every parameter and sets one', async () => {
    const { vehicle, sim } = await gcsAndSimOverUdp();
    await vehicle.params.downloadAll();
    expect(vehicle.params.list().length).toBeGreaterThanOrEqual(300);
    const entry = await vehicle.params.set('RTL_ALT', 2500);
    expect(entry.value).toBe(2500);
    expect(sim.vehicle.params.get('RTL_ALT')).toBe(2500);
  });

  it('puts the key on the vehicle and flies signed', async () => {
    const { gcs, link, vehicle, sim } = await gcsAndSimOverUdp();
    gcs.setKey(key);
    const result = await gcs.changeVehicleSigning(1, 1, 'enable');
    expect(result).toEqual({ ok: true, kind: 'enable' });
    expect(sim.vehicle.signingEnabled).toBe(true);
    expect(link.signingPolicy).toMatchObject({ sign: true, require: true });
    expect(await vehicle.commands.setMode('LOITER')).toMatchObject({ status: 'accepted' });
    await waitFor('LOITER', () => modeOf(gcs) === 'LOITER');
    expect(link.stats().verdicts.ok).toBeGreaterThan(0);
    expect(sim.vehicle.signingCounts.unsigned ?? 0).toBe(0);
  });

  it('refuses to put the key on an armed vehicle', async () => {
    const { gcs, vehicle } = await gcsAndSimOverUdp();
    gcs.setKey(key);
    await vehicle.commands.setMode('GUIDED');
    await vehicle.commands.arm();
    await waitFor('armed', () => vehicle.snapshot(Date.now()).armed);
    const result = await gcs.changeVehicleSigning(1, 1, 'enable');
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/armed/) });
  });

  it('reports the vehicle refusing the key and keeps the link hearing it', async () => {
    const { gcs, link, vehicle, sim } = await gcsAndSimOverUdp();
    gcs.setKey(key);
    await vehicle.commands.setMode('GUIDED');
    await vehicle.commands.arm();
    await waitFor('armed', () => sim.vehicle.armed);
    // Past the GCS's own armed check, straight to the vehicle: it answers with its refusal text.
    const target = { sysid: 1, compid: 1 };
    const timestamp = gcs.signing.persistent.clock.next();
    const change = gcs.vehicleSigning.begin(link, target, 'enable', key, timestamp);
    expect(await change.result).toEqual({
      ok: false,
      kind: 'enable',
      reason: "the vehicle refused: Won't setup signing when armed",
    });
    expect(link.signingPolicy.require).toBe(false);
    const before = link.stats().framesIn;
    await waitFor('more frames', () => link.stats().framesIn > before + 5);
  });

  it('gives the link its old policy back when the vehicle never confirms', async () => {
    const port = await freeUdpPort();
    const gcs = await startGcs({ record: false, signingTimeoutMs: 300 });
    cleanup.push(() => gcs.close());
    const link = gcs.openLink(`udpin:127.0.0.1:${port}`);
    // A vehicle that sends its heartbeat and ignores SETUP_SIGNING.
    const codec = createCodec();
    const heartbeat = codec.encodeFrame(
      codec.byName('HEARTBEAT')!,
      {
        type: MAV_TYPE.MAV_TYPE_QUADROTOR,
        autopilot: MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA,
        mavlink_version: 3,
      },
      { version: 2, seq: 0, sysid: 1, compid: 1 },
    );
    const vehicle = createSocket('udp4');
    cleanup.push(() => new Promise((r) => vehicle.close(() => r())));
    const beat = setInterval(() => vehicle.send(heartbeat, port, '127.0.0.1'), 50);
    cleanup.push(async () => clearInterval(beat));
    await waitFor('the vehicle', () => gcs.router.find(1, 1));
    gcs.setKey(key);
    const before = link.signingPolicy;

    expect(await gcs.changeVehicleSigning(1, 1, 'enable')).toEqual({
      ok: false,
      kind: 'enable',
      reason: 'no signed heartbeat from the vehicle within 0.3 s',
    });
    expect(link.signingPolicy).toEqual(before);
    const heard = link.stats().verdicts['unsigned-allowed'];
    await waitFor('unsigned heartbeats', () => link.stats().verdicts['unsigned-allowed'] > heard);
  });

  it('turns signing off on the vehicle', async () => {
    const { gcs, link, sim } = await gcsAndSimOverUdp();
    gcs.setKey(key);
    expect(await gcs.changeVehicleSigning(1, 1, 'enable')).toMatchObject({ ok: true });
    expect(await gcs.changeVehicleSigning(1, 1, 'disable')).toEqual({ ok: true, kind: 'disable' });
    expect(sim.vehicle.signingEnabled).toBe(false);
    expect(link.signingPolicy).toMatchObject({ sign: false, require: false });
  });

  it('has an unsigned command from another client ignored by the signed vehicle, over TCP', async () => {
    const port = await freeTcpPort();
    const sim = await startSimAt(`tcpin:127.0.0.1:${port}`);
    cleanup.push(() => sim.stop());
    const gcs = await startGcs();
    cleanup.push(() => gcs.close());
    gcs.openLink(`tcp:127.0.0.1:${port}`);
    const { vehicle } = await waitFor('the vehicle', () => gcs.router.find(1, 1));
    gcs.setKey(key);
    expect(await gcs.changeVehicleSigning(1, 1, 'enable')).toMatchObject({ ok: true });
    expect(await vehicle.commands.setMode('GUIDED')).toMatchObject({ status: 'accepted' });

    // Someone else on the network, without the key, tries to arm it.
    const codec = createCodec();
    const arm = codec.encodeFrame(
      codec.byName('COMMAND_LONG')!,
      {
        target_system: 1,
        target_component: 1,
        command: MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM,
        param1: 1,
      },
      { version: 2, seq: 0, sysid: 255, compid: 190 },
    );
    const before = sim.vehicle.signingCounts.unsigned ?? 0;
    const intruder = connect(port, '127.0.0.1');
    cleanup.push(async () => void intruder.destroy());
    await new Promise<void>((resolve) => intruder.once('connect', resolve));
    intruder.write(arm);
    await waitFor('the rejection', () => (sim.vehicle.signingCounts.unsigned ?? 0) > before);
    expect(sim.vehicle.armed).toBe(false);
  });

  it('counts a replayed capture of the signed vehicle as replay', async () => {
    const { gcs, sim } = await gcsAndSimOverUdp({ keepSignatures: true });
    gcs.setKey(key);
    expect(await gcs.changeVehicleSigning(1, 1, 'enable')).toMatchObject({ ok: true });
    await waitFor('signed traffic', () => sim.vehicle.stats.framesOut > 50);
    await gcs.recorder!.flush();
    const replay = gcs.openLink(`tlog:${gcs.recorder!.path}`, { require: true });
    replay.replay!.setRate(Infinity);
    await waitFor('replays counted', () => replay.stats().verdicts.replay > 20);
    expect(replay.stats().verdicts.ok).toBeLessThan(replay.stats().verdicts.replay);
  });

  it('writes a flight log that decodes back frame for frame', async () => {
    const { gcs, link } = await gcsAndSimOverUdp();
    await waitFor('traffic', () => link.stats().framesIn > 30 && link.stats().framesOut > 3);
    const path = gcs.recorder!.path;
    const recorded = gcs.recorder!.stats;
    await gcs.close();
    const frames: number[] = [];
    const parser = new FrameParser(createCodec(), (f) => frames.push(f.msgid), 'tlog');
    parser.push(readFileSync(path));
    parser.end();
    expect(frames.length).toBe(recorded.frames);
    expect(parser.stats).toMatchObject({ badCrc: 0, discardedBytes: 0 });
    expect(frames.length).toBeGreaterThanOrEqual(link.stats().framesIn + link.stats().framesOut);
  });

  it('says a UDP port is already in use', async () => {
    const port = await freeUdpPort();
    const holder = createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(port, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((r) => holder.close(() => r())));
    const gcs = await startGcs({ record: false });
    cleanup.push(() => gcs.close());
    const link = gcs.openLink(`udpin:127.0.0.1:${port}`);
    const state = await waitFor('an error', () =>
      link.state.status === 'error' ? link.state : undefined,
    );
    expect(state.message).toBe(`port ${port} is already in use`);
  });
});

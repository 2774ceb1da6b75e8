// What the pilot sees against hostile peers, over real UDP on loopback: a
// signed vehicle's state comes only from its verified frames, a replayed log
// stays apart, frames claiming Sigil's own identity are dropped, a flood of
// spoofed vehicles is bounded, and rejected frames do not count as loss.

import { createSocket, type Socket } from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { MAV_AUTOPILOT, MAV_MODE_FLAG, MAV_TYPE } from '../mavlink/dialect/enums';
import { INCOMPAT_SIGNED } from '../mavlink/frame';
import { FrameParser } from '../mavlink/parser';
import { tlogRecord } from '../logs/tlog';
import { SigningClock } from '../signing/clock';
import { FrameMac } from '../signing/frame-mac';
import { keyFromPassphrase } from '../signing/key';
import { Signer } from '../signing/sign';
import type { Gcs } from './gcs';
import { DEFAULT_MAX_LOSS_SOURCES } from './link-stats';
import { freeUdpPort } from '../testing/ports';
import { startGcs, startSimAt } from './testing/gcs-and-sim';
import { tempDir } from '../testing/temp-dir';
import { waitFor } from '../testing/wait-for';

const key = keyFromPassphrase('hostile peers');
const codec = createCodec();
const RTL = 6; // ArduCopter's custom mode for RTL
let cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function heartbeat(
  sysid: number,
  compid: number,
  options: { customMode?: number; armed?: boolean; seq?: number } = {},
): Uint8Array {
  return codec.encodeFrame(
    codec.byName('HEARTBEAT')!,
    {
      type: MAV_TYPE.MAV_TYPE_QUADROTOR,
      autopilot: MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA,
      base_mode:
        MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED |
        (options.armed ? MAV_MODE_FLAG.MAV_MODE_FLAG_SAFETY_ARMED : 0),
      custom_mode: options.customMode ?? 0,
      mavlink_version: 3,
    },
    { version: 2, seq: options.seq ?? 0, sysid, compid },
  );
}

async function peer(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((r) => socket.close(() => r())));
  return socket;
}

async function send(socket: Socket, port: number, frame: Uint8Array): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    socket.send(frame, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
  );
}

async function gcsWith(options: Parameters<typeof startGcs>[0] = {}): Promise<Gcs> {
  const gcs = await startGcs({ record: false, ...options });
  cleanup.push(() => gcs.close());
  return gcs;
}

/** A Gcs hearing the simulated vehicle 1/1 on one UDP link (signed when `signed`). */
async function withSim(
  options: { signed?: boolean; keepSignatures?: boolean; heartbeatIntervalMs?: number } = {},
) {
  const gcs = await gcsWith({
    ...(options.keepSignatures ? { record: true, keepSignatures: true } : { record: false }),
    ...(options.heartbeatIntervalMs === undefined
      ? {}
      : { heartbeatIntervalMs: options.heartbeatIntervalMs }),
  });
  if (options.signed) gcs.setKey(key);
  const port = await freeUdpPort();
  const policy = options.signed ? { sign: true, require: true } : {};
  const link = gcs.openLink(`udpin:127.0.0.1:${port}`, policy);
  const sim = await startSimAt(`udpout:127.0.0.1:${port}`, options.signed ? { key } : {});
  cleanup.push(() => sim.stop());
  const entry = await waitFor('the vehicle', () => gcs.router.find(1, 1));
  return { gcs, link, sim, port, vehicle: entry.vehicle };
}

async function listening(gcs: Gcs, connection?: string) {
  const port = await freeUdpPort();
  const link = gcs.openLink(connection ?? `udpin:127.0.0.1:${port}`);
  await waitFor('the link to listen', () => link.state.status === 'connected');
  return { link, port };
}

describe('a signed vehicle', () => {
  it('becomes signed when its frames verify', async () => {
    const { gcs } = await withSim({ signed: true });
    await waitFor('signed', () => gcs.router.find(1, 1)!.signed);
    expect(gcs.signedVehicles()).toEqual([{ sysid: 1, compid: 1 }]);
  });

  it('is not changed by unsigned frames claiming it on a second link, which count as impersonation', async () => {
    const { gcs, link, vehicle } = await withSim({ signed: true });
    await waitFor('signed', () => gcs.router.find(1, 1)!.signed);
    const second = await listening(gcs);
    const intruder = await peer();
    for (let i = 0; i < 10; i++) {
      await send(intruder, second.port, heartbeat(1, 1, { customMode: RTL, armed: true, seq: i }));
    }
    await waitFor('impersonation', () => second.link.stats().dropped.impersonation === 10);

    expect(vehicle.snapshot(Date.now())).toMatchObject({ mode: 'STABILIZE', armed: false });
    expect(gcs.router.find(1, 1)!.link).toBe(link);
    expect(second.link.stats()).toMatchObject({ framesIn: 0, framesRejected: 10 });
    expect(second.link.recentRejections().at(-1)).toMatchObject({
      verdict: 'impersonation',
      sysid: 1,
      compid: 1,
      msgid: 0,
    });
  });

  it('takes unsigned frames again once the pilot forgets that it signs', async () => {
    const { gcs, sim, vehicle } = await withSim({ signed: true });
    await waitFor('signed', () => gcs.router.find(1, 1)!.signed);
    await sim.stop();
    expect(gcs.forgetSignedVehicle(1, 1)).toBe(true);
    const second = await listening(gcs);
    const reflashed = await peer();
    await send(reflashed, second.port, heartbeat(1, 1, { customMode: RTL }));
    await waitFor('RTL', () => vehicle.snapshot(Date.now()).mode === 'RTL');
    expect(gcs.signedVehicles()).toEqual([]);
    expect(second.link.stats().dropped.impersonation).toBe(0);
  });

  it('leaves the signed state when signing is turned off on it', async () => {
    const { gcs } = await withSim();
    gcs.setKey(key);
    expect(await gcs.changeVehicleSigning(1, 1, 'enable')).toMatchObject({ ok: true });
    expect(gcs.signedVehicles()).toEqual([{ sysid: 1, compid: 1 }]);
    expect(await gcs.changeVehicleSigning(1, 1, 'disable')).toMatchObject({ ok: true });
    expect(gcs.signedVehicles()).toEqual([]);
    const link = gcs.router.find(1, 1)!.link;
    const heard = link.stats().framesIn;
    await waitFor('unsigned frames reaching it', () => link.stats().framesIn > heard + 10);
    expect(link.stats().dropped.impersonation).toBe(0);
  });
});

describe('a replayed log', () => {
  it('keeps its vehicle apart from the live vehicle with the same system id', async () => {
    const { gcs, link, vehicle } = await withSim({ heartbeatIntervalMs: 50 });
    const path = join(tempDir('sigil-replay-'), 'old-flight.tlog');
    const start = Date.UTC(2024, 0, 1) * 1000;
    const records = Array.from({ length: 20 }, (_, i) =>
      tlogRecord(start + i * 100_000, heartbeat(1, 1, { customMode: RTL, armed: true, seq: i })),
    );
    writeFileSync(path, Buffer.concat(records));
    const replay = gcs.openLink(`tlog:${path}`);
    replay.replay!.setRate(Infinity);

    const replayed = await waitFor('the replay vehicle', () => gcs.router.findReplay(replay, 1, 1));
    await waitFor('the replay to end', () => replay.stats().framesIn === 20);
    expect(replayed.vehicle.snapshot(Date.now())).toMatchObject({
      mode: 'RTL',
      armed: true,
      replay: { linkId: replay.id, file: 'old-flight.tlog' },
    });
    expect(vehicle.snapshot(Date.now())).toMatchObject({ mode: 'STABILIZE', armed: false });
    expect(vehicle.snapshot(Date.now()).replay).toBeUndefined();
    expect(gcs.router.vehicles()).toHaveLength(2);
    // Never sent anything: no heartbeat (while the live link sends several), no stream request.
    const sent = link.stats().framesOut;
    await waitFor('heartbeats on the live link', () => link.stats().framesOut >= sent + 3);
    expect(replay.stats().framesOut).toBe(0);
  });
});

describe("frames claiming Sigil's own identity", () => {
  it('are dropped before verification and counted, opening no signing stream', async () => {
    const gcs = await gcsWith();
    gcs.setKey(key);
    const { link, port } = await listening(gcs);
    // Our own signed frames, captured and sent back.
    const signer = new Signer(new FrameMac(key), 7, new SigningClock());
    const intruder = await peer();
    const { sysid, compid } = gcs.identity;
    for (let i = 0; i < 5; i++) {
      const frame = codec.encodeFrame(
        codec.byName('HEARTBEAT')!,
        { type: MAV_TYPE.MAV_TYPE_GCS, autopilot: MAV_AUTOPILOT.MAV_AUTOPILOT_INVALID },
        { version: 2, seq: i, sysid, compid, incompatFlags: INCOMPAT_SIGNED },
      );
      signer.sign(frame);
      await send(intruder, port, frame);
    }
    await send(intruder, port, heartbeat(sysid, compid));
    await waitFor('the drops', () => link.stats().dropped['own-identity'] === 6);

    expect(gcs.signing.streams().filter((s) => s.sysid === sysid)).toEqual([]);
    expect(link.stats()).toMatchObject({ framesIn: 0, framesRejected: 6 });
    expect(link.stats().verdicts.ok + link.stats().verdicts['unsigned-allowed']).toBe(0);
    expect(link.recentRejections().map((r) => r.verdict)).toEqual(Array(6).fill('own-identity'));
  });
});

describe('a flood of spoofed heartbeats', () => {
  it('tracks a bounded number of vehicles, sends little back, and lets a real vehicle through', async () => {
    const { gcs, link, port } = await withSim();
    const limits = gcs.router.limits;
    // Everything the real vehicle's component sent that reached the GCS.
    const telemetry = () =>
      gcs.router.inspector
        .snapshot(Date.now(), 1)
        .flatMap((c) => c.messages)
        .reduce((n, m) => n + m.count, 0);
    await waitFor('telemetry', () => telemetry() > 20);
    const sentBefore = link.stats().framesOut;
    const telemetryBefore = telemetry();
    const started = Date.now();

    // 20,000 distinct identities, none the real vehicle's (1) nor ours (255),
    // sent as fast as the link takes them (no more than 1,000 ahead of it).
    const flood = await peer();
    const total = 20_000;
    const heard = () => link.stats().framesIn + link.stats().framesRejected;
    const heardBefore = heard();
    for (let i = 0; i < total; i += 250) {
      await waitFor('the link to keep up', () => heard() - heardBefore >= i - 1000);
      const batch: Promise<void>[] = [];
      for (let j = i; j < i + 250; j++) {
        const sysid = 2 + (j % 250);
        const compid = Math.floor(j / 250);
        batch.push(send(flood, port, heartbeat(sysid, compid, { seq: j & 0xff })));
      }
      await Promise.all(batch);
    }
    await waitFor('the flood', () => heard() - heardBefore >= total - 250);
    const telemetryDuring = telemetry() - telemetryBefore;
    const seconds = (Date.now() - started) / 1000;

    // Admission: a burst, then a rate; replies: a burst, then a rate, plus one heartbeat a second.
    const vehicleBound = 1 + limits.admitBurst + Math.ceil(limits.admitPerSecond * seconds);
    const replyBound = limits.replyBurst + Math.ceil(limits.replyPerSecond * seconds);
    const sentBound = replyBound + Math.ceil(seconds) + 1;
    expect(gcs.router.vehicles().length).toBeLessThanOrEqual(
      Math.min(vehicleBound, limits.maxVehicles),
    );
    expect(gcs.router.counts.vehiclesRefused).toBeGreaterThan(total - vehicleBound - 1000);
    expect(link.stats().framesOut - sentBefore).toBeLessThanOrEqual(sentBound);
    expect(link.stats().loss.length).toBeLessThanOrEqual(DEFAULT_MAX_LOSS_SOURCES);
    expect(gcs.router.inspector.snapshot(Date.now()).length).toBeLessThanOrEqual(256);
    expect(gcs.router.find(1, 1)).toBeDefined();
    expect(telemetryDuring).toBeGreaterThan(10);
  });
});

describe('the vehicle table', () => {
  it('drops a vehicle silent for forgetSilentMs', async () => {
    const gcs = await gcsWith({ vehicles: { forgetSilentMs: 300 } });
    const { port } = await listening(gcs);
    const gone: number[] = [];
    gcs.events.on('vehicleGone', (entry) => gone.push(entry.vehicle.sysid));
    await send(await peer(), port, heartbeat(7, 1));
    await waitFor('the vehicle', () => gcs.router.find(7, 1));
    await waitFor('the vehicle dropped', () => gcs.router.find(7, 1) === undefined);
    expect(gone).toEqual([7]);
  });

  it('when full, gives a newcomer the place of the unsigned vehicle silent longest', async () => {
    const gcs = await gcsWith({ vehicles: { maxVehicles: 2, replaceSilentMs: 200 } });
    const { port } = await listening(gcs);
    const sender = await peer();
    await send(sender, port, heartbeat(7, 1));
    await send(sender, port, heartbeat(8, 1));
    await waitFor('two vehicles', () => gcs.router.vehicles().length === 2);
    await send(sender, port, heartbeat(9, 1));
    await waitFor('a refusal', () => gcs.router.counts.vehiclesRefused === 1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await send(sender, port, heartbeat(8, 1, { seq: 1 }));
    await send(sender, port, heartbeat(9, 1, { seq: 1 }));
    await waitFor('the newcomer', () => gcs.router.find(9, 1));
    expect(
      gcs.router
        .vehicles()
        .map((e) => e.vehicle.sysid)
        .sort(),
    ).toEqual([8, 9]);
  });
});

describe('loss', () => {
  it('is not raised by rejected replays', async () => {
    const { gcs, link, port } = await withSim({ signed: true, keepSignatures: true });
    await waitFor('signed traffic', () => link.stats().verdicts.ok > 40);
    await gcs.recorder!.flush();
    const captured: Uint8Array[] = [];
    const parser = new FrameParser(
      codec,
      (frame) => {
        if (frame.sysid === 1 && frame.signed) captured.push(frame.bytes().slice());
      },
      'tlog',
    );
    parser.push(readFileSync(gcs.recorder!.path));
    parser.end();
    const lossOf = () => link.stats().loss.find((l) => l.sysid === 1 && l.compid === 1)!.lost;
    const lostBefore = lossOf();

    const attacker = await peer();
    for (const frame of captured.slice(0, 30)) await send(attacker, port, frame);
    await waitFor('the replays', () => link.stats().verdicts.replay >= 30);
    const okAfter = link.stats().verdicts.ok;
    await waitFor('more genuine frames', () => link.stats().verdicts.ok > okAfter + 20);

    expect(lossOf()).toBe(lostBefore);
    expect(link.stats().framesRejected).toBeGreaterThanOrEqual(30);
  });
});

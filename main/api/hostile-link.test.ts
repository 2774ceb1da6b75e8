// The core `sigil serve` runs, against hostile peers over real UDP on
// loopback, as the Api shows it: a frame at the end of the 48-bit clock is
// counted as `future` and the service goes on answering and signing; signed
// vehicles, impersonation, the signing clock's health and replayed logs
// reach the wire.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { tlogRecord } from '../logs/tlog';
import { CLOCK_FILE } from '../core/signing-service';
import { signedHeartbeat } from '../core/testing/signed-heartbeat';
import { udpSender } from '../testing/udp-sender';
import { freeUdpPort } from '../testing/ports';
import { tempDir } from '../testing/temp-dir';
import { keyFromPassphrase } from '../signing/key';
import { STALE_WINDOW, UNITS_PER_SECOND, wallClockTimestamp } from '../signing/timestamp';
import type { ApiService } from './service';
import { call, closeServices, eventually, recordEvents, startService } from './testing/services';

const PASSPHRASE = 'serve hostile test';
const key = keyFromPassphrase(PASSPHRASE);
const codec = createCodec();

afterEach(closeServices);

const peers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.close();
});

async function peerOf(port: number) {
  const peer = await udpSender(port);
  peers.push(peer);
  return peer;
}

function unsignedHeartbeat(sysid: number, compid: number, seq = 0): Uint8Array {
  return codec.encodeFrame(
    codec.byName('HEARTBEAT')!,
    { type: 2, autopilot: 3, base_mode: 0, custom_mode: 0, system_status: 3, mavlink_version: 3 },
    { version: 2, seq, sysid, compid },
  );
}

/** A service with the key, signing and requiring it on a UDP link, and a peer sending to it. */
async function signedService(options: Parameters<typeof startService>[0] = {}) {
  const port = await freeUdpPort();
  const service = await startService({
    defaultLink: `udpin:127.0.0.1:${port}`,
    ...options,
    gcs: { heartbeatIntervalMs: 50, record: false, ...options.gcs },
  });
  await call(service, 'signing.setKey', { source: 'passphrase', passphrase: PASSPHRASE });
  const linkId = service.gcs.links()[0]!.id;
  await call(service, 'signing.setLinkPolicy', {
    linkId,
    sign: true,
    require: true,
    allowUnsigned: [],
  });
  return { service, linkId, peer: await peerOf(port) };
}

/** A vehicle 1/1 whose signed heartbeat has verified. */
async function signedVehicle(service: ApiService, peer: { send(b: Uint8Array): Promise<void> }) {
  await peer.send(signedHeartbeat(key, wallClockTimestamp()));
  await eventually('the signed vehicle', async () => {
    const state = await call(service, 'signing.state', {});
    return state.signedVehicles.length === 1;
  });
}

it('counts a signed frame at 2^48-1 as future and goes on answering and signing', async () => {
  const { service, peer } = await signedService();
  await peer.send(signedHeartbeat(key, wallClockTimestamp()));
  await peer.send(signedHeartbeat(key, 2 ** 48 - 1, { seq: 1 }));
  const state = await eventually('the future frame', async () => {
    const answer = await call(service, 'signing.state', {});
    return answer.links[0]!.verdicts.future === 1 ? answer : undefined;
  });
  expect(state.links[0]!.verdicts.ok).toBe(1);
  expect(state.localTimestamp).toBeLessThan(wallClockTimestamp() + STALE_WINDOW);
  expect(state.links[0]!.recentRejections).toMatchObject([
    { verdict: 'future', timestamp: 2 ** 48 - 1, name: 'HEARTBEAT' },
  ]);
  const link = service.gcs.links()[0]!;
  const sent = link.stats().framesOut;
  await eventually('more signed frames', async () => link.stats().framesOut > sent + 3);
});

describe('the signing state', () => {
  it('carries the future horizon the core was started with', async () => {
    const service = await startService({ gcs: { futureHorizon: 3600 * UNITS_PER_SECOND } });
    expect((await call(service, 'signing.state', {})).futureHorizon).toBe(3600 * UNITS_PER_SECOND);
  });

  it('lists a vehicle whose signed frames verified, and the snapshot marks it signed', async () => {
    const { service, peer } = await signedService();
    const events = recordEvents(service);
    await signedVehicle(service, peer);
    expect((await call(service, 'signing.state', {})).signedVehicles).toEqual([
      { sysid: 1, compid: 1 },
    ]);
    const vehicle = await eventually('a snapshot of it', async () =>
      events
        .of('telemetry.snapshot')
        .at(-1)
        ?.vehicles.find((v) => v.sysid === 1),
    );
    expect(vehicle.signed).toBe(true);
    expect(vehicle).not.toHaveProperty('replay');
  });

  it("shows impersonation among a second link's rejections, refused rather than received", async () => {
    const { service, peer } = await signedService();
    await signedVehicle(service, peer);
    const port = await freeUdpPort();
    const { link } = await call(service, 'links.open', { connection: `udpin:127.0.0.1:${port}` });
    const intruder = await peerOf(port);
    for (let seq = 0; seq < 3; seq++) await intruder.send(unsignedHeartbeat(1, 1, seq));
    const state = await eventually('impersonation', async () => {
      const state = await call(service, 'signing.state', {});
      const second = state.links.find((l) => l.linkId === link.id)!;
      return second.dropped.impersonation === 3 ? second : undefined;
    });
    expect(state.recentRejections.at(-1)).toStrictEqual({
      verdict: 'impersonation',
      timeMs: expect.any(Number),
      sysid: 1,
      compid: 1,
      msgid: 0,
      name: 'HEARTBEAT',
    });
    const { links } = await call(service, 'links.list', {});
    expect(links.find((l) => l.id === link.id)!.stats).toMatchObject({
      framesIn: 0,
      framesRejected: 3,
      dropped: { impersonation: 3, 'own-identity': 0 },
    });
  });

  it('forgets that a vehicle signs when asked, and says when it was not signed', async () => {
    const { service, peer } = await signedService();
    await signedVehicle(service, peer);
    expect(await call(service, 'signing.forgetVehicle', { sysid: 1, compid: 1 })).toEqual({
      forgotten: true,
    });
    expect((await call(service, 'signing.state', {})).signedVehicles).toEqual([]);
    expect(await call(service, 'signing.forgetVehicle', { sysid: 1, compid: 1 })).toEqual({
      forgotten: false,
    });
  });

  it('says the clock is sound when it is', async () => {
    const service = await startService();
    expect((await call(service, 'signing.state', {})).clock).toMatchObject({
      state: 'ok',
      holding: false,
      held: 0,
      files: [CLOCK_FILE, 'signing-timestamp.alt.json'],
      problems: [],
    });
  });

  it('says, in the state and every snapshot, that a clock that could not be read holds signed frames', async () => {
    const dataDir = tempDir('sigil-api-clock-');
    writeFileSync(join(dataDir, CLOCK_FILE), 'not a clock');
    const service = await startService({ dataDir });
    const events = recordEvents(service);
    const { clock } = await call(service, 'signing.state', {});
    expect(clock.state).toBe('unproven');
    expect(clock.problems).toEqual([{ file: CLOCK_FILE, reason: expect.any(String) }]);
    expect(clock.summary).toContain(`${CLOCK_FILE}: `);
    expect(clock.summary).toContain('signed frames are held');
    expect(clock.summary).not.toContain(dataDir);
    const snapshot = await eventually('a snapshot', async () =>
      events.of('telemetry.snapshot').at(-1),
    );
    expect(snapshot.signing.clock).toEqual(clock);
  });
});

it("shows a replayed log's vehicle apart from the live one, named by its link and file", async () => {
  const port = await freeUdpPort();
  const dataDir = tempDir('sigil-api-replay-');
  const service = await startService({
    dataDir,
    defaultLink: `udpin:127.0.0.1:${port}`,
    gcs: { record: false },
  });
  const events = recordEvents(service);
  const live = await peerOf(port);
  await live.send(unsignedHeartbeat(1, 1));
  await eventually('the live vehicle', async () => {
    const { vehicles } = await call(service, 'vehicles.list', {});
    return vehicles.length === 1;
  });
  mkdirSync(join(dataDir, 'logs'));
  const path = join(dataDir, 'logs', 'old-flight.tlog');
  const start = Date.UTC(2024, 0, 1) * 1000;
  writeFileSync(
    path,
    Buffer.concat(
      [0, 1, 2].map((seq) => tlogRecord(start + seq * 1000, unsignedHeartbeat(1, 1, seq))),
    ),
  );
  const { link } = await call(service, 'logs.replay', { name: 'old-flight.tlog', rate: 100 });
  const { vehicles } = await eventually('the replay vehicle', async () => {
    const answer = await call(service, 'vehicles.list', {});
    return answer.vehicles.length === 2 ? answer : undefined;
  });
  expect(vehicles.filter((v) => v.replay === undefined)).toHaveLength(1);
  expect(vehicles.find((v) => v.replay !== undefined)).toMatchObject({
    sysid: 1,
    compid: 1,
    signed: false,
    replay: { linkId: link.id, file: 'old-flight.tlog' },
  });
  await eventually('a snapshot with both', async () =>
    events.of('telemetry.snapshot').some((e) => e.vehicles.length === 2),
  );
});

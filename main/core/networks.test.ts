// Networks on a real MQTT broker, each its own identity space: two networks
// with a system 1 each are two vehicles on one ground station, each with
// its own signing streams, and the vehicle bound is counted per network,
// so a fleet larger than 255 systems is tracked.

import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { parseConnection, type MqttConfig } from '../links/connection';
import { createTransport } from '../links/create-transport';
import { MqttBridge } from '../links/mqtt-bridge';
import { fromTopic } from '../links/mqtt-topics';
import { NO_SERIAL } from '../links/serial';
import { keyFromPassphrase } from '../signing/key';
import type { RunningSim } from '../sim/run-sim';
import { Mosquitto } from '../testing/mosquitto';
import { freeTcpPort } from '../testing/ports';
import { waitFor } from '../testing/wait-for';
import { startGcs, startSimAt } from './testing/gcs-and-sim';

const key = keyFromPassphrase('one key for every network');
const codec = createCodec();
const FAST = { initialMs: 50, maxMs: 300 };
const LOITER = 5; // ArduCopter's custom mode

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function broker(): Promise<Mosquitto> {
  const started = await Mosquitto.start();
  cleanup.push(() => started.close());
  return started;
}

/** A signed simulated system 1 behind a bridge on `network`. */
async function vehicleOn(mosquitto: Mosquitto, network: string): Promise<RunningSim> {
  const port = await freeTcpPort();
  const sim = await startSimAt(`tcpin:127.0.0.1:${port}`, { key, sysid: 1 });
  cleanup.push(() => sim.stop());
  const bridge = new MqttBridge({
    link: createTransport(parseConnection(`tcp:127.0.0.1:${port}`), NO_SERIAL, { backoff: FAST }),
    broker: parseConnection(mosquitto.url(network)) as MqttConfig,
    name: `radio-${network}`,
    backoff: FAST,
  });
  bridge.start();
  cleanup.push(() => bridge.close());
  return sim;
}

async function publisher(mosquitto: Mosquitto): Promise<MqttClient> {
  const client = await connectAsync({ host: '127.0.0.1', port: mosquitto.port });
  cleanup.push(() => client.endAsync(true));
  return client;
}

/** Unsigned vehicle heartbeats from systems 1..count of `network`, as bridges publish them. */
async function heartbeats(client: MqttClient, network: string, count: number): Promise<void> {
  const def = codec.byName('HEARTBEAT')!;
  for (let sysid = 1; sysid <= count; sysid++) {
    const frame = codec.encodeFrame(
      def,
      { type: 2, autopilot: 3, base_mode: 0, custom_mode: 0 },
      { version: 2, seq: 0, sysid, compid: 1 },
    );
    await client.publishAsync(fromTopic(network, sysid, 1), Buffer.from(frame));
  }
}

describe('networks on one ground station', () => {
  it('keeps two networks’ system 1 apart: two signed vehicles, each commanded on its own network', async () => {
    const mosquitto = await broker();
    const north = await vehicleOn(mosquitto, 'north');
    const south = await vehicleOn(mosquitto, 'south');
    const gcs = await startGcs({ sysid: 255, compid: 190, record: false });
    cleanup.push(() => gcs.close());
    gcs.setKey(key);
    const links = ['north', 'south'].map((network) =>
      gcs.openLink(mosquitto.url(network), { sign: true, require: true }),
    );
    await waitFor('both vehicles, verified', () =>
      ['north', 'south'].every((network) => gcs.router.find(1, 1, network)?.signed === true),
    );
    expect(gcs.router.find(1, 1)).toBeUndefined();
    expect(gcs.signedVehicles()).toEqual([
      { sysid: 1, compid: 1, network: 'north' },
      { sysid: 1, compid: 1, network: 'south' },
    ]);

    const vehicle = gcs.router.find(1, 1, 'north')!.vehicle;
    expect(await vehicle.commands.setMode('LOITER')).toMatchObject({ status: 'accepted' });
    expect(north.vehicle.mode).toBe(LOITER);
    expect(south.vehicle.mode).not.toBe(LOITER);
    // Each network's system 1 has a signing stream of its own: neither is taken for a replay of the other.
    const before = links.map((l) => l.stats().verdicts.ok);
    await waitFor('more signed frames on both', () =>
      links.every((l, i) => l.stats().verdicts.ok > before[i]! + 20),
    );
    for (const link of links) {
      expect(link.stats().verdicts).toMatchObject({ replay: 0, 'bad-signature': 0, unsigned: 0 });
    }
    expect(
      gcs.signing
        .streams()
        .filter((s) => s.sysid === 1)
        .map((s) => s.network),
    ).toHaveLength(2);
  });

  it('refuses to put the key on a vehicle over the broker, where it would travel in clear', async () => {
    const mosquitto = await broker();
    const gcs = await startGcs({ sysid: 255, compid: 190, record: false });
    cleanup.push(() => gcs.close());
    gcs.setKey(key);
    const link = gcs.openLink(mosquitto.url('field'));
    await waitFor('the link', () => link.state.status === 'connected');
    await heartbeats(await publisher(mosquitto), 'field', 1);
    await waitFor('the vehicle', () => gcs.router.find(1, 1, 'field') !== undefined);

    const result = await gcs.changeVehicleSigning(1, 1, 'enable', 'field');

    expect(result).toMatchObject({ ok: false, kind: 'enable' });
    expect(result.ok ? '' : result.reason).toMatch(/broker in clear/);
    expect(gcs.vehicleSigning.pendingOn(link)).toBeUndefined();
  });

  it('counts the vehicle bound per network', async () => {
    const mosquitto = await broker();
    const gcs = await startGcs({
      sysid: 255,
      compid: 190,
      record: false,
      vehicles: { maxVehicles: 2 },
    });
    cleanup.push(() => gcs.close());
    const links = ['a', 'b'].map((network) => gcs.openLink(mosquitto.url(network)));
    await waitFor('both links', () => links.every((l) => l.state.status === 'connected'));
    const client = await publisher(mosquitto);
    await heartbeats(client, 'a', 3);
    await heartbeats(client, 'b', 3);
    await waitFor('every heartbeat', () =>
      links.every((l) => l.stats().framesIn + l.stats().framesRejected >= 3),
    );
    await waitFor('the refusals', () => gcs.router.counts.vehiclesRefused >= 2);
    const seen = gcs.router.vehicles().map((e) => `${e.vehicle.sysid}@${e.link.id}`);
    expect(seen.sort()).toEqual([
      `1@${links[0]!.id}`,
      `1@${links[1]!.id}`,
      `2@${links[0]!.id}`,
      `2@${links[1]!.id}`,
    ]);
    expect(gcs.router.counts.vehiclesRefused).toBe(2);
  });

  it('tracks a fleet of more than 255 systems across networks', async () => {
    const mosquitto = await broker();
    const gcs = await startGcs({
      sysid: 255,
      compid: 190,
      record: false,
      vehicles: { maxVehicles: 255, admitBurst: 255 },
    });
    cleanup.push(() => gcs.close());
    const networks = ['east', 'west'];
    const links = networks.map((network) => gcs.openLink(mosquitto.url(network)));
    await waitFor('both links', () => links.every((l) => l.state.status === 'connected'));
    const client = await publisher(mosquitto);
    for (const network of networks) await heartbeats(client, network, 150);
    await waitFor('300 vehicles', () => gcs.router.vehicles().length === 300, 10_000);
    expect(gcs.router.counts.vehiclesRefused).toBe(0);
    expect(gcs.router.find(150, 1, 'east')).toBeDefined();
    expect(gcs.router.find(150, 1, 'west')).toBeDefined();
  });
});

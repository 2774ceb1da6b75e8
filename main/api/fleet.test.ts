// A fleet's broker and its other operators on the wire: an MQTT link shows
// its network, its connections and outages, when it last heard the broker,
// when it tries again and the bridges it has seen; the ground stations
// heard on a link are listed with it; vehicles are named by their network;
// a password given in a connection string never comes back.

import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { fromTopic, statusTopic, toTopic } from '../links/mqtt-topics';
import { Mosquitto } from '../testing/mosquitto';
import type { LinkInfo } from '../../protocol/wire-types';
import type { ApiService } from './service';
import { call, closeServices, eventually, refused, startService } from './testing/services';

const codec = createCodec();
const PILOT = { name: 'pilot-a', password: 'correct horse battery' };

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  await closeServices();
});

async function broker(users?: Record<string, string>): Promise<Mosquitto> {
  const started = await Mosquitto.start(users === undefined ? {} : { users });
  cleanup.push(() => started.close());
  return started;
}

async function client(mosquitto: Mosquitto, user?: typeof PILOT): Promise<MqttClient> {
  const c = await connectAsync({
    host: '127.0.0.1',
    port: mosquitto.port,
    ...(user === undefined ? {} : { username: user.name, password: user.password }),
  });
  cleanup.push(() => c.endAsync(true));
  return c;
}

function heartbeat(sysid: number, compid: number, type: number): Buffer {
  const frame = codec.encodeFrame(
    codec.byName('HEARTBEAT')!,
    { type, autopilot: type === 6 ? 8 : 3, base_mode: 0, custom_mode: 0 },
    { version: 2, seq: 0, sysid, compid },
  );
  return Buffer.from(frame);
}

async function linkNow(service: ApiService, id: number): Promise<LinkInfo> {
  const { links } = await call(service, 'links.list', {});
  return links.find((l) => l.id === id)!;
}

describe('an MQTT link on the wire', () => {
  it('shows its network, connection, last broker contact and the bridges seen, never the password', async () => {
    const mosquitto = await broker({ [PILOT.name]: PILOT.password });
    const service = await startService();
    const before = Date.now();
    const { link } = await call(service, 'links.open', {
      connection: mosquitto.url('field', PILOT),
    });
    expect(link.connection).toBe(`mqtt://pilot-a@127.0.0.1:${mosquitto.port}/field`);
    const bridge = await client(mosquitto, PILOT);
    await bridge.publishAsync(statusTopic('field', 'radio-1'), 'online', { retain: true });
    cleanup.push(() => bridge.publishAsync(statusTopic('field', 'radio-1'), '', { retain: true }));
    const shown = await eventually('the bridge', async () => {
      const info = await linkNow(service, link.id);
      return info.broker?.bridges.length === 1 && info;
    });
    expect(shown.state).toEqual({ status: 'connected' });
    expect(shown.broker).toMatchObject({
      network: 'field',
      protocolVersion: 5,
      connects: 1,
      outages: 0,
      retryAtMs: null,
      bridges: [{ name: 'radio-1', online: true }],
    });
    expect(shown.broker!.lastContactMs).toBeGreaterThanOrEqual(before);
    const everything = JSON.stringify(await call(service, 'links.list', {}));
    expect(everything).not.toContain(PILOT.password);
  });

  it('shows an outage with its reason and when it tries again, and heals', async () => {
    const mosquitto = await broker();
    const service = await startService();
    const { link } = await call(service, 'links.open', { connection: mosquitto.url('field') });
    await eventually(
      'connected',
      async () => (await linkNow(service, link.id)).state.status === 'connected',
    );
    await mosquitto.stop();
    const away = await eventually('the outage', async () => {
      const info = await linkNow(service, link.id);
      return info.broker!.retryAtMs !== null && info;
    });
    expect(away.state).toMatchObject({ status: 'error' });
    expect(away.broker).toMatchObject({ connects: 1, outages: 1 });
    expect(away.broker!.retryAtMs).toBeGreaterThan(Date.now() - 1000);
    await mosquitto.restart();
    const back = await eventually('connected again', async () => {
      const info = await linkNow(service, link.id);
      return info.state.status === 'connected' && info;
    });
    expect(back.broker).toMatchObject({ connects: 2, outages: 1, retryAtMs: null });
  });

  it('lists the other ground stations heard on it', async () => {
    const mosquitto = await broker();
    const service = await startService({ gcs: { sysid: 255, compid: 190, record: false } });
    const { link } = await call(service, 'links.open', { connection: mosquitto.url('field') });
    await eventually(
      'connected',
      async () => (await linkNow(service, link.id)).state.status === 'connected',
    );
    const other = await client(mosquitto);
    await other.publishAsync(toTopic('field', 0), heartbeat(255, 31, 6));
    const info = await eventually('the peer', async () => {
      const l = await linkNow(service, link.id);
      return l.peers.length > 0 && l;
    });
    expect(info.peers).toEqual([
      { sysid: 255, compid: 31, signed: false, lastMs: expect.any(Number) as number },
    ]);
  });

  it('names each vehicle by its network, and finds a vehicle only on the network named', async () => {
    const mosquitto = await broker();
    const service = await startService({ gcs: { sysid: 255, compid: 190, record: false } });
    for (const network of ['north', 'south']) {
      const { link } = await call(service, 'links.open', { connection: mosquitto.url(network) });
      await eventually(
        'connected',
        async () => (await linkNow(service, link.id)).state.status === 'connected',
      );
    }
    const bridge = await client(mosquitto);
    for (const network of ['north', 'south']) {
      await bridge.publishAsync(fromTopic(network, 1, 1), heartbeat(1, 1, 2));
    }
    const vehicles = await eventually('both vehicles', async () => {
      const list = (await call(service, 'vehicles.list', {})).vehicles;
      return list.length === 2 && list;
    });
    expect(vehicles.map((v) => [v.network, v.sysid]).sort()).toEqual([
      ['north', 1],
      ['south', 1],
    ]);
    expect(await call(service, 'params.list', { sysid: 1, compid: 1, network: 'south' })).toEqual({
      params: [],
    });
    const answer = await refused(service, {
      packetId: 'p1',
      packetType: 'params.list',
      sysid: 1,
      compid: 1,
    });
    expect(answer.message).toMatch(/no vehicle 1\/1 has been heard/);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { makeCertificates, type TestCertificates } from '../testing/certificates';
import { Mosquitto } from '../testing/mosquitto';
import { parseConnection, type MqttConfig } from './connection';
import { MqttTransport } from './mqtt';
import type { LinkState } from './transport';

const codec = createCodec();
const FAST = { backoff: { initialMs: 50, maxMs: 200 } };

function frame(
  name: string,
  fields: Record<string, unknown>,
  from: { sysid: number; compid: number },
): Uint8Array {
  return codec.encodeFrame(codec.byName(name)!, fields, { version: 2, seq: 0, ...from });
}

const heartbeat = (sysid: number, compid = 1) =>
  frame('HEARTBEAT', { type: 2, autopilot: 3, base_mode: 0, custom_mode: 0 }, { sysid, compid });

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

function config(url: string): MqttConfig {
  return parseConnection(url) as MqttConfig;
}

function open(url: string, options: ConstructorParameters<typeof MqttTransport>[1] = {}) {
  const transport = new MqttTransport(config(url), { ...FAST, ...options });
  const states: LinkState[] = [];
  const frames: Buffer[] = [];
  transport.start({
    onData: (chunk) => frames.push(Buffer.from(chunk)),
    onState: (state) => states.push(state),
  });
  cleanup.push(() => transport.close());
  return { transport, states, frames, last: () => states.at(-1) };
}

async function client(port: number): Promise<MqttClient> {
  const c = await connectAsync({ host: '127.0.0.1', port, protocolVersion: 5 });
  cleanup.push(() => c.endAsync(true));
  return c;
}

/** What a client hears on `topic`, with the QoS it came at. */
async function listen(port: number, topic: string) {
  const c = await client(port);
  const heard: { topic: string; payload: Buffer; qos: number }[] = [];
  c.on('message', (t, payload, packet) => heard.push({ topic: t, payload, qos: packet.qos }));
  await c.subscribeAsync(topic, { qos: 1 });
  return heard;
}

async function connected(link: { last: () => LinkState | undefined }): Promise<void> {
  await vi.waitFor(() => expect(link.last()).toEqual({ status: 'connected' }), { timeout: 5000 });
}

describe('an MQTT link', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await Mosquitto.start();
  });
  afterAll(async () => {
    await broker.close();
  });

  it('sends a frame with a target to that system’s to topic, as it is, at QoS 1 for a command', async () => {
    const heard = await listen(broker.port, 'mavlink/field/#');
    const link = open(broker.url('field'));
    await connected(link);
    const command = frame(
      'COMMAND_LONG',
      { target_system: 7, target_component: 1, command: 400, param1: 1 },
      { sysid: 255, compid: 190 },
    );
    expect(link.transport.write(command)).toBe(true);
    await vi.waitFor(() => expect(heard).toHaveLength(1));
    expect(heard[0]!.topic).toBe('mavlink/field/7/to');
    expect(new Uint8Array(heard[0]!.payload)).toEqual(command);
    expect(heard[0]!.qos).toBe(1);
  });

  it('sends a frame without a target to the network’s all/to topic at QoS 0', async () => {
    const heard = await listen(broker.port, 'mavlink/field/#');
    const link = open(broker.url('field'));
    await connected(link);
    link.transport.write(heartbeat(255, 190));
    await vi.waitFor(() => expect(heard).toHaveLength(1));
    expect(heard[0]).toMatchObject({ topic: 'mavlink/field/all/to', qos: 0 });
  });

  it('hands the link every frame published on a from topic of its network, unchanged', async () => {
    const link = open(broker.url('field'));
    await connected(link);
    const publisher = await client(broker.port);
    const sent = heartbeat(3);
    await publisher.publishAsync('mavlink/field/3/1/from', Buffer.from(sent));
    await publisher.publishAsync('mavlink/other/3/1/from', Buffer.from(heartbeat(4)));
    await vi.waitFor(() => expect(link.frames).toHaveLength(1));
    expect(new Uint8Array(link.frames[0]!)).toEqual(sent);
    expect(link.transport.brokerStats().received).toBe(1);
  });

  it('drops a message that holds more or less than one frame, and one on another sender’s topic', async () => {
    const link = open(broker.url('field'));
    await connected(link);
    const publisher = await client(broker.port);
    const one = heartbeat(3);
    await publisher.publishAsync('mavlink/field/3/1/from', Buffer.concat([one, one]));
    await publisher.publishAsync('mavlink/field/3/1/from', Buffer.from(one.subarray(0, 10)));
    await publisher.publishAsync('mavlink/field/9/1/from', Buffer.from(one));
    await publisher.publishAsync('mavlink/field/3/1/from', Buffer.from(one));
    await vi.waitFor(() => expect(link.frames).toHaveLength(1));
    expect(link.transport.brokerStats()).toMatchObject({ malformed: 2, misrouted: 1, received: 1 });
  });

  it('hears the other operators’ broadcasts but not its own', async () => {
    const a = open(broker.url('field'));
    const b = open(broker.url('field'));
    await connected(a);
    await connected(b);
    a.transport.write(heartbeat(255, 190));
    await vi.waitFor(() => expect(b.frames).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(a.frames).toHaveLength(0);
    expect(a.transport.brokerStats()).toMatchObject({ protocolVersion: 5, echoes: 0 });
  });

  it('speaks MQTT 3.1.1 too, and then tells its own broadcasts by their sender', async () => {
    const a = open(broker.url('field'), { protocolVersion: 4 });
    await connected(a);
    a.transport.write(heartbeat(255, 190));
    await vi.waitFor(() => expect(a.transport.brokerStats().echoes).toBe(1));
    expect(a.frames).toHaveLength(0);
    expect(a.transport.brokerStats().protocolVersion).toBe(4);
  });

  it('lists the bridges of its network and whether each is online', async () => {
    const publisher = await client(broker.port);
    await publisher.publishAsync('mavlink/field/bridge/radio-1/status', 'online', { retain: true });
    await publisher.publishAsync('mavlink/field/bridge/radio-2/status', 'offline', {
      retain: true,
    });
    cleanup.push(async () => {
      await publisher.publishAsync('mavlink/field/bridge/radio-1/status', '', { retain: true });
      await publisher.publishAsync('mavlink/field/bridge/radio-2/status', '', { retain: true });
    });
    const link = open(broker.url('field'));
    await vi.waitFor(() =>
      expect(link.transport.bridges()).toEqual([
        { name: 'radio-1', online: true },
        { name: 'radio-2', online: false },
      ]),
    );
  });

  it('says it cannot send while the broker is away', () => {
    const link = open('mqtt://127.0.0.1:1/field');
    expect(link.transport.write(heartbeat(255, 190))).toBe(false);
    expect(link.transport.brokerStats().unsent).toBe(1);
  });
});

describe('an MQTT link’s broker outages', () => {
  it('reads as a link error, is counted, and heals by itself when the broker is back', async () => {
    const broker = await Mosquitto.start();
    cleanup.push(() => broker.close());
    const link = open(broker.url('field'));
    await connected(link);
    await broker.stop();
    await vi.waitFor(() =>
      expect(link.last()).toEqual({
        status: 'error',
        message: `connection refused by 127.0.0.1:${broker.port}`,
      }),
    );
    expect(link.transport.brokerStats()).toMatchObject({ connects: 1, outages: 1 });
    await broker.restart();
    await connected(link);
    expect(link.transport.brokerStats()).toMatchObject({ connects: 2, outages: 1 });
    // Subscribed again: frames flow after the outage.
    const publisher = await client(broker.port);
    await publisher.publishAsync('mavlink/field/3/1/from', Buffer.from(heartbeat(3)));
    await vi.waitFor(() => expect(link.frames).toHaveLength(1));
  });

  it('names the broker that cannot be reached', async () => {
    const link = open('mqtt://127.0.0.1:1/field');
    await vi.waitFor(() =>
      expect(link.last()).toEqual({
        status: 'error',
        message: 'connection refused by 127.0.0.1:1',
      }),
    );
  });
});

describe('an MQTT link to a broker that wants a password', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await Mosquitto.start({ users: { pilot: 'right horse' } });
  });
  afterAll(async () => {
    await broker.close();
  });

  it('connects with the right one', async () => {
    const link = open(broker.url('field', { name: 'pilot', password: 'right horse' }));
    await connected(link);
  });

  it('says the user name or password was refused for a wrong one', async () => {
    const link = open(broker.url('field', { name: 'pilot', password: 'wrong horse' }));
    await vi.waitFor(() => expect(link.last()).toMatchObject({ status: 'error' }));
    expect(link.last()).toMatchObject({
      message: expect.stringMatching(
        new RegExp(
          `^the broker at 127.0.0.1:${broker.port} refused the user name or password.*\\(user 'pilot'\\)$`,
        ),
      ),
    });
  });

  it('says so when none was given', async () => {
    const link = open(broker.url('field'));
    await vi.waitFor(() => expect(link.last()).toMatchObject({ status: 'error' }));
    expect(link.last()).toMatchObject({ message: expect.stringMatching(/no user name given/) });
  });
});

describe('an MQTT link over TLS', () => {
  let broker: Mosquitto;
  let certs: TestCertificates;
  beforeAll(async () => {
    certs = makeCertificates(mkdtempSync(join(tmpdir(), 'sigil-certs-')));
    broker = await Mosquitto.start({
      tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey },
    });
  });
  afterAll(async () => {
    await broker.close();
  });

  it('connects to a broker whose certificate the given CA signed', async () => {
    const link = open(`${broker.url('field')}?ca=${certs.ca}`);
    await connected(link);
  });

  it('says the certificate is not trusted without the CA', async () => {
    const link = open(broker.url('field'));
    await vi.waitFor(() => expect(link.last()).toMatchObject({ status: 'error' }));
    expect(link.last()).toMatchObject({
      message: expect.stringMatching(
        /^the certificate of the broker at 127\.0\.0\.1:\d+ is not trusted \(.*\): name its CA with \?ca=FILE$/,
      ),
    });
  });

  it('names a CA file it cannot read', async () => {
    const link = open(`${broker.url('field')}?ca=/nonexistent/ca.pem`);
    await vi.waitFor(() =>
      expect(link.last()).toEqual({
        status: 'error',
        message: 'cannot read the CA file: file not found: /nonexistent/ca.pem',
      }),
    );
  });
});

describe('an MQTT link to a broker that wants a client certificate', () => {
  it('connects with one the CA signed, and says it wants one without', async () => {
    const certs = makeCertificates(mkdtempSync(join(tmpdir(), 'sigil-certs-')));
    const broker = await Mosquitto.start({
      tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey, requireCertificate: true },
    });
    cleanup.push(() => broker.close());
    const without = open(`${broker.url('field')}?ca=${certs.ca}`);
    const withCert = open(
      `${broker.url('field')}?ca=${certs.ca}&cert=${certs.clientCert}&key=${certs.clientKey}`,
    );
    await connected(withCert);
    await vi.waitFor(() =>
      expect(without.last()).toEqual({
        status: 'error',
        message: `the broker at 127.0.0.1:${broker.port} wants a client certificate: name it with ?cert=FILE&key=FILE`,
      }),
    );
  });
});

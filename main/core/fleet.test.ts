// Vehicles and operators meeting through a real MQTT broker: two simulated
// vehicles, each behind its own bridge, and two operator ground stations,
// all signed with one key. The broker is trusted with nothing: what a
// client with no key (or a recording) puts on it is refused at both ends.

import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { INCOMPAT_SIGNED } from '../mavlink/frame';
import { parseConnection, type MqttConfig } from '../links/connection';
import { createTransport } from '../links/create-transport';
import { MqttBridge } from '../links/mqtt-bridge';
import { NO_SERIAL } from '../links/serial';
import { FrameMac } from '../signing/frame-mac';
import { keyFromPassphrase } from '../signing/key';
import { signFrame } from '../signing/sign';
import { wallClockTimestamp } from '../signing/timestamp';
import type { RunningSim } from '../sim/run-sim';
import { Mosquitto } from '../testing/mosquitto';
import type { Gcs } from './gcs';
import type { Link } from './link';
import { gcsPeers } from './peers';
import { startGcs, startSimAt } from './testing/gcs-and-sim';
import { freeTcpPort } from '../testing/ports';
import { tempDir } from '../testing/temp-dir';
import { waitFor } from '../testing/wait-for';

const key = keyFromPassphrase('one key for the whole fleet');
const codec = createCodec();
const FAST = { initialMs: 50, maxMs: 300 };
const LOITER = 5; // ArduCopter's custom mode
const NETWORK = 'field';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface Operator {
  gcs: Gcs;
  link: Link;
}

interface Fleet {
  broker: Mosquitto;
  sims: RunningSim[];
  bridges: MqttBridge[];
  a: Operator;
  b: Operator;
}

type User = { name: string; password: string };

async function bridgeTo(
  sim: number,
  broker: Mosquitto,
  name: string,
  user?: User,
): Promise<MqttBridge> {
  const bridge = new MqttBridge({
    link: createTransport(parseConnection(`tcp:127.0.0.1:${sim}`), NO_SERIAL, { backoff: FAST }),
    broker: parseConnection(broker.url(NETWORK, user)) as MqttConfig,
    name,
    backoff: FAST,
  });
  bridge.start();
  cleanup.push(() => bridge.close());
  return bridge;
}

async function operator(
  broker: Mosquitto,
  compid: number,
  linkIdBase: number,
  user?: User,
): Promise<Operator> {
  const gcs = await startGcs({ sysid: 255, compid, linkIdBase, record: false });
  cleanup.push(() => gcs.close());
  gcs.setKey(key);
  const link = gcs.openLink(broker.url(NETWORK, user), { sign: true, require: true });
  return { gcs, link };
}

/** Two signed sims behind two bridges, two operators; both operators see both vehicles. */
async function fleet(): Promise<Fleet> {
  const broker = await Mosquitto.start();
  cleanup.push(() => broker.close());
  const sims: RunningSim[] = [];
  const bridges: MqttBridge[] = [];
  for (const sysid of [1, 2]) {
    const port = await freeTcpPort();
    const sim = await startSimAt(`tcpin:127.0.0.1:${port}`, { key, sysid });
    cleanup.push(() => sim.stop());
    sims.push(sim);
    bridges.push(await bridgeTo(port, broker, `radio-${sysid}`));
  }
  const a = await operator(broker, 30, 10);
  const b = await operator(broker, 31, 20);
  for (const { gcs } of [a, b]) {
    await waitFor('both vehicles, verified', () =>
      [1, 2].every((sysid) => gcs.router.find(sysid, 1)?.signed === true),
    );
  }
  return { broker, sims, bridges, a, b };
}

function modeOf(gcs: Gcs, sysid: number): string | null | undefined {
  return gcs.router.find(sysid, 1)?.vehicle.snapshot(Date.now()).mode;
}

async function rawClient(broker: Mosquitto, user?: User): Promise<MqttClient> {
  const client = await connectAsync({
    host: '127.0.0.1',
    port: broker.port,
    ...(user === undefined ? {} : { username: user.name, password: user.password }),
  });
  cleanup.push(() => client.endAsync(true));
  return client;
}

describe('a fleet on an MQTT broker', () => {
  it('shows both vehicles to both operators; one commands, the other sees it happen', async () => {
    const { sims, bridges, a, b } = await fleet();
    const vehicle = a.gcs.router.find(1, 1)!.vehicle;
    expect(await vehicle.commands.setMode('LOITER')).toMatchObject({ status: 'accepted' });
    expect(sims[0]!.vehicle.mode).toBe(LOITER);
    await waitFor('operator B to see LOITER', () => modeOf(b.gcs, 1) === 'LOITER');
    // Only vehicle 1 was commanded: vehicle 2's bridge never carried it.
    expect(sims[1]!.vehicle.mode).not.toBe(LOITER);
    expect(sims[0]!.vehicle.signingCounts).toMatchObject({ unsigned: 0, 'bad-signature': 0 });
    expect(bridges.map((r) => r.stats().systems)).toEqual([[1], [2]]);
    for (const { link } of [a, b]) {
      expect(link.stats().verdicts).toMatchObject({ unsigned: 0, 'bad-signature': 0, replay: 0 });
    }
  });

  it('shows each operator the other as a peer, each with its own signing stream', async () => {
    const { a, b } = await fleet();
    await waitFor(
      'the peers',
      () =>
        gcsPeers(a.gcs.router.inspector, Date.now()).length > 0 &&
        gcsPeers(b.gcs.router.inspector, Date.now()).length > 0,
    );
    expect(gcsPeers(a.gcs.router.inspector, Date.now())).toMatchObject([
      { sysid: 255, compid: 31, signed: true },
    ]);
    expect(gcsPeers(b.gcs.router.inspector, Date.now())).toMatchObject([
      { sysid: 255, compid: 30, signed: true },
    ]);
    // Each verified the other's heartbeats on the other's own stream.
    const streamsOf = (gcs: Gcs) =>
      gcs.signing
        .streams()
        .filter((s) => s.sysid === 255)
        .map((s) => [s.compid, s.linkId]);
    expect(streamsOf(a.gcs)).toEqual([[31, b.link.signingLinkId]]);
    expect(streamsOf(b.gcs)).toEqual([[30, a.link.signingLinkId]]);
    expect(a.link.signingLinkId).toBe(10);
    expect(b.link.signingLinkId).toBe(20);
  });

  it('refuses what a client with no key publishes, and a recorded command published again', async () => {
    const { broker, sims, a } = await fleet();
    const intruder = await rawClient(broker);
    // A vehicle impersonated: unsigned, and signed with the wrong key.
    const forged = codec.encodeFrame(
      codec.byName('HEARTBEAT')!,
      { type: 2, autopilot: 3, base_mode: 0, custom_mode: 9 },
      { version: 2, seq: 0, sysid: 1, compid: 1 },
    );
    await intruder.publishAsync('mavlink/field/1/1/from', Buffer.from(forged));
    const wrongKey = codec.encodeFrame(
      codec.byName('HEARTBEAT')!,
      { type: 2, autopilot: 3, base_mode: 0, custom_mode: 9 },
      { version: 2, seq: 1, sysid: 1, compid: 1, incompatFlags: INCOMPAT_SIGNED },
    );
    signFrame(
      new FrameMac(keyFromPassphrase('not the key')),
      wrongKey,
      0,
      wrongKey.length,
      0,
      wallClockTimestamp(),
    );
    await intruder.publishAsync('mavlink/field/1/1/from', Buffer.from(wrongKey));
    await waitFor('the rejections', () => {
      const v = a.link.stats().verdicts;
      return v.unsigned >= 1 && v['bad-signature'] >= 1;
    });

    // A command for the vehicle with no signature: the bridge carries it, the vehicle ignores it.
    const unsignedCommand = codec.encodeFrame(
      codec.byName('SET_MODE')!,
      { target_system: 1, base_mode: 1, custom_mode: LOITER },
      { version: 2, seq: 0, sysid: 255, compid: 77 },
    );
    const ignoredBefore = sims[0]!.vehicle.signingCounts.unsigned;
    await intruder.publishAsync('mavlink/field/1/to', Buffer.from(unsignedCommand));
    await waitFor(
      'the unsigned command refused',
      () => sims[0]!.vehicle.signingCounts.unsigned > ignoredBefore,
    );
    expect(sims[0]!.vehicle.mode).not.toBe(LOITER);

    // Operator A's signed command, recorded off the broker and published again.
    const recorded: Buffer[] = [];
    const listener = await rawClient(broker);
    listener.on('message', (_topic, payload) => recorded.push(payload));
    await listener.subscribeAsync('mavlink/field/1/to', { qos: 1 });
    const vehicle = a.gcs.router.find(1, 1)!.vehicle;
    expect(await vehicle.commands.setMode('LOITER')).toMatchObject({ status: 'accepted' });
    const command = await waitFor('the recorded command', () =>
      recorded.find((frame) => frame[7] === 76 /* COMMAND_LONG */),
    );
    const replaysBefore = sims[0]!.vehicle.signingCounts.replay;
    await intruder.publishAsync('mavlink/field/1/to', command, { qos: 1 });
    await waitFor(
      'the replay refused',
      () => sims[0]!.vehicle.signingCounts.replay > replaysBefore,
    );
  });

  it('heals by itself when the broker restarts mid-flight, and counts the outage', async () => {
    const { broker, bridges, a, b } = await fleet();
    const states: string[] = [];
    a.gcs.events.on('linkState', ({ state }) =>
      states.push(state.status === 'error' ? state.message : state.status),
    );
    await broker.stop();
    await waitFor(
      'every side to see the outage',
      () =>
        [a, b].every(({ link }) => link.state.status === 'error') &&
        bridges.every((r) => r.states.broker.status === 'error'),
    );
    await waitFor('the retries refused', () => states.length >= 3);
    const endpoint = `127.0.0.1:${broker.port}`;
    expect(states.slice(0, 3)).toEqual([
      `lost the broker at ${endpoint}`,
      'connecting',
      `connection refused by ${endpoint}`,
    ]);
    await broker.restart();
    await waitFor(
      'every side back',
      () =>
        [a, b].every(({ link }) => link.state.status === 'connected') &&
        bridges.every((r) => r.states.broker.status === 'connected'),
    );
    const before = a.link.stats().framesIn;
    await waitFor('frames flowing again', () => a.link.stats().framesIn > before + 10);
    const vehicle = a.gcs.router.find(2, 1)!.vehicle;
    expect(await vehicle.commands.setMode('LOITER')).toMatchObject({ status: 'accepted' });
    for (const { link } of [a, b]) {
      expect(link.broker!.brokerStats()).toMatchObject({ connects: 2, outages: 1 });
    }
    for (const bridge of bridges) {
      expect(bridge.stats().broker).toMatchObject({ connects: 2, outages: 1 });
    }
  });

  it('marks a bridge offline when it leaves, and online again when it is back', async () => {
    const broker = await Mosquitto.start();
    cleanup.push(() => broker.close());
    const port = await freeTcpPort();
    const sim = await startSimAt(`tcpin:127.0.0.1:${port}`, { stateDir: tempDir() });
    cleanup.push(() => sim.stop());
    const { link } = await operator(broker, 30, 10);
    const bridge = await bridgeTo(port, broker, 'radio-1');
    await waitFor('online', () => link.broker!.bridges()[0]?.online === true);
    await bridge.close();
    await waitFor('offline', () => link.broker!.bridges()[0]?.online === false);
    await bridgeTo(port, broker, 'radio-1');
    await waitFor('online again', () => link.broker!.bridges()[0]?.online === true);
  });

  it('works under the README’s users and ACLs, where an operator cannot speak as a vehicle', async () => {
    const radio = { name: 'radio1', password: 'radio secret' };
    const pilot = { name: 'pilot-a', password: 'pilot secret' };
    const broker = await Mosquitto.start({
      users: { [radio.name]: radio.password, [pilot.name]: pilot.password },
      acl: README_ACL,
    });
    cleanup.push(() => broker.close());
    const port = await freeTcpPort();
    const sim = await startSimAt(`tcpin:127.0.0.1:${port}`, { key });
    cleanup.push(() => sim.stop());
    await bridgeTo(port, broker, radio.name, radio);
    const a = await operator(broker, 30, 10, pilot);
    await waitFor('the vehicle', () => a.gcs.router.find(1, 1)?.signed === true);
    await waitFor('the bridge online', () => a.link.broker!.bridges()[0]?.online === true);
    const vehicle = a.gcs.router.find(1, 1)!.vehicle;
    expect(await vehicle.commands.setMode('LOITER')).toMatchObject({ status: 'accepted' });

    // The operator's user publishing as vehicle 1: the broker drops it, nobody hears it.
    const impostor = await rawClient(broker, pilot);
    const unsignedBefore = a.link.stats().verdicts.unsigned;
    for (let i = 0; i < 5; i++) {
      const forged = codec.encodeFrame(
        codec.byName('HEARTBEAT')!,
        { type: 2, autopilot: 3, base_mode: 0, custom_mode: 9 },
        { version: 2, seq: i, sysid: 1, compid: 1 },
      );
      await impostor.publishAsync('mavlink/field/1/1/from', Buffer.from(forged), { qos: 1 });
    }
    const receivedBefore = a.link.broker!.brokerStats().received;
    await waitFor(
      'more telemetry',
      () => a.link.broker!.brokerStats().received > receivedBefore + 20,
    );
    expect(a.link.stats().verdicts.unsigned).toBe(unsignedBefore);
  });
});

/** The ACL file of the README's "Mosquitto with users and ACLs", for one bridge and one operator. */
const README_ACL = `user radio1
topic write mavlink/field/+/+/from
topic read mavlink/field/+/to
pattern write mavlink/field/bridge/%u/status

user pilot-a
topic read mavlink/field/+/+/from
topic write mavlink/field/+/to
topic read mavlink/field/all/to
topic read mavlink/field/bridge/+/status
`;

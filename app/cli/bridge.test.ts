// `sigil bridge` in-process, between the simulated vehicle on TCP and a real mosquitto.

import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGcs, startSimAt } from '../../main/core/testing/gcs-and-sim';
import { freeTcpPort } from '../../main/testing/ports';
import { tempDir } from '../../main/testing/temp-dir';
import { keyFromPassphrase } from '../../main/signing/key';
import { Mosquitto } from '../../main/testing/mosquitto';
import { run } from './main';
import { captureIo } from './testing/captured-io';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function sigil(...args: string[]) {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('sigil bridge', () => {
  it('explains itself', async () => {
    const { code, out } = await sigil('bridge', '--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: sigil bridge CONNECTION --to mqtt:\/\//);
    expect(out).toContain('mavlink/NETWORK/SYSID/COMPID/from');
  });

  it('needs a broker to bridge to', async () => {
    expect(await sigil('bridge', 'tcp:127.0.0.1:5760')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--to mqtt://HOST/NETWORK is needed'),
    });
    expect(
      await sigil('bridge', 'tcp:127.0.0.1:5760', '--to', 'udpin:0.0.0.0:14550'),
    ).toMatchObject({ code: 2, err: expect.stringContaining('--to must be mqtt://') });
    expect(await sigil('bridge', 'tcp:127.0.0.1:5760', '--to', 'mqtt://broker')).toMatchObject({
      code: 2,
      err: expect.stringContaining('missing network name'),
    });
  });

  it('carries a vehicle to the broker and says what it carried', async () => {
    const broker = await Mosquitto.start();
    cleanup.push(() => broker.close());
    const port = await freeTcpPort();
    const sim = await startSimAt(`tcpin:127.0.0.1:${port}`);
    cleanup.push(() => sim.stop());
    const { code, out } = await sigil(
      'bridge',
      `tcp:127.0.0.1:${port}`,
      '--to',
      broker.url('field'),
      '--name',
      'radio 1',
      '--json',
      '--duration',
      '1.5',
    );
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      event: 'start',
      name: 'radio-1',
      statusTopic: 'mavlink/field/bridge/radio-1/status',
    });
    expect(lines).toContainEqual(
      expect.objectContaining({ event: 'broker', state: { status: 'connected' } }),
    );
    const stats = lines.at(-1)!;
    expect(stats).toMatchObject({ event: 'stats', systems: [1], verdicts: null });
    expect(stats.up).toBeGreaterThan(0);
  });

  it('counts the signing verdicts of what it carries when given the key, and drops nothing', async () => {
    const broker = await Mosquitto.start();
    cleanup.push(() => broker.close());
    const port = await freeTcpPort();
    const sim = await startSimAt(`tcpin:127.0.0.1:${port}`, {
      key: keyFromPassphrase('bridge key'),
    });
    cleanup.push(() => sim.stop());
    const { out } = await sigil(
      'bridge',
      `tcp:127.0.0.1:${port}`,
      '--to',
      broker.url('field'),
      '--passphrase',
      'bridge key',
      '--duration',
      '1.5',
    );
    const last = out.trim().split('\n').at(-1)!;
    expect(last).toMatch(
      /^up \d+ frames( \(\d+ not sent\))? \| down 0 \| systems 1 \| broker MQTT 5, 1 connect, 0 outages \| signing up: ok \d+; down: nothing yet$/,
    );
  });

  it('brings the vehicle to an operator’s monitor, with the bridge online and the other operator as a peer', async () => {
    const broker = await Mosquitto.start();
    cleanup.push(() => broker.close());
    const port = await freeTcpPort();
    const sim = await startSimAt(`tcpin:127.0.0.1:${port}`);
    cleanup.push(() => sim.stop());
    const other = await startGcs({ sysid: 255, compid: 40, record: false });
    cleanup.push(() => other.close());
    other.openLink(broker.url('field'));
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'identity.json'), '{"sysid":255,"compid":41,"linkIdBase":7}');
    const bridging = sigil(
      'bridge',
      `tcp:127.0.0.1:${port}`,
      '--to',
      broker.url('field'),
      '--duration',
      '3.5',
    );
    cleanup.push(() => bridging);
    const { code, out } = await sigil(
      'monitor',
      broker.url('field'),
      '--json',
      '--duration',
      '3',
      '--data-dir',
      dataDir,
      '--no-record',
    );
    expect(code).toBe(0);
    const last = JSON.parse(out.trim().split('\n').at(-1)!) as {
      vehicles: { sysid: number }[];
      identity: unknown;
      peers: { sysid: number; compid: number }[];
      broker: { connects: number; outages: number; bridges: { online: boolean }[] };
      link: { connection: string; state: unknown };
    };
    expect(last.link).toMatchObject({
      connection: `mqtt://127.0.0.1:${broker.port}/field`,
      state: { status: 'connected' },
    });
    expect(last.vehicles.map((v) => v.sysid)).toEqual([1]);
    expect(last.identity).toEqual({ sysid: 255, compid: 41, linkIdBase: 7 });
    expect(last.peers).toMatchObject([{ sysid: 255, compid: 40 }]);
    expect(last.broker).toMatchObject({ connects: 1, outages: 0, bridges: [{ online: true }] });
  });

  it('says so when the broker refuses its password', async () => {
    const broker = await Mosquitto.start({ users: { radio: 'right' } });
    cleanup.push(() => broker.close());
    const { code, out } = await sigil(
      'bridge',
      'tcp:127.0.0.1:1',
      '--to',
      broker.url('field', { name: 'radio', password: 'wrong' }),
      '--duration',
      '1',
    );
    expect(code).toBe(0);
    expect(out).toContain(
      `broker mqtt://radio@127.0.0.1:${broker.port}/field: error: the broker at 127.0.0.1:${broker.port} refused the user name or password`,
    );
    expect(out).not.toContain('wrong');
  });
});

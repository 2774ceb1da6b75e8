// `sigil monitor` in-process against the simulated vehicle over UDP on loopback.

import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freeUdpPort } from '../../main/testing/ports';
import { signedHeartbeat } from '../../main/core/testing/signed-heartbeat';
import { startSimAt } from '../../main/core/testing/gcs-and-sim';
import { tempDir } from '../../main/testing/temp-dir';
import { udpSender } from '../../main/testing/udp-sender';
import { keyFromPassphrase } from '../../main/signing/key';
import { wallClockTimestamp } from '../../main/signing/timestamp';
import { run } from './main';
import { captureIo } from './testing/captured-io';

const PASSPHRASE = 'monitor test passphrase';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function sigil(...args: string[]) {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

interface MonitorLine {
  link: {
    connection: string;
    state: { status: string };
    stats: {
      framesIn: number;
      bytesIn: number;
      verdicts: { ok: number; unsigned: number; future: number };
      dropped: { impersonation: number; 'own-identity': number };
    };
  };
  signing: {
    fingerprint: string | null;
    localTimestamp: number;
    clock: { state: string; start: string; held: number };
    signedVehicles: { sysid: number; compid: number }[];
  };
  vehicles: {
    sysid: number;
    compid: number;
    mode: string | null;
    armed: boolean;
    heartbeatSigned: boolean | null;
    signed: boolean;
    position: { lat: number; lon: number } | null;
  }[];
}

/** Runs `sigil monitor --json --duration 3` at a sim sending to it; returns its lines. */
async function monitorSim(options: { simPassphrase?: string; args?: string[] } = {}) {
  const port = await freeUdpPort();
  const key = options.simPassphrase === undefined ? {} : { key: keyFromPassphrase(PASSPHRASE) };
  const sim = await startSimAt(`udpout:127.0.0.1:${port}`, key);
  cleanup.push(() => sim.stop());
  const dataDir = tempDir('sigil-monitor-');
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  const result = await sigil(
    'monitor',
    `udpin:127.0.0.1:${port}`,
    '--json',
    '--duration',
    '3',
    '--data-dir',
    dataDir,
    ...(options.args ?? []),
  );
  const lines = result.out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as MonitorLine);
  return { ...result, lines, sim };
}

describe('sigil monitor', () => {
  it('prints JSON lines with the vehicle mode and position and the link statistics', async () => {
    const { code, err, lines } = await monitorSim();
    expect(err).toBe('');
    expect(code).toBe(0);
    // One a second for 3 s, and one at the end.
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const last = lines.at(-1)!;
    expect(last.link.connection).toMatch(/^udpin:127\.0\.0\.1:\d+$/);
    expect(last.link.state).toEqual({ status: 'connected' });
    expect(last.link.stats.framesIn).toBeGreaterThan(20);
    expect(last.link.stats.framesIn).toBeGreaterThanOrEqual(lines[0]!.link.stats.framesIn);
    expect(last.vehicles).toHaveLength(1);
    const vehicle = last.vehicles[0]!;
    expect(vehicle).toMatchObject({ sysid: 1, compid: 1, mode: 'STABILIZE', armed: false });
    expect(vehicle.position!.lat).toBeCloseTo(-35.3632, 2);
    expect(vehicle.position!.lon).toBeCloseTo(149.1652, 2);
  });

  it('exits 2 on --require-signing without a key', async () => {
    const { code, err } = await sigil('monitor', 'udpin:127.0.0.1:14550', '--require-signing');
    expect(code).toBe(2);
    expect(err).toContain('--require-signing needs --key or --passphrase');
  });

  it("exits 2 on a bad connection string with the parser's message", async () => {
    const { code, err } = await sigil('monitor', 'udpin:127.0.0.1:70000');
    expect(code).toBe(2);
    expect(err).toContain(
      "sigil monitor: port 70000 is out of range (1-65535) in 'udpin:127.0.0.1:70000'",
    );
  });

  it("verifies a signed vehicle's frames with its passphrase and counts none unsigned", async () => {
    const { code, lines, sim } = await monitorSim({
      simPassphrase: PASSPHRASE,
      args: ['--passphrase', PASSPHRASE, '--require-signing'],
    });
    expect(code).toBe(0);
    const first = lines[0]!.link.stats.verdicts;
    const last = lines.at(-1)!;
    expect(last.signing.fingerprint).toBe(keyFromPassphrase(PASSPHRASE).fingerprint);
    expect(last.link.stats.verdicts.ok).toBeGreaterThan(first.ok);
    expect(last.link.stats.verdicts).toMatchObject({ unsigned: 0, 'bad-signature': 0, replay: 0 });
    expect(last.vehicles[0]).toMatchObject({ heartbeatSigned: true, signed: true });
    expect(last.signing.signedVehicles).toEqual([{ sysid: 1, compid: 1 }]);
    expect(last.link.stats.dropped).toEqual({ impersonation: 0, 'own-identity': 0 });
    // The monitor signs what it sends, so the vehicle ignores nothing of it.
    expect(sim.vehicle.stats.ignored).toBe(0);
  });

  it('stays up when a key holder sends a frame at 2^48-1, counts it future, and starts cleanly after', async () => {
    const key = keyFromPassphrase(PASSPHRASE);
    const port = await freeUdpPort();
    const dataDir = tempDir('sigil-monitor-');
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    // --require-signing: it signs its heartbeats, so the clock is in use.
    const args = ['--json', '--no-record', '--data-dir', dataDir, '--passphrase', PASSPHRASE];
    args.push('--require-signing');
    const running = sigil('monitor', `udpin:127.0.0.1:${port}`, '--duration', '2', ...args);
    const peer = await udpSender(port);
    cleanup.push(peer.close);
    // Until the monitor listens, datagrams are lost: keep sending for a while.
    for (let seq = 0; seq < 10; seq++) {
      await peer.send(signedHeartbeat(key, wallClockTimestamp(), { seq }));
      await peer.send(signedHeartbeat(key, 2 ** 48 - 1, { seq }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { code, err, out } = await running;
    expect(err).toBe('');
    expect(code).toBe(0);
    const last = JSON.parse(out.trim().split('\n').at(-1)!) as MonitorLine;
    expect(last.link.stats.verdicts.ok).toBeGreaterThan(0);
    expect(last.link.stats.verdicts.future).toBeGreaterThan(0);
    expect(last.signing.localTimestamp).toBeLessThan(wallClockTimestamp() + 6_000_000);
    expect(last.signing.clock).toMatchObject({ state: 'ok', held: 0 });

    const again = await sigil('monitor', `udpin:127.0.0.1:${port}`, '--duration', '0.5', ...args);
    expect(again.code).toBe(0);
    expect(again.err).toBe('');
    const line = JSON.parse(again.out.trim().split('\n').at(-1)!) as MonitorLine;
    expect(line.signing.clock).toMatchObject({ state: 'ok', start: 'restored' });
  });

  it('tracks no more vehicles than --max-vehicles', async () => {
    const key = keyFromPassphrase(PASSPHRASE);
    const port = await freeUdpPort();
    const args = ['--json', '--no-record', '--data-dir', tempDir('sigil-monitor-')];
    args.push('--max-vehicles', '1');
    const running = sigil('monitor', `udpin:127.0.0.1:${port}`, '--duration', '1.5', ...args);
    const peer = await udpSender(port);
    cleanup.push(peer.close);
    // Until the monitor listens, datagrams are lost: keep sending for a while.
    for (let seq = 0; seq < 8; seq++) {
      for (const sysid of [1, 2]) {
        await peer.send(signedHeartbeat(key, wallClockTimestamp(), { sysid, seq }));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { code, out } = await running;
    expect(code).toBe(0);
    const last = JSON.parse(out.trim().split('\n').at(-1)!) as MonitorLine;
    expect(last.vehicles.map((v) => v.sysid)).toEqual([1]);
  });

  it("prints the signing clock's trouble in its text report", async () => {
    const dataDir = tempDir('sigil-monitor-');
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    writeFileSync(join(dataDir, 'signing-timestamp.json'), 'garbage');
    const port = await freeUdpPort();
    const { code, out, err } = await sigil(
      'monitor',
      `udpin:127.0.0.1:${port}`,
      '--duration',
      '0.5',
      '--no-record',
      '--data-dir',
      dataDir,
    );
    expect(code).toBe(0);
    expect(err).toContain('the signing clock could not be read');
    expect(out).toContain('  SIGNING CLOCK UNPROVEN: the signing clock could not be read (');
    expect(out).toContain(' future 0 ');
  });
});

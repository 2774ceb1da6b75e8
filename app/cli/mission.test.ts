// `sigil mission` in-process against the simulated vehicle over UDP on
// loopback, with real files.

import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimAt } from '../../main/core/testing/gcs-and-sim';
import { freeUdpPort } from '../../main/testing/ports';
import { tempDir } from '../../main/testing/temp-dir';
import { keyFromPassphrase } from '../../main/signing/key';
import type { RunningSim } from '../../main/sim/run-sim';
import { run } from './main';
import { captureIo } from './testing/captured-io';

const PASSPHRASE = 'mission test passphrase';
const fixture = (name: string) =>
  readFileSync(join(__dirname, '../../main/vehicle/fixtures', name), 'utf8');

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function sigil(...args: string[]) {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** A sim sending to a free port, a folder for files and data; returns what `sigil mission` takes. */
async function setup(options: { signed?: boolean } = {}) {
  const port = await freeUdpPort();
  const key = options.signed ? { key: keyFromPassphrase(PASSPHRASE) } : {};
  const sim: RunningSim = await startSimAt(`udpout:127.0.0.1:${port}`, key);
  cleanup.push(() => sim.stop());
  const dir = tempDir('sigil-mission-cli-');
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const signing = options.signed ? ['--passphrase', PASSPHRASE, '--require-signing'] : [];
  const common = [...signing, '--data-dir', join(dir, 'data'), '--no-record'];
  return { sim, dir, connection: `udpin:127.0.0.1:${port}`, common };
}

describe('sigil mission', () => {
  it('uploads a .plan and downloads it again unchanged, signed', async () => {
    const { sim, dir, connection, common } = await setup({ signed: true });
    const file = join(dir, 'survey.plan');
    writeFileSync(file, fixture('survey.plan'));
    const up = await sigil('mission', 'upload', connection, file, ...common);
    expect(up.err).toMatch(/^mission upload 7\/7$/m);
    expect(up.err).toMatch(/^fence upload 6\/6$/m);
    expect(up.code).toBe(0);
    expect(JSON.parse(up.out)).toEqual({
      vehicle: { sysid: 1, compid: 1 },
      file,
      format: 'qgc-plan',
      plans: { mission: { items: 7 }, fence: { items: 6 }, rally: { items: 2 } },
    });
    expect(sim.vehicle.signingCounts.ok).toBeGreaterThan(15);

    const copy = join(dir, 'copy.plan');
    const down = await sigil('mission', 'download', connection, copy, ...common);
    expect(down.code).toBe(0);
    expect(down.err).toMatch(/^rally download 2\/2$/m);
    // The fixture names QGroundControl as its author; ours says Sigil, and only that differs.
    expect(readFileSync(copy, 'utf8')).toBe(
      fixture('survey.plan').replace('"QGroundControl"', '"Sigil"'),
    );
  });

  it('uploads and downloads a .waypoints mission', async () => {
    const { dir, connection, common } = await setup();
    const file = join(dir, 'route.waypoints');
    writeFileSync(file, fixture('mission.waypoints'));
    expect((await sigil('mission', 'upload', connection, file, ...common)).code).toBe(0);
    const copy = join(dir, 'copy.waypoints');
    const down = await sigil('mission', 'download', connection, copy, ...common);
    expect(JSON.parse(down.out).plans).toEqual({ mission: { items: 7 } });
    // Item 0 comes back as the vehicle's home, not flagged current.
    expect(readFileSync(copy, 'utf8')).toBe(
      fixture('mission.waypoints').replace('0\t1\t0\t16', '0\t0\t0\t16'),
    );
  });

  it('uploads only the plans asked for, and clears them', async () => {
    const { sim, dir, connection, common } = await setup();
    const file = join(dir, 'survey.plan');
    writeFileSync(file, fixture('survey.plan'));
    const up = await sigil(
      'mission',
      'upload',
      connection,
      file,
      '--type',
      'fence,rally',
      ...common,
    );
    expect(JSON.parse(up.out).plans).toEqual({ fence: { items: 6 }, rally: { items: 2 } });
    expect(sim.vehicle.missions.server.plan('mission')).toHaveLength(1);
    const clear = await sigil('mission', 'clear', connection, '--type', 'rally', ...common);
    expect(clear.code).toBe(0);
    expect(JSON.parse(clear.out)).toEqual({ vehicle: { sysid: 1, compid: 1 }, cleared: ['rally'] });
    expect(sim.vehicle.missions.server.plan('rally')).toEqual([]);
    expect(sim.vehicle.missions.server.plan('fence')).toHaveLength(6);
  });

  it('exits 1 with the reason when the vehicle refuses', async () => {
    const { dir, connection, common } = await setup();
    const file = join(dir, 'many.waypoints');
    const points = Array.from(
      { length: 21 },
      (_, i) => `${i}\t0\t3\t5100\t0\t0\t0\t0\t-35.36\t149.16\t${20 + i}\t1`,
    );
    writeFileSync(file, ['QGC WPL 110', ...points, ''].join('\n'));
    const result = await sigil('mission', 'upload', connection, file, ...common);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toBe(
      'rally upload 0/21\n' +
        'sigil mission: the vehicle refused the rally points upload: the plan has more items than it can store (MAV_MISSION_NO_SPACE)\n',
    );
  });

  it('says so when no vehicle is heard', async () => {
    const port = await freeUdpPort();
    const dir = tempDir('sigil-mission-cli-');
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const result = await sigil(
      'mission',
      'clear',
      `udpin:127.0.0.1:${port}`,
      '--wait',
      '0.5',
      '--data-dir',
      dir,
      '--no-record',
    );
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `sigil mission: no vehicle heard on udpin:127.0.0.1:${port} within 0.5 s\n`,
    );
  });

  it('refuses bad usage before connecting', async () => {
    const cases: [string[], string][] = [
      [['mission', 'fly', 'udpin:127.0.0.1:1'], "expected download, upload or clear, not 'fly'"],
      [['mission', 'upload', 'udpin:127.0.0.1:1'], 'mission upload needs a FILE'],
      [['mission', 'download', 'udpin:127.0.0.1:1', 'x.kml'], 'x.kml: name the file .plan'],
      [
        ['mission', 'download', 'udpin:127.0.0.1:1', 'x.waypoints', '--type', 'mission,fence'],
        'a .waypoints file holds one plan',
      ],
      [
        ['mission', 'clear', 'udpin:127.0.0.1:1', '--type', 'fences'],
        "--type must be mission, fence or rally, not 'fences'",
      ],
      [
        ['mission', 'clear', 'udpin:127.0.0.1:1', '--require-signing'],
        '--require-signing needs --key or --passphrase',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await sigil(...args);
      expect(result.code).toBe(2);
      expect(result.err).toContain(message);
    }
  });

  it('has help', async () => {
    const result = await sigil('mission', '--help');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Usage: sigil mission download CONNECTION FILE/);
  });
});

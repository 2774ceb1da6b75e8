// `sigil monitor` restarted on a data folder whose signing clock cannot be
// read or written, against a signed simulated vehicle over UDP on
// loopback. The vehicle's clock runs ten minutes ahead, and each monitor
// run takes it up: a restart that fell back to the wall clock would reuse
// timestamps, which the vehicle would count as replays. Each case must
// reuse nothing, show its state, and name the file and the reason.

import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'vitest';
import { freeUdpPort } from '../../main/testing/ports';
import { startSimAt } from '../../main/core/testing/gcs-and-sim';
import { tempDir } from '../../main/testing/temp-dir';
import { keyFromPassphrase } from '../../main/signing/key';
import type { ClockHealth } from '../../main/signing/persistent-clock';
import { STALE_WINDOW, wallClockTimestamp } from '../../main/signing/timestamp';
import { STATE_FILE } from '../../main/sim/state-store';
import type { RunningSim } from '../../main/sim/run-sim';
import { makeReadOnly } from '../../main/testing/read-only';
import { run } from './main';
import { captureIo } from './testing/captured-io';

const PASSPHRASE = 'monitor clock test';
const KEY = keyFromPassphrase(PASSPHRASE);

// The cases run side by side, so each cleans up after itself.
type Cleanup = TestContext['onTestFinished'];

/** A signed sim whose clock stands ten minutes ahead, sending to a free port. */
async function vehicleAhead(cleanup: Cleanup): Promise<{ sim: RunningSim; port: number }> {
  const stateDir = tempDir('sigil-monitor-clock-sim-');
  cleanup(() => rm(stateDir, { recursive: true, force: true }));
  writeFileSync(
    join(stateDir, STATE_FILE),
    JSON.stringify({
      version: 1,
      key: KEY.exportHex(),
      timestamp: wallClockTimestamp() + 10 * STALE_WINDOW,
    }),
  );
  const port = await freeUdpPort();
  const sim = await startSimAt(`udpout:127.0.0.1:${port}`, { stateDir });
  cleanup(() => sim.stop());
  return { sim, port };
}

interface Line {
  signing: { clock: ClockHealth };
}

/** One monitor run; returns its report lines, its stderr, and the sim's verdicts on it. */
async function monitor(port: number, dataDir: string, sim: RunningSim) {
  const before = { ...sim.vehicle.signingCounts };
  const io = captureIo();
  const code = await run(
    [
      'monitor',
      `udpin:127.0.0.1:${port}`,
      '--json',
      '--duration',
      '2.5',
      '--no-record',
      '--data-dir',
      dataDir,
      '--passphrase',
      PASSPHRASE,
      '--require-signing',
    ],
    io,
  );
  const lines = io
    .out()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
  const after = sim.vehicle.signingCounts;
  return {
    code,
    err: io.err(),
    clock: lines.map((l) => l.signing.clock),
    accepted: after.ok - before.ok,
    replays: after.replay - before.replay,
  };
}

function dataFolder(cleanup: Cleanup): string {
  const dir = tempDir('sigil-monitor-clock-');
  cleanup(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const unreadable: [string, (file: string) => void, string][] = [
  ['corrupt', (file) => writeFileSync(file, '{"version":2,"times'), 'not JSON'],
  ['empty', (file) => writeFileSync(file, ''), 'empty'],
  [
    'of another version',
    (file) => writeFileSync(file, '{"version":3,"timestamp":1}'),
    'version 3 is not one this Sigil reads',
  ],
  [
    'negative',
    (file) => writeFileSync(file, '{"version":1,"lastTimestamp":-1}'),
    '-1 is not a timestamp (0 to 281474976710655)',
  ],
  ['a directory', (file) => mkdirSync(file), 'cannot read: EISDIR'],
];

describe('sigil monitor restarted with a signing clock it cannot read', () => {
  it.concurrent.for(unreadable)(
    'when it is %s: holds until the vehicle proves the clock, reuses nothing, says why',
    { timeout: 20_000 },
    async ([, damage, reason], { expect, onTestFinished }) => {
      const { sim, port } = await vehicleAhead(onTestFinished);
      const dataDir = dataFolder(onTestFinished);
      const first = await monitor(port, dataDir, sim);
      expect(first.code).toBe(0);
      expect(first.accepted).toBeGreaterThan(0);

      for (const name of ['signing-timestamp.json', 'signing-timestamp.alt.json']) {
        await rm(join(dataDir, name), { recursive: true, force: true });
      }
      const file = join(dataDir, 'signing-timestamp.json');
      damage(file);

      const second = await monitor(port, dataDir, sim);
      expect(second.code).toBe(0);
      expect(second.err).toContain(
        `sigil monitor: the signing clock could not be read (${file}: ${reason}): ` +
          'signed frames are held until a signed frame from a vehicle is accepted\n',
      );
      expect(second.clock.every((c) => c.start === 'unreadable')).toBe(true);
      expect(second.replays).toBe(0);
      expect(second.accepted).toBeGreaterThan(0);
      expect(second.clock.at(-1)).toMatchObject({ state: 'ok' });
    },
  );
});

describe.concurrent('sigil monitor with a signing clock it cannot write', () => {
  it('in a read-only data folder: sends nothing signed, says why, and reuses nothing after', async (context) => {
    const { expect } = context;
    const { sim, port } = await vehicleAhead(context.onTestFinished);
    const dataDir = dataFolder(context.onTestFinished);
    expect((await monitor(port, dataDir, sim)).accepted).toBeGreaterThan(0);

    const readOnly = makeReadOnly(dataDir);
    if (readOnly === null) return context.skip('no way to make a folder read-only here');
    context.onTestFinished(readOnly.restore);
    const stuck = await monitor(port, dataDir, sim);
    expect(stuck.code).toBe(0);
    expect(stuck.err).toMatch(
      new RegExp(
        `sigil monitor: the signing clock cannot be saved \\(${dataDir}/signing-timestamp(\\.alt)?\\.json: cannot write: E[A-Z]+\\)`,
      ),
    );
    expect(stuck.clock.at(-1)).toMatchObject({ state: 'unsaved', holding: true });
    expect(stuck.clock.at(-1)!.held).toBeGreaterThan(0);
    expect(stuck.accepted).toBe(0);

    readOnly.restore();
    const after = await monitor(port, dataDir, sim);
    expect(after.replays).toBe(0);
    expect(after.accepted).toBeGreaterThan(0);
  }, 20_000);

  it('in a data folder that does not exist, with --no-record: creates it owner-only and reuses nothing', async ({
    expect,
    onTestFinished,
  }) => {
    const { sim, port } = await vehicleAhead(onTestFinished);
    const dataDir = join(dataFolder(onTestFinished), 'absent');
    const first = await monitor(port, dataDir, sim);
    expect(first.err).toBe('');
    expect(first.clock.at(-1)).toMatchObject({ state: 'ok', start: 'new' });
    if (process.platform !== 'win32') expect(statSync(dataDir).mode & 0o777).toBe(0o700);

    const second = await monitor(port, dataDir, sim);
    expect(second.clock.at(-1)).toMatchObject({ state: 'ok', start: 'restored' });
    expect(second.replays).toBe(0);
    expect(second.accepted).toBeGreaterThan(0);
  }, 20_000);
});

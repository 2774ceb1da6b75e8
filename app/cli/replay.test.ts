// `sigil replay` in-process: a signed capture of the simulated vehicle sent
// back at a GCS that enforces signing is rejected there as a replay.

import { copyFileSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freeUdpPort } from '../../main/testing/ports';
import { startGcs, startSimAt } from '../../main/core/testing/gcs-and-sim';
import { tempDir } from '../../main/testing/temp-dir';
import { waitFor } from '../../main/testing/wait-for';
import { createCodec } from '../../main/mavlink/ardupilotmega';
import { FrameParser } from '../../main/mavlink/parser';
import { keyFromPassphrase } from '../../main/signing/key';
import { run } from './main';
import { captureIo } from './testing/captured-io';

const key = keyFromPassphrase('replay test passphrase');

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function scratchDir(): string {
  const dir = tempDir('sigil-replay-');
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function sigil(...args: string[]) {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** The signed frames of the vehicle (system 1) in a tlog. */
function vehicleFramesIn(path: string): number {
  let count = 0;
  const parser = new FrameParser(
    createCodec(),
    (frame) => {
      if (frame.sysid === 1 && frame.signed) count++;
    },
    'tlog',
  );
  parser.push(readFileSync(path));
  parser.end();
  return count;
}

/**
 * A GCS that requires signing, hearing a keyed sim and recording it with
 * signatures kept; the capture is copied once it holds `frames` vehicle frames.
 */
async function signedCapture(frames: number) {
  const gcs = await startGcs({ keepSignatures: true });
  cleanup.push(() => gcs.close());
  gcs.setKey(key);
  const port = await freeUdpPort();
  const live = gcs.openLink(`udpin:127.0.0.1:${port}`, { sign: true, require: true });
  const sim = await startSimAt(`udpout:127.0.0.1:${port}`, { key });
  cleanup.push(() => sim.stop());
  await waitFor('signed traffic', () => live.stats().verdicts.ok >= frames);
  await gcs.recorder!.flush();
  const capture = join(scratchDir(), 'signed.tlog');
  // A copy: the recorder goes on appending to its own file.
  copyFileSync(gcs.recorder!.path, capture);
  return { gcs, capture };
}

describe('sigil replay', () => {
  it('has a signed capture rejected as replay by a GCS link that requires signing', async () => {
    const { gcs, capture } = await signedCapture(60);
    const vehicleFrames = vehicleFramesIn(capture);
    expect(vehicleFrames).toBeGreaterThanOrEqual(60);
    const port = await freeUdpPort();
    const target = gcs.openLink(`udpin:127.0.0.1:${port}`, { require: true });
    await waitFor('the target link', () => target.state.status === 'connected');

    const { code, out, err } = await sigil(
      'replay',
      capture,
      '--to',
      `udpout:127.0.0.1:${port}`,
      '--rate',
      '0',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(out) as { sent: number; dropped: number; frames: number };
    expect(summary).toEqual({ sent: summary.frames, dropped: 0, frames: summary.frames });
    expect(summary.frames).toBeGreaterThan(vehicleFrames);
    await waitFor('the replays counted', () => target.stats().verdicts.replay >= vehicleFrames);
    expect(target.stats().verdicts.replay).toBe(vehicleFrames);
  });

  it('exits 1 saying the file was not found', async () => {
    const missing = join(scratchDir(), 'missing.tlog');
    const port = await freeUdpPort();
    const { code, err } = await sigil('replay', missing, '--to', `udpout:127.0.0.1:${port}`);
    expect(code).toBe(1);
    expect(err).toBe(`sigil replay: file not found: ${missing}\n`);
  });

  it('exits 2 when --to is a tlog file', async () => {
    const { code, err } = await sigil('replay', 'capture.tlog', '--to', 'tlog:x');
    expect(code).toBe(2);
    expect(err).toContain('--to must be a link, not a tlog file');
  });
});

// `sigil sim`: its usage errors in-process, and the real command in a child
// process sending to a UDP socket of the test on loopback.

import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/testing/temp-dir';
import { waitFor } from '../../main/testing/wait-for';
import { createCodec } from '../../main/mavlink/ardupilotmega';
import { MAV_AUTOPILOT, MAV_TYPE } from '../../main/mavlink/dialect';
import { FrameParser } from '../../main/mavlink/parser';
import { STATE_FILE } from '../../main/sim/state-store';
import { run } from './main';
import { captureIo } from './testing/captured-io';

const codec = createCodec();
const SIGIL = fileURLToPath(new URL('../../bin/sigil.mjs', import.meta.url));

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function sigil(...args: string[]) {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

interface Heard {
  name: string | undefined;
  sysid: number;
  compid: number;
  fields: Record<string, unknown>;
}

/** A UDP socket on loopback playing the GCS that `--udp` sends to. */
async function listener(): Promise<{ socket: Socket; port: number; heard: Heard[] }> {
  const socket = createSocket('udp4');
  const heard: Heard[] = [];
  const parser = new FrameParser(codec, (frame) =>
    heard.push({
      name: frame.def?.name,
      sysid: frame.sysid,
      compid: frame.compid,
      fields: codec.decode(frame) ?? {},
    }),
  );
  socket.on('message', (data) => parser.push(data));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { socket, port: socket.address().port, heard };
}

interface Child {
  process: ChildProcess;
  out: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnSigil(args: string[]): Child {
  const child = spawn(process.execPath, [SIGIL, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (data: Buffer) => (out += data.toString()));
  child.stderr!.on('data', (data: Buffer) => (out += data.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exit;
  });
  return { process: child, out: () => out, exit };
}

describe('sigil sim', () => {
  it('prints its usage with --help and exits 0', async () => {
    const { code, out } = await sigil('sim', '--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: sigil sim \(--udp HOST:PORT/);
  });

  it('exits 2 when no link is chosen', async () => {
    const { code, err } = await sigil('sim');
    expect(code).toBe(2);
    expect(err).toContain('choose a link: --udp HOST:PORT, --tcp-listen PORT or --serial PATH');
  });

  it('exits 2 when two links are chosen', async () => {
    const { code, err } = await sigil('sim', '--udp', '127.0.0.1:14550', '--tcp-listen', '5760');
    expect(code).toBe(2);
    expect(err).toContain('choose one link, not --udp and --tcp-listen');
  });

  it('exits 2 on a --udp address that is not HOST:PORT', async () => {
    const { code, err } = await sigil('sim', '--udp', '127.0.0.1');
    expect(code).toBe(2);
    expect(err).toContain("--udp: expected HOST:PORT in 'udpout:127.0.0.1'");
  });

  it('exits 2 on a system id out of range', async () => {
    const { code, err } = await sigil('sim', '--udp', '127.0.0.1:14550', '--sysid', '0');
    expect(code).toBe(2);
    expect(err).toContain("--sysid must be a whole number from 1 to 255, not '0'");
  });

  it('exits 2 on --baud without --serial', async () => {
    const { code, err } = await sigil('sim', '--udp', '127.0.0.1:14550', '--baud', '57600');
    expect(code).toBe(2);
    expect(err).toContain('--baud goes with --serial');
  });

  it('exits 2 on a --reboot-after that is not a number of seconds', async () => {
    const { code, err } = await sigil('sim', '--udp', '127.0.0.1:14550', '--reboot-after', 'soon');
    expect(code).toBe(2);
    expect(err).toContain("--reboot-after must be a number of seconds from 0 to 86400, not 'soon'");
  });

  it('reboots once after --reboot-after seconds, says so, and goes on sending heartbeats', async () => {
    const gcs = await listener();
    const stateDir = tempDir('sigil-cli-sim-');
    cleanup.push(() => rm(stateDir, { recursive: true, force: true }));
    const child = spawnSigil([
      'sim',
      '--udp',
      `127.0.0.1:${gcs.port}`,
      '--state-dir',
      stateDir,
      '--reboot-after',
      '0.5',
    ]);
    await waitFor('the reboot', () => child.out().includes('sigil sim: rebooting\n'));
    const beats = gcs.heard.filter((h) => h.name === 'HEARTBEAT').length;
    await waitFor('the boot', () => child.out().includes('sigil sim: booted, streams forgotten\n'));
    await waitFor(
      'heartbeats again',
      () => gcs.heard.filter((h) => h.name === 'HEARTBEAT').length > beats,
    );
    expect(child.out().match(/rebooting/g)).toHaveLength(1);
    child.process.kill('SIGTERM');
    expect(await child.exit).toEqual({ code: 0, signal: null });
  });

  it('sends heartbeats of an ArduCopter quad to --udp, and on SIGTERM saves its state and exits 0', async () => {
    const gcs = await listener();
    const stateDir = tempDir('sigil-cli-sim-');
    cleanup.push(() => rm(stateDir, { recursive: true, force: true }));
    const child = spawnSigil(['sim', '--udp', `127.0.0.1:${gcs.port}`, '--state-dir', stateDir]);
    const beat = await waitFor('a HEARTBEAT from the child', () =>
      gcs.heard.find((h) => h.name === 'HEARTBEAT'),
    );
    expect(beat).toMatchObject({ sysid: 1, compid: 1 });
    expect(beat.fields).toMatchObject({
      type: MAV_TYPE.MAV_TYPE_QUADROTOR,
      autopilot: MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA,
    });
    await waitFor('the start line', () => child.out().includes('signing off'));

    child.process.kill('SIGTERM');
    expect(await child.exit).toEqual({ code: 0, signal: null });
    expect(child.out()).toContain(`stopped, state saved to ${join(stateDir, STATE_FILE)}`);
    expect(existsSync(join(stateDir, STATE_FILE))).toBe(true);
  });
});

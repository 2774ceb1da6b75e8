import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { MAV_CMD, MAV_RESULT } from '../mavlink/dialect';
import { FrameParser } from '../mavlink/parser';
import type { SerialBinding } from '../../native/serial';
import { createTransport } from '../links/create-transport';
import { keyFromPassphrase } from '../signing/key';
import { startSim, serialParamPacing, type RunningSim } from './run-sim';
import { STATE_FILE } from './state-store';

const codec = createCodec();
const noSerial: SerialBinding = {
  list: () => Promise.resolve([]),
  open: () => Promise.reject(new Error('no serial ports in this test')),
};

interface Heard {
  name: string | undefined;
  fields: Record<string, unknown>;
  signed: boolean;
}

/** A UDP socket on loopback standing in for a GCS listening on 14550. */
async function listeningGcs(): Promise<{ socket: Socket; port: number; heard: Heard[] }> {
  const socket = createSocket('udp4');
  const heard: Heard[] = [];
  const parser = new FrameParser(codec, (frame) =>
    heard.push({
      name: frame.def?.name,
      fields: codec.decode(frame) ?? {},
      signed: frame.signed,
    }),
  );
  socket.on('message', (data) => parser.push(data));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, port: socket.address().port, heard };
}

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simTo(port: number, stateDir?: string): Promise<RunningSim> {
  const transport = createTransport({ kind: 'udpout', host: '127.0.0.1', port }, noSerial);
  const sim = await startSim({
    transport,
    ...(stateDir === undefined ? {} : { stateDir, key: keyFromPassphrase('run-sim') }),
  });
  cleanups.push(() => sim.stop());
  return sim;
}

describe('startSim', () => {
  it('sends heartbeats to a GCS over udpout and answers its commands', async () => {
    const gcs = await listeningGcs();
    cleanups.push(() => new Promise<void>((resolve) => gcs.socket.close(() => resolve())));
    await simTo(gcs.port);
    await waitFor(() => gcs.heard.some((h) => h.name === 'HEARTBEAT'));

    const command = codec.encodeFrame(
      codec.byName('COMMAND_LONG')!,
      { target_system: 1, target_component: 1, command: MAV_CMD.MAV_CMD_DO_SET_SERVO },
      { version: 2, seq: 0, sysid: 255, compid: 190 },
    );
    // udpout hears replies on the port it sends from.
    const simPort = await new Promise<number>((resolve) => {
      gcs.socket.once('message', (_data, rinfo) => resolve(rinfo.port));
    });
    gcs.socket.send(command, simPort, '127.0.0.1');
    await waitFor(() => gcs.heard.some((h) => h.name === 'COMMAND_ACK'));
    const ack = gcs.heard.find((h) => h.name === 'COMMAND_ACK')!;
    expect(ack.fields).toMatchObject({
      command: MAV_CMD.MAV_CMD_DO_SET_SERVO,
      result: MAV_RESULT.MAV_RESULT_UNSUPPORTED,
    });
  });

  it('saves its state when stopped', async () => {
    const gcs = await listeningGcs();
    cleanups.push(() => new Promise<void>((resolve) => gcs.socket.close(() => resolve())));
    const stateDir = mkdtempSync(join(tmpdir(), 'sigil-run-sim-'));
    const sim = await simTo(gcs.port, stateDir);
    await waitFor(() => gcs.heard.some((h) => h.name === 'HEARTBEAT'));
    expect(gcs.heard.find((h) => h.name === 'HEARTBEAT')!.signed).toBe(true);
    await sim.stop();
    await sim.stop();
    expect(existsSync(join(stateDir, STATE_FILE))).toBe(true);
    expect(sim.vehicle.stats.stateErrors).toBe(0);
  });

  it('paces the parameter list to what a serial link carries', () => {
    expect(serialParamPacing(57600)).toEqual({ burst: 2, intervalMs: 50 });
    expect(serialParamPacing(921600)).toEqual({ burst: 46, intervalMs: 50 });
    expect(serialParamPacing(9600)).toEqual({ burst: 1, intervalMs: 50 });
  });
});

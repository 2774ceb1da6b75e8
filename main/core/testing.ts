// Helpers for tests that run the GCS against the simulated vehicle over
// real sockets and ttys on this machine.

import { testSealer } from '../storage/testing';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSerialBinding } from '../../native/serial';
import { createCodec } from '../mavlink/ardupilotmega';
import { INCOMPAT_SIGNED } from '../mavlink/frame';
import { parseConnection } from '../links/connection';
import { createTransport } from '../links/create-transport';
import { FrameMac } from '../signing/frame-mac';
import type { SigningKey } from '../signing/key';
import { signFrame } from '../signing/sign';
import { startSim, type RunningSim } from '../sim/run-sim';
import { Gcs, type GcsOptions } from './gcs';
export { freeTcpPort, freeUdpPort } from '../testing/ports';

export function tempDir(prefix = 'sigil-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export /** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
async function waitFor<T>(
  what: string,
  check: () => T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startGcs(options: Partial<GcsOptions> = {}): Promise<Gcs> {
  return Gcs.start({ dataDir: tempDir('sigil-gcs-'), serial: createSerialBinding(), ...options });
}

export async function startSimAt(
  connection: string,
  options: { key?: SigningKey; stateDir?: string; sysid?: number } = {},
): Promise<RunningSim> {
  return startSim({
    transport: createTransport(parseConnection(connection), createSerialBinding()),
    gpsFixDelayMs: 0,
    stateDir: options.stateDir ?? tempDir('sigil-sim-'),
    sealer: testSealer,
    ...(options.key ? { key: options.key } : {}),
    sysid: options.sysid ?? 1,
  });
}

const codec = createCodec();

export interface SignedFrameOptions {
  sysid?: number;
  compid?: number;
  linkId?: number;
  seq?: number;
}

/** A HEARTBEAT (of a quadrotor running ArduPilot) signed with `key` at `timestamp`. */
export function signedHeartbeat(
  key: SigningKey,
  timestamp: number,
  options: SignedFrameOptions = {},
): Uint8Array {
  const frame = codec.encodeFrame(
    codec.byName('HEARTBEAT')!,
    { type: 2, autopilot: 3, base_mode: 0, custom_mode: 0, system_status: 3, mavlink_version: 3 },
    {
      version: 2,
      seq: options.seq ?? 0,
      sysid: options.sysid ?? 1,
      compid: options.compid ?? 1,
      incompatFlags: INCOMPAT_SIGNED,
    },
  );
  signFrame(new FrameMac(key), frame, 0, frame.length, options.linkId ?? 0, timestamp);
  return frame;
}

/** A UDP socket on loopback that sends datagrams to `port`; close it when done. */
export async function udpSender(port: number) {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    send: (bytes: Uint8Array) =>
      new Promise<void>((resolve, reject) =>
        socket.send(bytes, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
      ),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

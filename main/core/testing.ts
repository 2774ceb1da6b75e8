// Helpers for tests that run the GCS against the simulated vehicle over
// real sockets and ttys on this machine.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSerialBinding } from '../../native/serial';
import { parseConnection } from '../links/connection';
import { createTransport } from '../links/create-transport';
import type { SigningKey } from '../signing/key';
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
    ...(options.key ? { key: options.key } : {}),
    sysid: options.sysid ?? 1,
  });
}

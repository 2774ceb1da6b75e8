// The GCS and the simulated vehicle, each started on its own temporary data
// folder, for tests that run them against each other over real sockets and
// ttys on this machine.

import { createSerialBinding } from '../../../native/serial';
import { parseConnection } from '../../links/connection';
import { createTransport } from '../../links/create-transport';
import type { SigningKey } from '../../signing/key';
import { startSim, type RunningSim } from '../../sim/run-sim';
import { testSealer } from '../../storage/testing/sealer';
import { tempDir } from '../../testing/temp-dir';
import { Gcs, type GcsOptions } from '../gcs';

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

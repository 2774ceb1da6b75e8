// Mission transfers over loopback UDP: a 500-item mission uploaded to the
// simulated vehicle and downloaded again, with signing on (the GCS's link
// requires it, the vehicle signs and verifies) and off, so the cost of
// signing shows. The vehicle runs in this process on its own UDP socket:
// the figure is the protocol's round trips (one request, one item) plus
// both sides' encoding, signing and verifying, items per second each way,
// and the CPU time both sides spend per item (steadier than the rate on a
// busy machine, and where the cost of signing shows).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gcs } from '../main/core/gcs';
import { createTransport } from '../main/links/create-transport';
import { NO_SERIAL } from '../main/links/serial';
import { MAV_CMD, MAV_FRAME } from '../main/mavlink/dialect';
import { keyFromPassphrase } from '../main/signing/key';
import { startSim } from '../main/sim/run-sim';
import { freeUdpPort } from '../main/testing/ports';
import { itemWith, type MissionItem } from '../main/vehicle/mission-items';

export interface Direction {
  /** Items per second, the best round. */
  upload: number;
  download: number;
  /** CPU time (both sides, this process) per item, microseconds, the best round. */
  uploadCpuUs: number;
  downloadCpuUs: number;
}

export interface MissionFigures {
  items: number;
  rounds: number;
  signed: Direction;
  unsigned: Direction;
}

const ITEMS = 500;
const PASSPHRASE = 'sigil mission bench';

function mission(count: number): MissionItem[] {
  return Array.from({ length: count }, (_, i) =>
    itemWith({
      frame: i === 0 ? MAV_FRAME.MAV_FRAME_GLOBAL : MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT,
      command: i === 1 ? MAV_CMD.MAV_CMD_NAV_TAKEOFF : MAV_CMD.MAV_CMD_NAV_WAYPOINT,
      param4: NaN,
      x: -353632621 + (i % 50) * 1000,
      y: 1491652374 + Math.floor(i / 50) * 1000,
      z: 20 + (i % 7),
    }),
  );
}

async function measure(signed: boolean, rounds: number): Promise<Direction> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sigil-bench-mission-'));
  const key = keyFromPassphrase(PASSPHRASE);
  const gcs = await Gcs.start({ dataDir, record: false });
  const port = await freeUdpPort();
  if (signed) gcs.setKey(key);
  gcs.openLink(`udpin:127.0.0.1:${port}`, { sign: signed, require: signed });
  const sim = await startSim({
    transport: createTransport({ kind: 'udpout', host: '127.0.0.1', port }, NO_SERIAL),
    stateDir: join(dataDir, 'sim'),
    gpsFixDelayMs: 0,
    ...(signed ? { key } : {}),
  });
  try {
    const deadline = Date.now() + 10_000;
    let entry = gcs.router.find(1, 1);
    while (entry === undefined) {
      if (Date.now() > deadline) throw new Error('the simulated vehicle was not heard');
      await new Promise((r) => setTimeout(r, 20));
      entry = gcs.router.find(1, 1);
    }
    const vehicle = entry.vehicle;
    const items = mission(ITEMS);
    // One round first, untimed, so the code is warm in both runs alike.
    await vehicle.missions.upload('mission', items);
    await vehicle.missions.download('mission');
    const figures: Direction = {
      upload: 0,
      download: 0,
      uploadCpuUs: Infinity,
      downloadCpuUs: Infinity,
    };
    const timed = async (run: () => Promise<unknown>) => {
      const cpu = process.cpuUsage();
      const start = performance.now();
      await run();
      const used = process.cpuUsage(cpu);
      return {
        perSecond: ITEMS / ((performance.now() - start) / 1000),
        cpuUs: (used.user + used.system) / ITEMS,
      };
    };
    for (let round = 0; round < rounds; round++) {
      const up = await timed(() => vehicle.missions.upload('mission', items));
      figures.upload = Math.max(figures.upload, up.perSecond);
      figures.uploadCpuUs = Math.min(figures.uploadCpuUs, up.cpuUs);
      const down = await timed(async () => {
        const got = await vehicle.missions.download('mission');
        if (got.length !== ITEMS) throw new Error(`downloaded ${got.length} items, not ${ITEMS}`);
      });
      figures.download = Math.max(figures.download, down.perSecond);
      figures.downloadCpuUs = Math.min(figures.downloadCpuUs, down.cpuUs);
    }
    if (signed && sim.vehicle.stats.ignored > 0)
      throw new Error(`the vehicle ignored ${sim.vehicle.stats.ignored} frames`);
    return figures;
  } finally {
    await sim.stop();
    await gcs.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchMission(options: { rounds?: number } = {}): Promise<MissionFigures> {
  const rounds = options.rounds ?? 5;
  const unsigned = await measure(false, rounds);
  const signed = await measure(true, rounds);
  return { items: ITEMS, rounds, signed, unsigned };
}

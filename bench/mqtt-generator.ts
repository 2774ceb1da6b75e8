// The MQTT benchmark's fleet: N vehicles, each sending signed telemetry at
// a fixed frame rate, published as bridges publish it (one frame per
// message, QoS 0, on mavlink/NETWORK/SYSID/1/from, each vehicle on its own
// connection as each would be behind its own bridge). It runs in its own
// process (bench/mqtt-host.ts starts it):
//
//   node bin/run-ts.mjs bench/mqtt-generator.ts --port PORT --passphrase P
//        [--vehicles 20] [--rate 50] [--seconds 10] [--network bench]
//
// Each frame's signing timestamp is the time it is published (10 µs units),
// so the receiver reads its latency from the frame itself. Prints
// `{"ready":true}` once connected, and when done
// `{"sent":N,"seconds":S,"cpuPercent":P}`.

import { parseArgs } from 'node:util';
import { connectAsync } from 'mqtt';
import { createCodec } from '../main/mavlink/ardupilotmega';
import { INCOMPAT_SIGNED } from '../main/mavlink/frame';
import { fromTopic } from '../main/links/mqtt-topics';
import { FrameMac } from '../main/signing/frame-mac';
import { keyFromPassphrase } from '../main/signing/key';
import { signFrame } from '../main/signing/sign';
import { SIGNING_EPOCH_MS } from '../main/signing/timestamp';
import { option } from './generator-options';

const BATCH_MS = 5;
const LINK_ID = 0;
/** Per 50 frames: what a vehicle streams most, and one heartbeat. */
const CYCLE = [
  ...Array<string>(20).fill('ATTITUDE'),
  ...Array<string>(12).fill('GLOBAL_POSITION_INT'),
  ...Array<string>(10).fill('VFR_HUD'),
  ...Array<string>(7).fill('SYS_STATUS'),
  'HEARTBEAT',
];

/** Wall-clock time in signing units (10 µs), finer than Date.now (bench/mqtt.ts reads it so too). */
function preciseTimestamp(): number {
  return Math.floor((performance.timeOrigin + performance.now() - SIGNING_EPOCH_MS) * 100);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      vehicles: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      passphrase: { type: 'string' },
      network: { type: 'string' },
    },
  });
  const port = option(values, 'port', NaN);
  const vehicles = option(values, 'vehicles', 20);
  const rate = option(values, 'rate', 50);
  const seconds = option(values, 'seconds', 10);
  const network = values.network ?? 'bench';
  if (values.passphrase === undefined) throw new Error('--passphrase is required');
  if (vehicles > 255) throw new Error('one network holds at most 255 vehicles');
  const mac = new FrameMac(keyFromPassphrase(values.passphrase));
  const codec = createCodec();
  const defs = CYCLE.map((name) => codec.byName(name)!);
  const topics = Array.from({ length: vehicles }, (_, i) => fromTopic(network, i + 1, 1));
  const fieldsOf = (name: string, ms: number): Record<string, unknown> => {
    const t = ms / 1000;
    switch (name) {
      case 'HEARTBEAT':
        return { type: 2, autopilot: 3, base_mode: 217, custom_mode: 4, system_status: 4 };
      case 'ATTITUDE':
        return { time_boot_ms: ms >>> 0, roll: Math.sin(t) * 0.2, pitch: 0.1, yaw: t % 3 };
      case 'GLOBAL_POSITION_INT':
        return { time_boot_ms: ms >>> 0, lat: -353632621, lon: 1491652374, relative_alt: 20000 };
      case 'VFR_HUD':
        return { groundspeed: 3, heading: 90, throttle: 45, alt: 604 };
      default:
        return { voltage_battery: 16_000, battery_remaining: 90 };
    }
  };

  // One connection per vehicle, as one bridge per radio would have.
  const clients = await Promise.all(
    Array.from({ length: vehicles }, () =>
      connectAsync({ host: '127.0.0.1', port, protocolVersion: 5, reconnectPeriod: 0 }),
    ),
  );
  let last = 0;
  const sent = { total: 0 };
  const frameOf = (vehicle: number, index: number, ms: number): Buffer => {
    const def = defs[index % defs.length]!;
    const frame = codec.encodeFrame(def, fieldsOf(def.name, ms), {
      version: 2,
      seq: index & 0xff,
      sysid: vehicle + 1,
      compid: 1,
      incompatFlags: INCOMPAT_SIGNED,
    });
    // Strictly growing: one stream per vehicle, each frame newer than the last.
    last = Math.max(last + 1, preciseTimestamp());
    signFrame(mac, frame, 0, frame.length, LINK_ID, last);
    return Buffer.from(frame.buffer, frame.byteOffset, frame.length);
  };

  const perVehicle = Math.round(rate * seconds);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  let index = 0;
  await new Promise<void>((resolve) => {
    const batch = () => {
      const now = performance.now();
      const due = Math.min(perVehicle, Math.floor(((now - start) * rate) / 1000));
      for (; index < due; index++) {
        for (let v = 0; v < vehicles; v++) {
          clients[v]!.publish(topics[v]!, frameOf(v, index, now - start), { qos: 0 });
          sent.total++;
        }
      }
      if (index >= perVehicle) resolve();
      else setTimeout(batch, BATCH_MS);
    };
    batch();
  });
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  await Promise.all(clients.map((client) => client.endAsync()));
  process.stdout.write(
    JSON.stringify({
      sent: sent.total,
      seconds: elapsedMs / 1000,
      cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100,
    }) + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`mqtt-generator: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 1;
});

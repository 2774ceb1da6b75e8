// The load benchmark's traffic source: a vehicle-like stream of signed
// MAVLink 2 telemetry at a fixed frame rate over UDP. It runs in its own
// process (bench/load.ts starts it) so that its CPU does not count against
// the core being measured:
//
//   node bin/run-ts.mjs bench/load-generator.ts --port PORT --passphrase P
//        [--host 127.0.0.1] [--rate 10000] [--seconds 30]
//
// Prints `{"ready":true}` once its socket is bound (it starts sending at
// once), and when done one line
// `{"sent":N,"datagrams":N,"sendErrors":N,"bytes":N,"seconds":S,"cpuPercent":P}`.

import { createSocket } from 'node:dgram';
import { parseArgs } from 'node:util';
import { createCodec } from '../main/mavlink/ardupilotmega';
import type { MessageDef } from '../main/mavlink/definition';
import { INCOMPAT_SIGNED } from '../main/mavlink/frame';
import { SigningClock } from '../main/signing/clock';
import { FrameMac } from '../main/signing/frame-mac';
import { keyFromPassphrase } from '../main/signing/key';
import { Signer } from '../main/signing/sign';
import { option } from './generator-options';

/** A batch goes out every 5 ms: 50 frames at 10,000 per second. */
const BATCH_MS = 5;
/**
 * Frames are packed into datagrams up to this size, as mavlink-router and
 * telemetry bridges pack them: well under a 1500-byte Ethernet MTU.
 */
const MAX_DATAGRAM = 1200;
const SYSID = 1;
const COMPID = 1;
const LINK_ID = 0;

type Fields = Record<string, unknown>;

/**
 * Per 100 frames, about what an ArduCopter streams to a GCS at high rates:
 * attitude and IMU most, position and HUD next, status now and then.
 */
const MIX: readonly [string, number][] = [
  ['ATTITUDE', 30],
  ['RAW_IMU', 15],
  ['GLOBAL_POSITION_INT', 15],
  ['VFR_HUD', 10],
  ['SERVO_OUTPUT_RAW', 8],
  ['GPS_RAW_INT', 6],
  ['SYS_STATUS', 5],
  ['RC_CHANNELS', 4],
  ['BATTERY_STATUS', 4],
  ['HEARTBEAT', 2],
  ['SYSTEM_TIME', 1],
];

/** The mix spread evenly over a cycle of 100, so every batch carries a bit of everything. */
function cycleOf(mix: readonly [string, number][]): string[] {
  const slots: { name: string; at: number }[] = [];
  for (const [name, count] of mix) {
    for (let i = 0; i < count; i++) slots.push({ name, at: (i + 0.5) / count });
  }
  return slots.sort((a, b) => a.at - b.at).map((s) => s.name);
}

/** Field values that move with time, so the receiver decodes real numbers. */
function fieldsOf(name: string, ms: number): Fields {
  const t = ms / 1000;
  const bootMs = Math.floor(ms) >>> 0;
  const lat = -353632621 + Math.round(Math.sin(t / 20) * 2000);
  const lon = 1491652374 + Math.round(Math.cos(t / 20) * 2000);
  switch (name) {
    case 'HEARTBEAT':
      return { type: 2, autopilot: 3, base_mode: 217, custom_mode: 4, system_status: 4 };
    case 'ATTITUDE':
      return {
        time_boot_ms: bootMs,
        roll: Math.sin(t) * 0.2,
        pitch: Math.cos(t) * 0.1,
        yaw: (t % 6.28) - 3.14,
        rollspeed: Math.cos(t) * 0.2,
        pitchspeed: -Math.sin(t) * 0.1,
        yawspeed: 0.05,
      };
    case 'RAW_IMU':
      return {
        time_usec: BigInt(Math.floor(ms * 1000)),
        xacc: Math.round(Math.sin(t * 7) * 30),
        yacc: Math.round(Math.cos(t * 5) * 30),
        zacc: -1000 + Math.round(Math.sin(t * 3) * 20),
        xgyro: Math.round(Math.sin(t) * 50),
        ygyro: Math.round(Math.cos(t) * 50),
        zgyro: 3,
        xmag: 210,
        ymag: -80,
        zmag: 400,
        temperature: 4200,
      };
    case 'GLOBAL_POSITION_INT':
      return {
        time_boot_ms: bootMs,
        lat,
        lon,
        alt: 604_000 + Math.round(Math.sin(t / 5) * 500),
        relative_alt: 20_000 + Math.round(Math.sin(t / 5) * 500),
        vx: Math.round(Math.cos(t / 20) * 300),
        vy: Math.round(-Math.sin(t / 20) * 300),
        vz: -10,
        hdg: Math.round(((t * 3) % 360) * 100),
      };
    case 'VFR_HUD':
      return {
        airspeed: 3 + Math.sin(t),
        groundspeed: 3 + Math.cos(t),
        heading: Math.round((t * 3) % 360),
        throttle: 45,
        alt: 604 + Math.sin(t / 5) * 0.5,
        climb: Math.cos(t / 5) * 0.1,
      };
    case 'SERVO_OUTPUT_RAW':
      return {
        time_usec: Math.floor(ms * 1000) >>> 0,
        servo1_raw: 1500 + Math.round(Math.sin(t * 9) * 40),
        servo2_raw: 1500 + Math.round(Math.cos(t * 9) * 40),
        servo3_raw: 1500 - Math.round(Math.sin(t * 9) * 40),
        servo4_raw: 1500 - Math.round(Math.cos(t * 9) * 40),
      };
    case 'GPS_RAW_INT':
      return {
        time_usec: BigInt(Math.floor(ms * 1000)),
        fix_type: 3,
        lat,
        lon,
        alt: 604_000,
        eph: 121,
        epv: 200,
        vel: 300,
        cog: Math.round(((t * 3) % 360) * 100),
        satellites_visible: 10,
      };
    case 'SYS_STATUS':
      return {
        onboard_control_sensors_present: 0x1263fc0f,
        onboard_control_sensors_enabled: 0x1263fc0f,
        onboard_control_sensors_health: 0x1263fc0f,
        load: 250,
        voltage_battery: 12_400 - Math.floor(t * 2),
        current_battery: 1500,
        battery_remaining: 80,
      };
    case 'RC_CHANNELS':
      return {
        time_boot_ms: bootMs,
        chancount: 8,
        chan1_raw: 1500,
        chan2_raw: 1500,
        chan3_raw: 1400,
        chan4_raw: 1500,
        chan5_raw: 1100,
        chan6_raw: 1000,
        chan7_raw: 1000,
        chan8_raw: 1000,
        rssi: 255,
      };
    case 'BATTERY_STATUS':
      return {
        id: 0,
        battery_function: 0,
        type: 1,
        temperature: 32_767,
        voltages: [4130, 4130, 4140, 65_535, 65_535, 65_535, 65_535, 65_535, 65_535, 65_535],
        current_battery: 1500,
        current_consumed: Math.floor(t * 4),
        energy_consumed: -1,
        battery_remaining: 80,
      };
    case 'SYSTEM_TIME':
      return { time_unix_usec: BigInt(Date.now()) * 1000n, time_boot_ms: bootMs };
    default:
      throw new Error(`no fields for ${name}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      passphrase: { type: 'string' },
    },
  });
  const host = values.host ?? '127.0.0.1';
  const port = option(values, 'port', NaN);
  const rate = option(values, 'rate', 10_000);
  const seconds = option(values, 'seconds', 30);
  if (values.passphrase === undefined) throw new Error('--passphrase is required');
  const total = Math.round(rate * seconds);

  const codec = createCodec();
  const signer = new Signer(
    new FrameMac(keyFromPassphrase(values.passphrase)),
    LINK_ID,
    new SigningClock(),
  );
  const cycle = cycleOf(MIX).map((name) => {
    const def = codec.byName(name);
    if (def === undefined) throw new Error(`the dialect has no ${name}`);
    return def;
  });

  const socket = createSocket('udp4');
  // What the GCS sends back (its heartbeat, stream requests) is of no interest here.
  socket.on('message', () => {});
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));

  let sent = 0;
  let datagrams = 0;
  let bytes = 0;
  let sendErrors = 0;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const onSent = (error: Error | null) => {
    if (error) sendErrors++;
    if (--inFlight === 0) drained?.();
  };
  const send = (frames: Uint8Array[]) => {
    const datagram = Buffer.concat(frames);
    inFlight++;
    datagrams++;
    bytes += datagram.length;
    socket.send(datagram, port, host, onSent);
  };

  const frameAt = (index: number, ms: number): Uint8Array => {
    const def: MessageDef = cycle[index % cycle.length]!;
    const frame = codec.encodeFrame(def, fieldsOf(def.name, ms), {
      version: 2,
      seq: index & 0xff,
      sysid: SYSID,
      compid: COMPID,
      incompatFlags: INCOMPAT_SIGNED,
    });
    signer.sign(frame);
    return frame;
  };

  const cpuStart = process.cpuUsage();
  const start = performance.now();
  process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  // Each batch sends what is due by now, so a late timer catches up rather than losing rate.
  await new Promise<void>((resolve) => {
    const batch = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * rate) / 1000));
      let pending: Uint8Array[] = [];
      let size = 0;
      for (; sent < due; sent++) {
        const frame = frameAt(sent, now - start);
        if (size + frame.length > MAX_DATAGRAM) {
          send(pending);
          pending = [];
          size = 0;
        }
        pending.push(frame);
        size += frame.length;
      }
      if (pending.length > 0) send(pending);
      if (sent >= total) resolve();
      else setTimeout(batch, BATCH_MS);
    };
    batch();
  });
  if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  process.stdout.write(
    JSON.stringify({
      sent,
      datagrams,
      sendErrors,
      bytes,
      seconds: elapsedMs / 1000,
      cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100,
    }) + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`load-generator: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 1;
});

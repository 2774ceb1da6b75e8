// The flood benchmark's attacker: unsigned HEARTBEATs of made-up vehicles,
// each from a different (sysid, compid), one per datagram, at a fixed rate
// over UDP. It runs in its own process (bench/flood.ts starts it):
//
//   node bin/run-ts.mjs bench/flood-generator.ts --port PORT
//        [--host 127.0.0.1] [--count 20000] [--rate 4200]
//
// System ids run from 2 to 251 (never 1, the real vehicle's, nor 255, the
// GCS's), then the component id moves on. It counts what comes back to it.
// Prints `{"ready":true}` once bound, then
// `{"sent":N,"sendErrors":N,"framesBack":N,"bytesBack":N,"seconds":S}`.

import { createSocket } from 'node:dgram';
import { parseArgs } from 'node:util';
import { createCodec } from '../main/mavlink/ardupilotmega';
import { MAV_AUTOPILOT, MAV_TYPE } from '../main/mavlink/dialect/enums';
import { FrameParser } from '../main/mavlink/parser';
import { option } from './generator-options';

const BATCH_MS = 5;
/** After the last frame, how long to keep counting what comes back. */
const LINGER_MS = 500;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      count: { type: 'string' },
      rate: { type: 'string' },
    },
  });
  const host = values.host ?? '127.0.0.1';
  const port = option(values, 'port', NaN);
  const count = option(values, 'count', 20_000);
  const rate = option(values, 'rate', 4_200);

  const codec = createCodec();
  const heartbeat = codec.byName('HEARTBEAT')!;
  const frameOf = (i: number) =>
    codec.encodeFrame(
      heartbeat,
      {
        type: MAV_TYPE.MAV_TYPE_QUADROTOR,
        autopilot: MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA,
        system_status: 4,
        mavlink_version: 3,
      },
      { version: 2, seq: i & 0xff, sysid: 2 + (i % 250), compid: Math.floor(i / 250) % 256 },
    );

  let framesBack = 0;
  let bytesBack = 0;
  const parser = new FrameParser(codec, () => framesBack++);
  const socket = createSocket('udp4');
  socket.on('message', (data: Buffer) => {
    bytesBack += data.length;
    parser.push(data);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));

  let sent = 0;
  let sendErrors = 0;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const onSent = (error: Error | null) => {
    if (error) sendErrors++;
    if (--inFlight === 0) drained?.();
  };

  const start = performance.now();
  process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  await new Promise<void>((resolve) => {
    const batch = () => {
      const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000));
      for (; sent < due; sent++) {
        inFlight++;
        socket.send(frameOf(sent), port, host, onSent);
      }
      if (sent >= count) resolve();
      else setTimeout(batch, BATCH_MS);
    };
    batch();
  });
  if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
  const seconds = (performance.now() - start) / 1000;
  await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  process.stdout.write(JSON.stringify({ sent, sendErrors, framesBack, bytesBack, seconds }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`flood-generator: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 1;
});

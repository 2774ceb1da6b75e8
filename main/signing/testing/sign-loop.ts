// A child process for the persistence test: signs HEARTBEAT frames in a
// loop with a persisted clock and prints each timestamp it used, one per
// line, until it is killed. Every iteration also accepts a peer timestamp
// a little ahead, so the clock runs far ahead of the wall clock, which is
// what a restart must not fall back below.
//
//   node --import tsx main/signing/testing/sign-loop.ts STORE_PATH

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createCodec } from '../../mavlink/ardupilotmega';
import { INCOMPAT_SIGNED } from '../../mavlink/frame';
import { FrameMac } from '../frame-mac';
import { keyFromPassphrase } from '../key';
import { Signer } from '../sign';
import { readTimestamp } from '../timestamp';
import { PersistentClock } from '../persistent-clock';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: sign-loop.ts STORE_PATH');

const codec = createCodec();
const heartbeat = codec.byName('HEARTBEAT')!;
const persistent = await PersistentClock.open(path, { saveIntervalMs: 100 });
const signer = new Signer(new FrameMac(keyFromPassphrase('sign-loop')), 1, persistent.clock);

for (let seq = 0; ; seq++) {
  persistent.clock.accept(persistent.clock.highest + 5_000);
  const frame = codec.encodeFrame(
    heartbeat,
    { type: 6, autopilot: 8, mavlink_version: 3 },
    { version: 2, seq, sysid: 255, compid: 190, incompatFlags: INCOMPAT_SIGNED },
  );
  signer.sign(frame);
  process.stdout.write(`${readTimestamp(frame, frame.length - 12)}\n`);
  await yieldToEventLoop();
}

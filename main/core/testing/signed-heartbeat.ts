// A vehicle's HEARTBEAT signed with any key at any timestamp, for tests of
// what the GCS does with frames a key holder (or an impostor) sends.

import { createCodec } from '../../mavlink/ardupilotmega';
import { INCOMPAT_SIGNED } from '../../mavlink/frame';
import { FrameMac } from '../../signing/frame-mac';
import type { SigningKey } from '../../signing/key';
import { signFrame } from '../../signing/sign';

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

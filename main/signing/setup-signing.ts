// SETUP_SIGNING (message 256): puts a key and an initial timestamp on one
// vehicle component, or with an all-zero key and timestamp 0 turns signing
// off there. Never broadcast: a key meant for one vehicle must not reach
// every system on the link.

import type { Codec, FrameHeader } from '../mavlink/codec';
import { KEY_LENGTH, type SigningKey } from './key';
import { isTimestamp } from './timestamp';

export const SETUP_SIGNING_ID = 256;

export interface SetupTarget {
  /** 1..255; 0 (broadcast) is refused. */
  targetSystem: number;
  /** 1..255; 0 (all components) is refused. */
  targetComponent: number;
}

/** The sender's header fields; SETUP_SIGNING exists only in MAVLink 2. */
export type SetupHeader = Omit<FrameHeader, 'version'>;

function checkTarget(target: SetupTarget): void {
  for (const [name, value] of [
    ['target system', target.targetSystem],
    ['target component', target.targetComponent],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 255) {
      throw new RangeError(
        `SETUP_SIGNING needs a ${name} of 1..255 (0 would broadcast the key), not ${value}`,
      );
    }
  }
}

function encode(
  codec: Codec,
  target: SetupTarget,
  keyBytes: Uint8Array,
  initialTimestamp: number,
  header: SetupHeader,
): Uint8Array {
  checkTarget(target);
  const def = codec.byId(SETUP_SIGNING_ID);
  if (def === undefined) throw new Error('the dialect has no SETUP_SIGNING');
  return codec.encodeFrame(
    def,
    {
      target_system: target.targetSystem,
      target_component: target.targetComponent,
      secret_key: Array.from(keyBytes),
      initial_timestamp: BigInt(initialTimestamp),
    },
    { ...header, version: 2 },
  );
}

/** A SETUP_SIGNING frame giving the target `key`, its clock starting at `initialTimestamp`. */
export function setupSigningFrame(
  codec: Codec,
  target: SetupTarget,
  key: SigningKey,
  initialTimestamp: number,
  header: SetupHeader,
): Uint8Array {
  // Zero would make an all-zero key read as "signing off"; a real setup always has a time.
  if (!isTimestamp(initialTimestamp) || initialTimestamp === 0) {
    throw new RangeError(`initial timestamp must be 1..2^48-1, not ${initialTimestamp}`);
  }
  return encode(codec, target, key.exportBytes(), initialTimestamp, header);
}

/** A SETUP_SIGNING frame that turns signing off on the target: all-zero key, timestamp 0. */
export function disableSigningFrame(
  codec: Codec,
  target: SetupTarget,
  header: SetupHeader,
): Uint8Array {
  return encode(codec, target, new Uint8Array(KEY_LENGTH), 0, header);
}

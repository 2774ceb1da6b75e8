// Signing outgoing frames: a pure function that stamps one frame, and the
// per-link Signer that feeds it the link id and the shared clock.

import {
  HEADER_V2,
  INCOMPAT_SIGNED,
  MAGIC_V2,
  SIGNATURE_LENGTH,
  CHECKSUM_LENGTH,
} from '../mavlink/frame';
import { HELD, type SigningClock } from './clock';
import type { FrameMac } from './frame-mac';
import { isTimestamp, writeTimestamp } from './timestamp';

export function isLinkId(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 255;
}

/**
 * Writes link id, timestamp and signature into the 13 bytes reserved at the
 * end of the frame at `frame[offset, offset + length)`. The frame must be
 * MAVLink 2 with INCOMPAT_SIGNED set (its checksum already covers the flag).
 */
export function signFrame(
  mac: FrameMac,
  frame: Uint8Array,
  offset: number,
  length: number,
  linkId: number,
  timestamp: number,
): void {
  if (frame[offset] !== MAGIC_V2) throw new TypeError('only MAVLink 2 frames can be signed');
  if ((frame[offset + 2]! & INCOMPAT_SIGNED) === 0) {
    throw new TypeError('the frame lacks INCOMPAT_SIGNED and room for a signature');
  }
  const expected = HEADER_V2 + frame[offset + 1]! + CHECKSUM_LENGTH + SIGNATURE_LENGTH;
  if (length !== expected || offset + length > frame.length) {
    throw new RangeError(`a signed frame of this payload is ${expected} bytes, not ${length}`);
  }
  if (!isLinkId(linkId)) throw new RangeError(`link id must be 0..255, not ${linkId}`);
  if (!isTimestamp(timestamp)) throw new RangeError(`not a signing timestamp: ${timestamp}`);
  const block = offset + length - SIGNATURE_LENGTH;
  frame[block] = linkId;
  writeTimestamp(frame, block + 1, timestamp);
  mac.write(frame, offset, length);
}

/** Signs everything one link sends: its own link id, timestamps from the GCS-wide clock. */
export class Signer {
  constructor(
    private readonly mac: FrameMac,
    readonly linkId: number,
    private readonly clock: SigningClock,
  ) {
    if (!isLinkId(linkId)) throw new RangeError(`link id must be 0..255, not ${linkId}`);
  }

  /**
   * Signs the frame in place with the clock's next timestamp and returns
   * that timestamp; HELD (the frame untouched) when the clock has none it
   * can stand behind: such a frame must not be sent.
   */
  sign(frame: Uint8Array, offset = 0, length = frame.length - offset): number {
    const timestamp = this.clock.next();
    if (timestamp === HELD) return HELD;
    signFrame(this.mac, frame, offset, length, this.linkId, timestamp);
    return timestamp;
  }
}

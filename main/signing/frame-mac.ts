// The 6-byte signature of a MAVLink 2 frame under one key: the first 6 bytes
// of SHA-256(key || every frame byte from the magic through the signature
// block's timestamp). Writing and checking share one hasher per key.
//
// Frames mostly arrive several to a chunk (a datagram, a serial read, a
// block of a log). When a frame is checked, the signed frames that follow
// it in the same buffer are hashed with it, one per SIMD lane, for about
// the price of one; checking them then finds their digest ready. A digest
// is used only for a frame whose every covered byte equals the bytes it
// was computed from, so nothing the buffer's owner does in between can
// make it wrong: at worst the look-ahead was wasted.

import { HEADER_V2, INCOMPAT_SIGNED, MAGIC_V2, MAX_FRAME_LENGTH } from '../mavlink/frame';
import { CHECKSUM_LENGTH, SIGNATURE_LENGTH } from '../mavlink/frame';
import type { SigningKey } from './key';
import { LANES, PREFIX_LENGTH, PrefixedSha256 } from './sha256';

/** Bytes of the signature proper, at the very end of a signed frame. */
export const MAC_LENGTH = 6;

const MAX_COVERED = MAX_FRAME_LENGTH - MAC_LENGTH;
// Between two frames of a tlog lies an 8-byte record time.
const GAPS = [0, 8] as const;

export class FrameMac {
  private readonly sha: PrefixedSha256;
  // The frames last hashed in lanes: their buffer, offsets and lengths (-1: none).
  private batchBuffer: Uint8Array | null = null;
  private readonly batchOffsets = new Int32Array(LANES).fill(-1);
  private readonly batchLengths = new Int32Array(LANES);

  constructor(key: SigningKey) {
    this.sha = new PrefixedSha256(key.exportBytes(), PREFIX_LENGTH + MAX_COVERED);
  }

  /** Writes the signature of `buffer[offset, offset + length)` into its last 6 bytes. */
  write(buffer: Uint8Array, offset: number, length: number): void {
    const digest = this.hashOne(buffer, offset, length);
    const at = offset + length - MAC_LENGTH;
    for (let i = 0; i < MAC_LENGTH; i++) buffer[at + i] = digest[i]!;
  }

  /** Whether the frame's last 6 bytes are its signature; the comparison takes the same time either way. */
  matches(buffer: Uint8Array, offset: number, length: number): boolean {
    checkLength(length);
    const lane = this.batchLane(buffer, offset, length);
    const digest = lane >= 0 ? this.sha.laneDigests[lane]! : this.hashAhead(buffer, offset, length);
    const at = offset + length - MAC_LENGTH;
    let difference = 0;
    for (let i = 0; i < MAC_LENGTH; i++) difference |= digest[i]! ^ buffer[at + i]!;
    return difference === 0;
  }

  private hashOne(buffer: Uint8Array, offset: number, length: number): Uint8Array {
    checkLength(length);
    const covered = length - MAC_LENGTH;
    copyBytes(this.sha.input, PREFIX_LENGTH, buffer, offset, covered);
    return this.sha.hash(PREFIX_LENGTH + covered);
  }

  /** The lane holding this frame's digest, or -1. */
  private batchLane(buffer: Uint8Array, offset: number, length: number): number {
    if (buffer !== this.batchBuffer) return -1;
    for (let lane = 0; lane < LANES; lane++) {
      if (this.batchOffsets[lane] !== offset || this.batchLengths[lane] !== length) continue;
      const input = this.sha.laneInputs[lane]!;
      return sameBytes(input, PREFIX_LENGTH, buffer, offset, length - MAC_LENGTH) ? lane : -1;
    }
    return -1;
  }

  /** This frame's digest, hashed with the signed frames after it when there are any. */
  private hashAhead(buffer: Uint8Array, offset: number, length: number): Uint8Array {
    const offsets = this.batchOffsets;
    const lengths = this.batchLengths;
    offsets[0] = offset;
    lengths[0] = length;
    let count = 1;
    let next = offset + length;
    while (count < LANES) {
      const found = signedFrameAt(buffer, next);
      if (found === 0) break;
      offsets[count] = found > 0 ? next : next + 8;
      lengths[count] = Math.abs(found);
      next = offsets[count]! + lengths[count]!;
      count++;
    }
    if (count === 1) {
      offsets[0] = -1;
      this.batchBuffer = null;
      return this.hashOne(buffer, offset, length);
    }
    for (let lane = count; lane < LANES; lane++) {
      offsets[lane] = -1;
      lengths[lane] = MAC_LENGTH; // hashes the key alone
    }
    for (let lane = 0; lane < count; lane++) {
      const covered = lengths[lane]! - MAC_LENGTH;
      copyBytes(this.sha.laneInputs[lane]!, PREFIX_LENGTH, buffer, offsets[lane]!, covered);
    }
    this.batchBuffer = buffer;
    this.sha.hash4(
      PREFIX_LENGTH + lengths[0]! - MAC_LENGTH,
      PREFIX_LENGTH + lengths[1]! - MAC_LENGTH,
      PREFIX_LENGTH + lengths[2]! - MAC_LENGTH,
      PREFIX_LENGTH + lengths[3]! - MAC_LENGTH,
    );
    return this.sha.laneDigests[0]!;
  }
}

// Byte loops, four bytes a turn (twice as fast as one): copying through
// subarray() would allocate a view per frame.

function copyBytes(to: Uint8Array, toAt: number, from: Uint8Array, fromAt: number, n: number) {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    to[toAt + i] = from[fromAt + i]!;
    to[toAt + i + 1] = from[fromAt + i + 1]!;
    to[toAt + i + 2] = from[fromAt + i + 2]!;
    to[toAt + i + 3] = from[fromAt + i + 3]!;
  }
  for (; i < n; i++) to[toAt + i] = from[fromAt + i]!;
}

function sameBytes(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number, n: number): boolean {
  let difference = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    difference |=
      (a[aAt + i]! ^ b[bAt + i]!) |
      (a[aAt + i + 1]! ^ b[bAt + i + 1]!) |
      (a[aAt + i + 2]! ^ b[bAt + i + 2]!) |
      (a[aAt + i + 3]! ^ b[bAt + i + 3]!);
  }
  for (; i < n; i++) difference |= a[aAt + i]! ^ b[bAt + i]!;
  return difference === 0;
}

function checkLength(length: number): void {
  const covered = length - MAC_LENGTH;
  if (covered <= 0 || covered > MAX_COVERED) {
    throw new RangeError(`not a signed frame length: ${length}`);
  }
}

/**
 * What looks like a whole signed MAVLink 2 frame right at `pos` (its length)
 * or a tlog record time later (minus its length); 0 for neither. A guess
 * from the header alone: a wrong one costs a lane, never a verdict.
 */
function signedFrameAt(buffer: Uint8Array, pos: number): number {
  for (let g = 0; g < GAPS.length; g++) {
    const gap = GAPS[g]!;
    const at = pos + gap;
    if (at + HEADER_V2 > buffer.length) return 0;
    if (buffer[at] !== MAGIC_V2 || buffer[at + 2] !== INCOMPAT_SIGNED) continue;
    const length = HEADER_V2 + buffer[at + 1]! + CHECKSUM_LENGTH + SIGNATURE_LENGTH;
    if (at + length > buffer.length) return 0;
    return gap === 0 ? length : -length;
  }
  return 0;
}

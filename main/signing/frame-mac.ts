// The 6-byte signature of a MAVLink 2 frame under one key: the first 6 bytes
// of SHA-256(key || every frame byte from the magic through the signature
// block's timestamp). Writing and checking share one preallocated hasher.

import { MAX_FRAME_LENGTH } from '../mavlink/frame';
import type { SigningKey } from './key';
import { PREFIX_LENGTH, PrefixedSha256 } from './sha256';

/** Bytes of the signature proper, at the very end of a signed frame. */
export const MAC_LENGTH = 6;

export class FrameMac {
  private readonly sha: PrefixedSha256;
  private readonly expected = new Uint8Array(MAC_LENGTH);

  constructor(key: SigningKey) {
    this.sha = new PrefixedSha256(key.exportBytes(), PREFIX_LENGTH + MAX_FRAME_LENGTH - MAC_LENGTH);
  }

  /** Writes the signature of `buffer[offset, offset + length)` into its last 6 bytes. */
  write(buffer: Uint8Array, offset: number, length: number): void {
    this.compute(buffer, offset, length);
    buffer.set(this.expected, offset + length - MAC_LENGTH);
  }

  /** Whether the frame's last 6 bytes are its signature; the comparison takes the same time either way. */
  matches(buffer: Uint8Array, offset: number, length: number): boolean {
    this.compute(buffer, offset, length);
    const expected = this.expected;
    const at = offset + length - MAC_LENGTH;
    let difference = 0;
    for (let i = 0; i < MAC_LENGTH; i++) difference |= expected[i]! ^ buffer[at + i]!;
    return difference === 0;
  }

  private compute(buffer: Uint8Array, offset: number, length: number): void {
    const covered = length - MAC_LENGTH;
    if (covered <= 0 || covered > MAX_FRAME_LENGTH - MAC_LENGTH) {
      throw new RangeError(`not a signed frame length: ${length}`);
    }
    const sha = this.sha;
    const input = sha.input;
    // A byte loop: copying through subarray() would allocate a view per frame.
    for (let i = 0; i < covered; i++) input[PREFIX_LENGTH + i] = buffer[offset + i]!;
    const digest = sha.hash(PREFIX_LENGTH + covered);
    const expected = this.expected;
    const w0 = digest[0]!;
    const w1 = digest[1]!;
    expected[0] = w0 >>> 24;
    expected[1] = (w0 >>> 16) & 0xff;
    expected[2] = (w0 >>> 8) & 0xff;
    expected[3] = w0 & 0xff;
    expected[4] = w1 >>> 24;
    expected[5] = (w1 >>> 16) & 0xff;
  }
}

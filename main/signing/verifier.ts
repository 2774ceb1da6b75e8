// Checking signed frames, with the reference C library's semantics
// (mavlink_signature_check) and one deliberate difference in order: the
// signature is checked before anything else and a bad one changes no state,
// so a forged frame cannot move a stream's timestamp and lock it out.
// One verifier per GCS: its stream table and clock are shared by all links.

import { SIGNATURE_LENGTH, type FrameView } from '../mavlink/frame';
import type { SigningClock } from './clock';
import { FrameMac } from './frame-mac';
import type { SigningKey } from './key';
import { DEFAULT_MAX_STREAMS, NO_STREAM, StreamTable, type StreamInfo } from './stream-table';
import { STALE_WINDOW, readTimestamp } from './timestamp';

/** What became of a signed frame. */
export type SignedVerdict = 'ok' | 'bad-signature' | 'replay' | 'stale' | 'too-many-streams';

export interface VerifierOptions {
  key: SigningKey;
  /** The GCS's signing clock: judged against, and raised by what is accepted. */
  clock: SigningClock;
  /** Streams remembered at most; beyond, new streams are refused. Default 64. */
  maxStreams?: number;
}

export class SignatureVerifier {
  private readonly mac: FrameMac;
  private readonly clock: SigningClock;
  private readonly table: StreamTable;
  // The last signed frame checked; a typed array, so storing a 48-bit
  // timestamp does not box it.
  private readonly last = new Float64Array(2);

  constructor(options: VerifierOptions) {
    this.mac = new FrameMac(options.key);
    this.clock = options.clock;
    this.table = new StreamTable(options.maxStreams ?? DEFAULT_MAX_STREAMS);
  }

  /** Link id of the signed frame checked last (valid after `check`). */
  get lastLinkId(): number {
    return this.last[0]!;
  }

  /** Timestamp of the signed frame checked last (valid after `check`). */
  get lastTimestamp(): number {
    return this.last[1]!;
  }

  /** Checks a signed MAVLink 2 frame and, only if it passes, records it. Allocates nothing. */
  check(frame: FrameView): SignedVerdict {
    const { buffer, offset, length } = frame;
    const block = offset + length - SIGNATURE_LENGTH;
    const linkId = buffer[block]!;
    const timestamp = readTimestamp(buffer, block + 1);
    this.last[0] = linkId;
    this.last[1] = timestamp;

    if (!this.mac.matches(buffer, offset, length)) return 'bad-signature';

    const table = this.table;
    let slot = table.find(frame.sysid, frame.compid, linkId);
    if (slot === NO_STREAM) {
      if (table.full) return 'too-many-streams';
      // A new stream may start at most 60 s behind us: exactly 60 s is still fresh.
      if (timestamp + STALE_WINDOW < this.clock.now()) return 'stale';
      slot = table.add(frame.sysid, frame.compid, linkId);
    } else if (timestamp <= table.lastTimestamp(slot)) {
      return 'replay';
    }
    table.accept(slot, timestamp);
    this.clock.accept(timestamp);
    return 'ok';
  }

  /** The local timestamp new streams are judged against. */
  get localTimestamp(): number {
    return this.clock.now();
  }

  streams(): StreamInfo[] {
    return this.table.snapshot();
  }
}

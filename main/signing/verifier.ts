// Checking signed frames, with the reference C library's semantics
// (mavlink_signature_check) and deliberate differences: the signature is
// checked before anything else and a bad one changes no state, so a forged
// frame cannot move a stream's timestamp and lock it out; a timestamp more
// than a horizon ahead of the reference is refused as `future` and changes
// nothing, so one key holder cannot run the 48-bit clocks out; and a full
// stream table makes room by forgetting a stream too old to be replayed.
// One verifier per GCS and key: its stream table is shared by all links of
// a network. Networks whose system ids are their own (two MQTT networks,
// each with a system 1) each have a table of their own.
// Nothing here throws, whatever the frame holds.

import { SIGNATURE_LENGTH, type FrameView } from '../mavlink/frame';
import type { SigningClock } from './clock';
import { FrameMac } from './frame-mac';
import type { SigningKey } from './key';
import type { ReferenceTime } from './reference';
import { DEFAULT_MAX_STREAMS, NO_STREAM, StreamTable, type StreamInfo } from './stream-table';
import { FUTURE_HORIZON, STALE_WINDOW, readTimestamp } from './timestamp';

/** What became of a signed frame. */
export type SignedVerdict =
  'ok' | 'bad-signature' | 'replay' | 'stale' | 'future' | 'too-many-streams';

export interface VerifierOptions {
  key: SigningKey;
  /** What new streams are judged against; raised by every accepted timestamp. */
  reference: ReferenceTime;
  /** The outgoing signing clock, made to follow the reference (none: nothing is sent). */
  clock?: SigningClock;
  /** Streams remembered at most, per network; beyond, only a quiet stream makes room. Default 64. */
  maxStreams?: number;
  /** How far ahead of the reference a timestamp may be, in timestamp units. Default 24 h. */
  futureHorizon?: number;
}

export class SignatureVerifier {
  readonly futureHorizon: number;
  private readonly mac: FrameMac;
  private readonly reference: ReferenceTime;
  private readonly maxStreams: number;
  private readonly tables = new Map<number, StreamTable>();
  private readonly direct: StreamTable;
  // The last signed frame checked; a typed array, so storing a 48-bit
  // timestamp does not box it.
  private readonly last = new Float64Array(2);

  constructor(options: VerifierOptions) {
    const horizon = options.futureHorizon ?? FUTURE_HORIZON;
    if (!Number.isSafeInteger(horizon) || horizon < 0) {
      throw new RangeError(`the future horizon must be a whole number of units, not ${horizon}`);
    }
    this.futureHorizon = horizon;
    this.mac = new FrameMac(options.key);
    this.reference = options.reference;
    options.clock?.follow(options.reference);
    this.maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
    // Made now: a bad capacity is refused at once, and the direct links' table always exists.
    this.direct = new StreamTable(this.maxStreams);
    this.tables.set(0, this.direct);
  }

  /** Link id of the signed frame checked last (valid after `check`). */
  get lastLinkId(): number {
    return this.last[0]!;
  }

  /** Timestamp of the signed frame checked last (valid after `check`). */
  get lastTimestamp(): number {
    return this.last[1]!;
  }

  /**
   * Checks a signed MAVLink 2 frame and, only if it passes, records it on
   * its stream in `network` (0, the direct links, by default). Allocates
   * nothing once the network's table exists.
   */
  check(frame: FrameView, network = 0): SignedVerdict {
    const { buffer, offset, length } = frame;
    const block = offset + length - SIGNATURE_LENGTH;
    const linkId = buffer[block]!;
    const timestamp = readTimestamp(buffer, block + 1);
    this.last[0] = linkId;
    this.last[1] = timestamp;

    if (!this.mac.matches(buffer, offset, length)) return 'bad-signature';

    if (this.reference.isBeyond(this.last, 1, this.futureHorizon)) return 'future';
    // The direct links' table is a field: no lookup on the usual path (V8's inlining budget, above).
    const table = network === 0 ? this.direct : this.tableOf(network);
    let slot = table.find(frame.sysid, frame.compid, linkId);
    if (slot === NO_STREAM) {
      const reference = this.reference.now();
      // A new stream may start at most 60 s behind us: exactly 60 s is still fresh.
      if (timestamp + STALE_WINDOW < reference) return 'stale';
      if (table.full && !table.evictOlderThan(reference - STALE_WINDOW)) return 'too-many-streams';
      slot = table.add(frame.sysid, frame.compid, linkId);
    } else if (timestamp <= table.lastTimestamp(slot)) {
      return 'replay';
    }
    table.accept(slot, timestamp);
    // From `last`, not as an argument: see ReferenceTime.isBeyond. The
    // clock reads the reference (see SigningClock.follow).
    this.reference.raiseFrom(this.last, 1);
    return 'ok';
  }

  /** The reference new streams are judged against. */
  get localTimestamp(): number {
    return this.reference.now();
  }

  /** Every stream, by network; those of a network other than 0 (the direct links) say which. */
  streams(): (StreamInfo & { readonly network?: number })[] {
    return [...this.tables]
      .sort(([a], [b]) => a - b)
      .flatMap(([network, table]) =>
        network === 0 ? table.snapshot() : table.snapshot().map((s) => ({ ...s, network })),
      );
  }

  private tableOf(network: number): StreamTable {
    let table = this.tables.get(network);
    if (table === undefined) {
      table = new StreamTable(this.maxStreams);
      this.tables.set(network, table);
    }
    return table;
  }
}

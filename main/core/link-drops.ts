// Frames a link drops beside the signing verdicts: frames claiming Sigil's
// own identity (dropped before verification, so a capture of our own signed
// frames sent back opens no stream), and frames that claim a signed
// vehicle's identity without a verified signature (impersonation). Each has
// a counter and a place among the link's recent rejections.

import type { FrameView } from '../mavlink/frame';

export type DropReason = 'impersonation' | 'own-identity';

export const DROP_REASONS: readonly DropReason[] = ['impersonation', 'own-identity'];

export type DropCounts = Record<DropReason, number>;

export function zeroDrops(): DropCounts {
  return { impersonation: 0, 'own-identity': 0 };
}

/** One dropped frame, shaped like a signing rejection so both list together. */
export interface DropRecord {
  readonly verdict: DropReason;
  /** When it was dropped, Unix milliseconds. */
  readonly timeMs: number;
  readonly sysid: number;
  readonly compid: number;
  readonly msgid: number;
}

// Typed columns overwritten in place, as the verifier keeps its rejections:
// a flood of dropped frames allocates nothing.
export class DropRing {
  private readonly reasons: Uint8Array;
  private readonly times: Float64Array;
  private readonly msgids: Uint32Array;
  private readonly ids: Uint8Array;
  private next = 0;
  private size = 0;

  constructor(readonly capacity = 50) {
    this.reasons = new Uint8Array(capacity);
    this.times = new Float64Array(capacity);
    this.msgids = new Uint32Array(capacity);
    this.ids = new Uint8Array(capacity * 2);
  }

  add(reason: DropReason, frame: FrameView, timeMs: number): void {
    const i = this.next;
    this.reasons[i] = DROP_REASONS.indexOf(reason);
    this.times[i] = timeMs;
    this.msgids[i] = frame.msgid;
    this.ids[i * 2] = frame.sysid;
    this.ids[i * 2 + 1] = frame.compid;
    this.next = (i + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Oldest first. */
  list(): DropRecord[] {
    const out: DropRecord[] = [];
    for (let n = 0; n < this.size; n++) {
      const i = (this.next - this.size + n + this.capacity) % this.capacity;
      out.push({
        verdict: DROP_REASONS[this.reasons[i]!]!,
        timeMs: this.times[i]!,
        sysid: this.ids[i * 2]!,
        compid: this.ids[i * 2 + 1]!,
        msgid: this.msgids[i]!,
      });
    }
    return out;
  }
}

// One link's view of verification: its unsigned policy, a counter per
// verdict, and the last rejected frames kept for display. Signed frames go
// to the GCS-wide SignatureVerifier.

import type { FrameView } from '../mavlink/frame';
import type { SignatureVerifier, SignedVerdict } from './verifier';
import { allowsUnsigned, type UnsignedPolicy } from './unsigned-policy';

/**
 * Every outcome. Accepted: `ok` (good signature, fresh timestamp) and
 * `unsigned-allowed` (unsigned, let through by the policy: a listed id
 * under `reject`, any id under `accept`). Rejected: the rest; `unsigned`
 * is an unsigned frame the policy refused.
 */
export type Verdict = SignedVerdict | 'unsigned-allowed' | 'unsigned';

export const VERDICTS: readonly Verdict[] = [
  'ok',
  'unsigned-allowed',
  'bad-signature',
  'replay',
  'stale',
  'future',
  'too-many-streams',
  'unsigned',
];

export function isAccepted(verdict: Verdict): boolean {
  return verdict === 'ok' || verdict === 'unsigned-allowed';
}

export type VerdictCounts = Record<Verdict, number>;

export function zeroCounts(): VerdictCounts {
  return {
    ok: 0,
    'unsigned-allowed': 0,
    'bad-signature': 0,
    replay: 0,
    stale: 0,
    future: 0,
    'too-many-streams': 0,
    unsigned: 0,
  };
}

export interface Rejection {
  readonly verdict: Exclude<Verdict, 'ok' | 'unsigned-allowed'>;
  /** When it was rejected, Unix milliseconds. */
  readonly timeMs: number;
  readonly sysid: number;
  readonly compid: number;
  readonly msgid: number;
  /** For signed frames only. */
  readonly linkId?: number;
  readonly timestamp?: number;
}

type RejectVerdict = Rejection['verdict'];
const REJECT_VERDICTS: readonly RejectVerdict[] = [
  'bad-signature',
  'replay',
  'stale',
  'future',
  'too-many-streams',
  'unsigned',
];

// The last rejections, a ring of typed columns overwritten in place: a
// flood of forged frames costs no allocation (times and timestamps exceed
// 32 bits, and in object fields would be boxed on every write).
class RejectionRing {
  private readonly verdicts: Uint8Array;
  private readonly times: Float64Array;
  private readonly timestamps: Float64Array;
  private readonly msgids: Uint32Array;
  // sysid, compid, link id, signed (0/1): four bytes per entry.
  private readonly ids: Uint8Array;
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.verdicts = new Uint8Array(capacity);
    this.times = new Float64Array(capacity);
    this.timestamps = new Float64Array(capacity);
    this.msgids = new Uint32Array(capacity);
    this.ids = new Uint8Array(capacity * 4);
  }

  // Reads the numbers itself: a 48-bit number passed as an argument would
  // be boxed. (The one allocation left per rejection is Date.now()'s result.)
  add(
    verdict: RejectVerdict,
    frame: FrameView,
    verifier: SignatureVerifier,
    now: () => number,
  ): void {
    const i = this.next;
    this.verdicts[i] = REJECT_VERDICTS.indexOf(verdict);
    this.times[i] = now();
    this.timestamps[i] = verifier.lastTimestamp;
    this.msgids[i] = frame.msgid;
    this.ids[i * 4] = frame.sysid;
    this.ids[i * 4 + 1] = frame.compid;
    this.ids[i * 4 + 2] = verifier.lastLinkId;
    this.ids[i * 4 + 3] = verdict === 'unsigned' ? 0 : 1;
    this.next = (i + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Oldest first. */
  list(): Rejection[] {
    const out: Rejection[] = [];
    for (let n = 0; n < this.size; n++) {
      const i = (this.next - this.size + n + this.capacity) % this.capacity;
      const base = {
        verdict: REJECT_VERDICTS[this.verdicts[i]!]!,
        timeMs: this.times[i]!,
        sysid: this.ids[i * 4]!,
        compid: this.ids[i * 4 + 1]!,
        msgid: this.msgids[i]!,
      };
      out.push(
        this.ids[i * 4 + 3] === 1
          ? { ...base, linkId: this.ids[i * 4 + 2]!, timestamp: this.timestamps[i]! }
          : base,
      );
    }
    return out;
  }
}

export interface LinkVerifierOptions {
  /** Rejected frames kept for display. Default 50. */
  historySize?: number;
  /** Wall clock for rejection times. */
  now?: () => number;
  /** Whose signing streams its frames are checked against (see SignatureVerifier.check). Default 0. */
  network?: number;
}

export class LinkVerifier {
  readonly counts: VerdictCounts = zeroCounts();
  private readonly rejections: RejectionRing;
  private readonly now: () => number;
  private readonly network: number;

  constructor(
    private readonly verifier: SignatureVerifier,
    public policy: UnsignedPolicy,
    options: LinkVerifierOptions = {},
  ) {
    const size = options.historySize ?? 50;
    if (!Number.isInteger(size) || size < 1) throw new RangeError('historySize must be at least 1');
    this.rejections = new RejectionRing(size);
    this.now = options.now ?? Date.now;
    this.network = options.network ?? 0;
  }

  verify(frame: FrameView): Verdict {
    let verdict: Verdict;
    if (frame.version === 2 && frame.signed) {
      verdict = this.verifier.check(frame, this.network);
    } else {
      verdict = allowsUnsigned(this.policy, frame.msgid) ? 'unsigned-allowed' : 'unsigned';
    }
    this.counts[verdict]++;
    if (verdict !== 'ok' && verdict !== 'unsigned-allowed') {
      this.rejections.add(verdict, frame, this.verifier, this.now);
    }
    return verdict;
  }

  /** The kept rejections, oldest first. */
  recentRejections(): Rejection[] {
    return this.rejections.list();
  }
}

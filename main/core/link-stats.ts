// Counters of one link: traffic both ways, per-second rates, and packet loss
// per remote component from gaps in its sequence numbers. Frames count as
// received (`framesIn`, loss, rates) only once they passed verification:
// a replayed or forged frame says nothing about the link's health, and
// counted as a gap it made a healthy link show heavy loss. Refused frames
// have their own counter and rate.

export interface RemoteLoss {
  sysid: number;
  compid: number;
  received: number;
  /** Frames missing from the sequence numbers. */
  lost: number;
}

export interface TrafficRates {
  bytesIn: number;
  bytesOut: number;
  framesIn: number;
  framesOut: number;
}

interface SeqTrack {
  last: number;
  received: number;
  lost: number;
  /** When it was last updated, in updates of the whole table. */
  touched: number;
}

/**
 * Remote components whose loss is tracked. A network has a few (vehicle,
 * radio, gimbal, companion); spoofed identities by the thousand must not
 * grow the table or the snapshot that carries it. When full, the component
 * with the fewest frames (then the least recent) makes room, so the ones
 * heard steadily stay while spoofed ones churn.
 */
export const DEFAULT_MAX_LOSS_SOURCES = 32;

export class LinkCounters {
  bytesIn = 0;
  bytesOut = 0;
  /** Frames that passed verification and went up to the vehicles. */
  framesIn = 0;
  framesOut = 0;
  /** Frames received and refused: by signing, as impersonation, or claiming our identity. */
  framesRejected = 0;
  /** Per second, over the last sampling period. */
  rates: TrafficRates = { bytesIn: 0, bytesOut: 0, framesIn: 0, framesOut: 0 };
  rejectedRate = 0;
  private readonly seqs = new Map<number, SeqTrack>();
  private updates = 0;
  private sampledAt: number;
  private sampled: TrafficRates = { bytesIn: 0, bytesOut: 0, framesIn: 0, framesOut: 0 };
  private sampledRejected = 0;

  constructor(
    now: number,
    private readonly maxLossSources = DEFAULT_MAX_LOSS_SOURCES,
  ) {
    this.sampledAt = now;
  }

  /** Notes a frame's sequence number; a jump forward counts the frames skipped as lost. */
  sequence(sysid: number, compid: number, seq: number): void {
    const key = (sysid << 8) | compid;
    const touched = ++this.updates;
    const track = this.seqs.get(key);
    if (track === undefined) {
      if (this.seqs.size >= this.maxLossSources) this.forgetLeastHeard();
      this.seqs.set(key, { last: seq, received: 1, lost: 0, touched });
      return;
    }
    track.lost += (seq - track.last - 1) & 0xff;
    track.last = seq;
    track.received++;
    track.touched = touched;
  }

  loss(): RemoteLoss[] {
    return [...this.seqs].map(([key, t]) => ({
      sysid: key >> 8,
      compid: key & 0xff,
      received: t.received,
      lost: t.lost,
    }));
  }

  /** Updates `rates` from the counts since the previous call. */
  sample(now: number): void {
    const seconds = (now - this.sampledAt) / 1000;
    if (seconds <= 0) return;
    const prev = this.sampled;
    this.rates = {
      bytesIn: (this.bytesIn - prev.bytesIn) / seconds,
      bytesOut: (this.bytesOut - prev.bytesOut) / seconds,
      framesIn: (this.framesIn - prev.framesIn) / seconds,
      framesOut: (this.framesOut - prev.framesOut) / seconds,
    };
    this.rejectedRate = (this.framesRejected - this.sampledRejected) / seconds;
    this.sampled = {
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      framesIn: this.framesIn,
      framesOut: this.framesOut,
    };
    this.sampledRejected = this.framesRejected;
    this.sampledAt = now;
  }

  private forgetLeastHeard(): void {
    let leastKey: number | undefined;
    let least: SeqTrack | undefined;
    for (const [key, track] of this.seqs) {
      if (
        least === undefined ||
        track.received < least.received ||
        (track.received === least.received && track.touched < least.touched)
      ) {
        least = track;
        leastKey = key;
      }
    }
    if (leastKey !== undefined) this.seqs.delete(leastKey);
  }
}

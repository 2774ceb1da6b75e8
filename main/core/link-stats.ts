// Counters of one link: traffic both ways, per-second rates, and packet loss
// per remote component from gaps in its sequence numbers.

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
}

export class LinkCounters {
  bytesIn = 0;
  bytesOut = 0;
  framesIn = 0;
  framesOut = 0;
  /** Per second, over the last sampling period. */
  rates: TrafficRates = { bytesIn: 0, bytesOut: 0, framesIn: 0, framesOut: 0 };
  private readonly seqs = new Map<number, SeqTrack>();
  private sampledAt: number;
  private sampled: TrafficRates = { bytesIn: 0, bytesOut: 0, framesIn: 0, framesOut: 0 };

  constructor(now: number) {
    this.sampledAt = now;
  }

  /** Notes a frame's sequence number; a jump forward counts the frames skipped as lost. */
  sequence(sysid: number, compid: number, seq: number): void {
    const key = (sysid << 8) | compid;
    const track = this.seqs.get(key);
    if (track === undefined) {
      this.seqs.set(key, { last: seq, received: 1, lost: 0 });
      return;
    }
    track.lost += (seq - track.last - 1) & 0xff;
    track.last = seq;
    track.received++;
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
    this.sampled = {
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      framesIn: this.framesIn,
      framesOut: this.framesOut,
    };
    this.sampledAt = now;
  }
}

// The parameter protocol on the vehicle side: PARAM_REQUEST_LIST streams
// every PARAM_VALUE in paced bursts (a flood would overrun a radio link),
// PARAM_REQUEST_READ answers one, PARAM_SET changes one and echoes it.

import type { PARAM_VALUE } from '../mavlink/dialect';
import type { ParamStore } from './params';

export interface ParamServerOptions {
  /** PARAM_VALUEs per burst while listing. Default 20. */
  burst?: number;
  /** Milliseconds between bursts. Default 25. */
  intervalMs?: number;
  /**
   * Fraction (0..1) of listed PARAM_VALUEs silently left out, so a GCS's
   * re-request path can be tested. Reads and set echoes are never dropped.
   */
  dropRate?: number;
  /** Random source in [0, 1) for dropping; injectable for repeatable tests. */
  random?: () => number;
}

export interface ParamServerStats {
  /** PARAM_VALUEs sent while listing. */
  listed: number;
  /** PARAM_VALUEs the drop hook left out. */
  dropped: number;
  /** PARAM_SETs refused (unknown name, wrong type or out of range). */
  rejectedSets: number;
}

export class ParamServer {
  readonly stats: ParamServerStats = { listed: 0, dropped: 0, rejectedSets: 0 };
  private next = -1;
  private nextBurstMs = 0;
  private readonly burst: number;
  private readonly intervalMs: number;
  private readonly dropRate: number;
  private readonly random: () => number;

  constructor(
    private readonly store: ParamStore,
    private readonly send: (value: PARAM_VALUE) => void,
    options: ParamServerOptions = {},
  ) {
    this.burst = Math.max(1, Math.floor(options.burst ?? 20));
    this.intervalMs = Math.max(0, options.intervalMs ?? 25);
    this.dropRate = Math.min(1, Math.max(0, options.dropRate ?? 0));
    this.random = options.random ?? Math.random;
  }

  /** Whether a list is being streamed. */
  get listing(): boolean {
    return this.next >= 0;
  }

  /** Starts (or restarts) streaming the whole list; the first burst goes at the next tick. */
  requestList(nowMs: number): void {
    this.next = 0;
    this.nextBurstMs = nowMs;
  }

  tick(nowMs: number): void {
    if (this.next < 0 || nowMs < this.nextBurstMs) return;
    const count = this.store.count;
    const end = Math.min(count, this.next + this.burst);
    for (let i = this.next; i < end; i++) {
      if (this.dropRate > 0 && this.random() < this.dropRate) {
        this.stats.dropped++;
        continue;
      }
      this.stats.listed++;
      this.sendIndex(i);
    }
    this.next = end >= count ? -1 : end;
    this.nextBurstMs = nowMs + this.intervalMs;
  }

  /** PARAM_REQUEST_READ: by index when it is 0 or more, else by name. False when there is no such parameter. */
  read(index: number, name: string): boolean {
    const at = index >= 0 ? index : this.store.indexOf(name);
    if (at === undefined || at >= this.store.count) return false;
    this.sendIndex(at);
    return true;
  }

  /**
   * PARAM_SET: changes the value if it is valid, and answers with the value
   * now held either way (a GCS sees a refused set as an unchanged echo).
   * Returns the refusal's reason, or undefined when the value was taken.
   */
  set(name: string, value: number): string | undefined {
    const result = this.store.set(name, value);
    if (result.index !== undefined) this.sendIndex(result.index);
    if (result.ok) return undefined;
    this.stats.rejectedSets++;
    return result.reason;
  }

  private sendIndex(index: number): void {
    const def = this.store.defs[index]!;
    this.send({
      param_id: def.name,
      param_value: this.store.valueAt(index),
      param_type: def.type,
      param_count: this.store.count,
      param_index: index,
    });
  }
}

import { describe, expect, it } from 'vitest';
import type { LinkInfo } from '../../protocol/wire-types';
import {
  advanceHistory,
  emptyHistory,
  HISTORY_SECONDS,
  rebaseHistory,
  REFUSAL_REASONS,
  refusalsOf,
} from './rejections';

function link(
  id: number,
  counts: Partial<LinkInfo['stats']['verdicts']> = {},
  dropped: Partial<LinkInfo['stats']['dropped']> = {},
): LinkInfo {
  return {
    id,
    connection: `udpin:0.0.0.0:${14550 + id}`,
    kind: 'udpin',
    state: { status: 'connected' },
    policy: { sign: true, require: true, allowUnsigned: [] },
    stats: {
      bytesIn: 0,
      bytesOut: 0,
      framesIn: 0,
      framesOut: 0,
      rates: { bytesIn: 0, bytesOut: 0, framesIn: 0, framesOut: 0 },
      parser: { frames: 0, badCrc: 0, unknown: 0, discardedBytes: 0 },
      loss: [],
      framesRejected: 0,
      rejectedRate: 0,
      dropped: { impersonation: 0, 'own-identity': 0, ...dropped },
      verdicts: {
        ok: 0,
        'unsigned-allowed': 0,
        'bad-signature': 0,
        replay: 0,
        stale: 0,
        future: 0,
        'too-many-streams': 0,
        unsigned: 0,
        ...counts,
      },
    },
  };
}

describe('rejections per second', () => {
  it('takes a link’s first counts as its base, not as this second’s rejections', () => {
    let h = advanceHistory(emptyHistory(), 1_000_000, [link(0, { replay: 40 })]);
    h = advanceHistory(h, 1_001_000, [link(0, { replay: 40 })]);
    expect(h.seconds).toEqual([1000]);
    expect(h.series.replay).toEqual([0]);
  });

  it('sums deltas of every link into the second they arrive in', () => {
    let h = advanceHistory(emptyHistory(), 10_000, [link(0), link(1)]);
    h = advanceHistory(h, 10_300, [link(0, { replay: 2 }), link(1, { 'bad-signature': 1 })]);
    h = advanceHistory(h, 10_700, [
      link(0, { replay: 5 }),
      link(1, { 'bad-signature': 1, unsigned: 4 }),
    ]);
    h = advanceHistory(h, 11_100, [
      link(0, { replay: 6 }),
      link(1, { 'bad-signature': 1, unsigned: 4 }),
    ]);
    expect(h.seconds).toEqual([10]);
    expect(h.series.replay).toEqual([5]);
    expect(h.series['bad-signature']).toEqual([1]);
    expect(h.series.unsigned).toEqual([4]);
    // The replay at 11.1 s belongs to second 11, still being summed.
    expect(h.current.replay).toBe(1);
  });

  it('fills seconds without snapshots with zeros', () => {
    let h = advanceHistory(emptyHistory(), 5_000, [link(0)]);
    h = advanceHistory(h, 5_500, [link(0, { stale: 3 })]);
    h = advanceHistory(h, 8_200, [link(0, { stale: 3 })]);
    expect(h.seconds).toEqual([5, 6, 7]);
    expect(h.series.stale).toEqual([3, 0, 0]);
  });

  it('counts from the new value when a counter goes down (the id was reused)', () => {
    let h = advanceHistory(emptyHistory(), 1_000, [link(0, { replay: 10 })]);
    h = advanceHistory(h, 1_500, [link(0, { replay: 2 })]);
    expect(h.current.replay).toBe(2);
  });

  it('keeps a bounded window', () => {
    let h = advanceHistory(emptyHistory(), 0, [link(0)]);
    for (let s = 1; s <= HISTORY_SECONDS + 50; s++)
      h = advanceHistory(h, s * 1000, [link(0, { unsigned: s })]);
    expect(h.seconds.length).toBe(HISTORY_SECONDS);
    expect(h.seconds[h.seconds.length - 1]).toBe(HISTORY_SECONDS + 49);
    expect(h.series.unsigned.length).toBe(HISTORY_SECONDS);
    // A long silence replaces the window rather than growing it.
    h = advanceHistory(h, 10_000_000, [link(0, { unsigned: 1000 })]);
    expect(h.seconds.length).toBe(HISTORY_SECONDS);
    expect(h.seconds[h.seconds.length - 1]).toBe(9_999);
  });

  it('returns the same series arrays while a second is still being summed', () => {
    const h1 = advanceHistory(emptyHistory(), 1_000, [link(0)]);
    const h2 = advanceHistory(h1, 1_200, [link(0)]);
    expect(h2.seconds).toBe(h1.seconds);
    expect(h2.current).toBe(h1.current);
  });

  it('counts the drops beside the signing verdicts', () => {
    let h = advanceHistory(emptyHistory(), 1_000, [link(0)]);
    h = advanceHistory(h, 1_500, [link(0, {}, { impersonation: 3, 'own-identity': 1 })]);
    expect(h.current).toMatchObject({ impersonation: 3, 'own-identity': 1 });
  });

  it('counts a link opened while the page watches from zero, as its counters do', () => {
    let h = advanceHistory(emptyHistory(), 1_000, [link(0)]);
    h = advanceHistory(h, 1_500, [link(0), link(1, { replay: 7 }, { impersonation: 2 })]);
    expect(h.current.replay).toBe(7);
    expect(h.counted).toBe(9);
  });

  it('takes the counters it first sees after a reconnection as the base: no burst', () => {
    let h = advanceHistory(emptyHistory(), 1_000, [link(0, { replay: 5 })]);
    h = advanceHistory(h, 2_100, [link(0, { replay: 8 })]);
    // The core restarted while the page was away and counted 400 since.
    h = rebaseHistory(h);
    h = advanceHistory(h, 9_000, [link(0, { replay: 400 })]);
    h = advanceHistory(h, 10_100, [link(0, { replay: 401 })]);
    expect(h.series.replay.reduce((a, b) => a + b, 0)).toBe(3);
    expect(Math.max(...h.series.replay)).toBe(3);
    expect(h.current.replay).toBe(1);
    expect(h.counted).toBe(4);
  });

  it('keeps counting from when the page first watched, and agrees with the counters of links it saw open', () => {
    let h = advanceHistory(emptyHistory(), 1_000, []);
    const counts = [
      link(0, { 'bad-signature': 2 }),
      link(0, { 'bad-signature': 2, stale: 4 }, { 'own-identity': 1 }),
    ];
    h = advanceHistory(h, 1_200, [counts[0]!]);
    h = advanceHistory(h, 2_500, [counts[1]!]);
    const table = REFUSAL_REASONS.reduce((n, r) => n + refusalsOf(counts[1]!)[r], 0);
    expect(h.counted).toBe(table);
    expect(h.sinceMs).toBe(1_000);
  });
});

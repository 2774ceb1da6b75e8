// Refused frames per second, from the cumulative counters every snapshot
// carries (signing verdicts and drops): the chart on the Signing view plots
// these.
//
// The chart and the counters must agree. The counters count from each
// link's opening, in the core; the chart counts what happened while this
// page watched. So the first snapshot of a session (the page loaded, or
// reconnected to a core that may have restarted and counted meanwhile) is
// the base, never a burst of this second's refusals; a link that opens
// while the page watches started at zero, so all of its counts are new.

import type { LinkInfo, RefusalReason } from '../../protocol/wire-types';

export const REFUSAL_REASONS = [
  'bad-signature',
  'replay',
  'stale',
  'future',
  'too-many-streams',
  'unsigned',
  'impersonation',
  'own-identity',
] as const satisfies readonly RefusalReason[];

export type RefusalCounts = Record<RefusalReason, number>;

/** Seconds kept for the chart. */
export const HISTORY_SECONDS = 300;

export interface RejectionHistory {
  /** Cumulative counts last seen, by link id: the base for the next delta. */
  readonly totals: Readonly<Record<number, RefusalCounts>>;
  /** False until a session's first snapshot has set the base. */
  readonly watching: boolean;
  /** When this page began watching (its first snapshot), null before. */
  readonly sinceMs: number | null;
  /** Refusals counted since `sinceMs`, all reasons and links together. */
  readonly counted: number;
  /** The Unix second being summed, null before the first snapshot. */
  readonly second: number | null;
  readonly current: RefusalCounts;
  /** Finished seconds (Unix seconds), oldest first, one entry per second. */
  readonly seconds: readonly number[];
  readonly series: Readonly<Record<RefusalReason, readonly number[]>>;
}

export function zeroRefusals(): RefusalCounts {
  return {
    'bad-signature': 0,
    replay: 0,
    stale: 0,
    future: 0,
    'too-many-streams': 0,
    unsigned: 0,
    impersonation: 0,
    'own-identity': 0,
  };
}

export function emptyHistory(): RejectionHistory {
  const series = {} as Record<RefusalReason, number[]>;
  for (const r of REFUSAL_REASONS) series[r] = [];
  return {
    totals: {},
    watching: false,
    sinceMs: null,
    counted: 0,
    second: null,
    current: zeroRefusals(),
    seconds: [],
    series,
  };
}

/**
 * The session with the core ended (or is starting over): the next snapshot
 * sets the base again. What the chart shows so far stays.
 */
export function rebaseHistory(history: RejectionHistory): RejectionHistory {
  return history.watching ? { ...history, totals: {}, watching: false } : history;
}

/** A link's refusal counters, as the counters table shows them. */
export function refusalsOf(link: LinkInfo): RefusalCounts {
  const { verdicts: v, dropped: d } = link.stats;
  return {
    'bad-signature': v['bad-signature'],
    replay: v.replay,
    stale: v.stale,
    future: v.future,
    'too-many-streams': v['too-many-streams'],
    unsigned: v.unsigned,
    impersonation: d.impersonation,
    'own-identity': d['own-identity'],
  };
}

/**
 * Folds one snapshot in. The session's first snapshot sets every link's
 * base; later, a link seen for the first time counts from zero, and a
 * counter that went down (a link reopened under the same id) counts from
 * its new value.
 */
export function advanceHistory(
  history: RejectionHistory,
  timeMs: number,
  links: readonly LinkInfo[],
): RejectionHistory {
  const totals: Record<number, RefusalCounts> = {};
  const delta = zeroRefusals();
  let added = 0;
  for (const link of links) {
    const now = refusalsOf(link);
    totals[link.id] = now;
    if (!history.watching) continue;
    const before = history.totals[link.id] ?? zeroRefusals();
    for (const r of REFUSAL_REASONS) {
      const d = now[r] >= before[r] ? now[r] - before[r] : now[r];
      delta[r] += d;
      added += d;
    }
  }
  const watched = {
    totals,
    watching: true,
    sinceMs: history.sinceMs ?? timeMs,
    counted: history.counted + added,
  };
  const second = Math.floor(timeMs / 1000);
  if (history.second === null || second <= history.second) {
    let current = history.current;
    if (added > 0) {
      current = { ...current };
      for (const r of REFUSAL_REASONS) current[r] += delta[r];
    }
    return { ...history, ...watched, current, second: history.second ?? second };
  }
  // Seconds history.second .. second-1 ended: the one summed, then zeros for
  // any gap (at most a window's worth; older ones would fall out anyway).
  // This snapshot's refusals start the new second.
  const seconds = [...history.seconds];
  const series = {} as Record<RefusalReason, number[]>;
  for (const r of REFUSAL_REASONS) series[r] = [...history.series[r]];
  const from = Math.max(history.second, second - HISTORY_SECONDS);
  for (let s = from; s < second; s++) {
    seconds.push(s);
    for (const r of REFUSAL_REASONS) series[r].push(s === history.second ? history.current[r] : 0);
  }
  const extra = seconds.length - HISTORY_SECONDS;
  if (extra > 0) {
    seconds.splice(0, extra);
    for (const r of REFUSAL_REASONS) series[r].splice(0, extra);
  }
  return { ...watched, second, current: delta, seconds, series };
}

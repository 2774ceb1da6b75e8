// Rejections per second, from the cumulative verdict counters every
// snapshot carries: the chart on the Signing view plots these.

import type { LinkInfo } from '../../protocol/wire-types';

export const REJECT_VERDICTS = [
  'bad-signature',
  'replay',
  'stale',
  'future',
  'too-many-streams',
  'unsigned',
] as const;
export type RejectVerdict = (typeof REJECT_VERDICTS)[number];
export type RejectCounts = Record<RejectVerdict, number>;

/** Seconds kept for the chart. */
export const HISTORY_SECONDS = 300;

export interface RejectionHistory {
  /** Cumulative counts last seen, by link id: the base for the next delta. */
  readonly totals: Readonly<Record<number, RejectCounts>>;
  /** The Unix second being summed, null before the first snapshot. */
  readonly second: number | null;
  readonly current: RejectCounts;
  /** Finished seconds (Unix seconds), oldest first, one entry per second. */
  readonly seconds: readonly number[];
  readonly series: Readonly<Record<RejectVerdict, readonly number[]>>;
}

export function zeroRejects(): RejectCounts {
  return { 'bad-signature': 0, replay: 0, stale: 0, future: 0, 'too-many-streams': 0, unsigned: 0 };
}

export function emptyHistory(): RejectionHistory {
  return {
    totals: {},
    second: null,
    current: zeroRejects(),
    seconds: [],
    series: {
      'bad-signature': [],
      replay: [],
      stale: [],
      future: [],
      'too-many-streams': [],
      unsigned: [],
    },
  };
}

function rejectsOf(link: LinkInfo): RejectCounts {
  const v = link.stats.verdicts;
  return {
    'bad-signature': v['bad-signature'],
    replay: v.replay,
    stale: v.stale,
    future: v.future,
    'too-many-streams': v['too-many-streams'],
    unsigned: v.unsigned,
  };
}

/**
 * Folds one snapshot in. A link seen for the first time sets its base (its
 * earlier rejections are not this second's); a counter that went down (a
 * link reopened under the same id) counts from its new value.
 */
export function advanceHistory(
  history: RejectionHistory,
  timeMs: number,
  links: readonly LinkInfo[],
): RejectionHistory {
  const totals: Record<number, RejectCounts> = {};
  const delta = zeroRejects();
  let any = false;
  for (const link of links) {
    const now = rejectsOf(link);
    totals[link.id] = now;
    const before = history.totals[link.id];
    if (before === undefined) continue;
    for (const v of REJECT_VERDICTS) {
      const d = now[v] >= before[v] ? now[v] - before[v] : now[v];
      if (d === 0) continue;
      delta[v] += d;
      any = true;
    }
  }
  const second = Math.floor(timeMs / 1000);
  if (history.second === null || second <= history.second) {
    let current = history.current;
    if (any) {
      current = { ...current };
      for (const v of REJECT_VERDICTS) current[v] += delta[v];
    }
    return { ...history, totals, current, second: history.second ?? second };
  }
  // Seconds history.second .. second-1 ended: the one summed, then zeros for
  // any gap (at most a window's worth; older ones would fall out anyway).
  // This snapshot's rejections start the new second.
  const seconds = [...history.seconds];
  const series = {} as Record<RejectVerdict, number[]>;
  for (const v of REJECT_VERDICTS) series[v] = [...history.series[v]];
  const from = Math.max(history.second, second - HISTORY_SECONDS);
  for (let s = from; s < second; s++) {
    seconds.push(s);
    for (const v of REJECT_VERDICTS) series[v].push(s === history.second ? history.current[v] : 0);
  }
  const extra = seconds.length - HISTORY_SECONDS;
  if (extra > 0) {
    seconds.splice(0, extra);
    for (const v of REJECT_VERDICTS) series[v].splice(0, extra);
  }
  return { totals, second, current: delta, seconds, series };
}

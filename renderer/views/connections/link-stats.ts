import type { LinkInfo, LinkStats, RemoteLoss } from '../../../protocol/wire-types';

/** Frames lost as a percentage of frames expected, over every remote component; null before any. */
export function lossPercent(loss: readonly RemoteLoss[]): number | null {
  let received = 0;
  let lost = 0;
  for (const l of loss) {
    received += l.received;
    lost += l.lost;
  }
  const expected = received + lost;
  return expected === 0 ? null : (lost / expected) * 100;
}

const REFUSALS: readonly [string, (s: LinkStats) => number][] = [
  ['bad signature', (s) => s.verdicts['bad-signature']],
  ['replay', (s) => s.verdicts.replay],
  ['stale', (s) => s.verdicts.stale],
  ['future', (s) => s.verdicts.future],
  ['too many streams', (s) => s.verdicts['too-many-streams']],
  ['unsigned', (s) => s.verdicts.unsigned],
  ['impersonation', (s) => s.dropped.impersonation],
  ['own identity', (s) => s.dropped['own-identity']],
];

/** Why a link's frames were refused, by reason, those with none left out: "replay 3, impersonation 1". */
export function refusedBreakdown(stats: LinkStats): string {
  const parts = REFUSALS.map(([label, count]) => [label, count(stats)] as const)
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${label} ${n}`);
  return parts.length === 0 ? 'none refused' : parts.join(', ');
}

export function stateLabel(state: LinkInfo['state']): string {
  switch (state.status) {
    case 'connecting':
      return 'connecting';
    case 'connected':
      return 'connected';
    case 'error':
      return 'error';
    case 'closed':
      return 'closed';
  }
}

/** One line for the top bar: how many links are up, and whether any has trouble. */
export function linkSummary(links: readonly LinkInfo[]): {
  text: string;
  tone: 'good' | 'warn' | 'bad' | 'none';
} {
  const open = links.filter((l) => l.state.status !== 'closed');
  if (open.length === 0) return { text: 'no links', tone: 'none' };
  const up = open.filter((l) => l.state.status === 'connected').length;
  const failing = open.filter((l) => l.state.status === 'error').length;
  const text =
    `${up} of ${open.length} link${open.length === 1 ? '' : 's'} up` +
    (failing > 0 ? `, ${failing} failing` : '');
  return { text, tone: failing > 0 ? 'bad' : up < open.length ? 'warn' : 'good' };
}

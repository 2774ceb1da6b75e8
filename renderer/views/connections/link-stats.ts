import type { LinkInfo, RemoteLoss } from '../../../protocol/wire-types';

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

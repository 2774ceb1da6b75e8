import { describe, expect, it } from 'vitest';
import type { LinkStats } from '../../../protocol/wire-types';
import { refusedBreakdown } from './link-stats';

function stats(
  verdicts: Partial<LinkStats['verdicts']>,
  dropped: Partial<LinkStats['dropped']>,
): LinkStats {
  return {
    verdicts: {
      ok: 9,
      'unsigned-allowed': 2,
      'bad-signature': 0,
      replay: 0,
      stale: 0,
      future: 0,
      'too-many-streams': 0,
      unsigned: 0,
      ...verdicts,
    },
    dropped: { impersonation: 0, 'own-identity': 0, ...dropped },
  } as LinkStats;
}

describe('refused frames by reason', () => {
  it('lists the signing rejections and the drops that happened, and nothing accepted', () => {
    expect(refusedBreakdown(stats({ replay: 3, future: 1 }, { 'own-identity': 2 }))).toBe(
      'replay 3, future 1, own identity 2',
    );
  });

  it('says when none was refused', () => {
    expect(refusedBreakdown(stats({}, {}))).toBe('none refused');
  });
});

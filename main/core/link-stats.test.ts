import { describe, expect, it } from 'vitest';
import { LinkCounters } from './link-stats';

describe('LinkCounters', () => {
  it('counts the frames skipped in a sequence as lost', () => {
    const counters = new LinkCounters(0);
    for (const seq of [0, 1, 2, 5, 6]) counters.sequence(1, 1, seq);
    expect(counters.loss()).toEqual([{ sysid: 1, compid: 1, received: 5, lost: 2 }]);
  });

  it('keeps the loss of a steadily heard component through a flood of new identities', () => {
    const counters = new LinkCounters(0, 4);
    for (let seq = 0; seq < 10; seq++) counters.sequence(1, 1, seq);
    for (let i = 0; i < 2000; i++) counters.sequence(2 + (i % 250), Math.floor(i / 250), 0);
    const loss = counters.loss();
    expect(loss).toHaveLength(4);
    expect(loss).toContainEqual({ sysid: 1, compid: 1, received: 10, lost: 0 });
  });
});

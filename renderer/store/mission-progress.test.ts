import { describe, expect, it } from 'vitest';
import { setTransferProgress, transferProgressOf } from './mission-progress';

const ONE = { sysid: 1, compid: 1 };
const TWO = { sysid: 2, compid: 1 };

describe('mission transfer progress', () => {
  it('keeps the latest count per vehicle and plan', () => {
    let s = setTransferProgress({ byPlan: {} }, ONE, 'fence', {
      direction: 'upload',
      done: 1,
      total: 5,
    });
    s = setTransferProgress(s, ONE, 'fence', { direction: 'upload', done: 3, total: 5 });
    s = setTransferProgress(s, TWO, 'fence', { direction: 'download', done: 2, total: 2 });
    expect(transferProgressOf(s, ONE, 'fence')).toEqual({ direction: 'upload', done: 3, total: 5 });
    expect(transferProgressOf(s, TWO, 'fence')).toEqual({
      direction: 'download',
      done: 2,
      total: 2,
    });
    expect(transferProgressOf(s, ONE, 'mission')).toBeNull();
    expect(transferProgressOf(s, null, 'fence')).toBeNull();
  });
});

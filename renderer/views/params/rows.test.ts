import { describe, expect, it } from 'vitest';
import { visibleRange } from './rows';

describe('visible rows', () => {
  it('draws what is in view plus a few either side', () => {
    expect(visibleRange(500, 32, 0, 320, 8)).toEqual({ start: 0, end: 19 });
    expect(visibleRange(500, 32, 3200, 320, 8)).toEqual({ start: 92, end: 119 });
  });

  it('stays within the list', () => {
    expect(visibleRange(10, 32, 0, 1000)).toEqual({ start: 0, end: 10 });
    expect(visibleRange(500, 32, 1e6, 320)).toEqual({ start: 500, end: 500 });
    expect(visibleRange(0, 32, 0, 320)).toEqual({ start: 0, end: 0 });
  });
});

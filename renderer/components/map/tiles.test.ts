import { describe, expect, it } from 'vitest';
import { tileUrl } from './tiles';

describe('tile source', () => {
  it('names a tile by zoom, column and row', () => {
    expect(tileUrl({ z: 15, x: 17161, y: 11476 })).toBe(
      'https://tile.openstreetmap.org/15/17161/11476.png',
    );
  });
});

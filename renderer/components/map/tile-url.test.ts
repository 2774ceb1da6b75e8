import { describe, expect, it } from 'vitest';
import { TILE_URL_TEMPLATE, tileUrl } from './tile-url';

describe('tile URL', () => {
  it("is a path on the page's own origin, filled in as slippy maps number tiles", () => {
    expect(TILE_URL_TEMPLATE).toBe('/tiles/{z}/{x}/{y}.png');
    expect(tileUrl({ z: 15, x: 17161, y: 11476 })).toBe('/tiles/15/17161/11476.png');
  });
});

import { describe, expect, it } from 'vitest';
import { errorPacket, packetIdOf } from './packets';

describe('packetIdOf', () => {
  it("takes a request's packetId for its answer", () => {
    expect(packetIdOf({ packetId: 'p1', packetType: 'links.list' })).toBe('p1');
  });

  it.each([
    ['no object', 'links.list'],
    ['no packetId', { packetType: 'links.list' }],
    ['an empty one', { packetId: '' }],
    ['one over 64 characters', { packetId: 'x'.repeat(65) }],
    ['a number', { packetId: 7 }],
  ])('answers null for %s', (_what, raw) => {
    expect(packetIdOf(raw)).toBeNull();
  });
});

describe('errorPacket', () => {
  it('is a service.error with the reason', () => {
    expect(errorPacket('p1', 'refused')).toEqual({
      packetId: 'p1',
      packetType: 'service.error',
      message: 'refused',
    });
  });
});

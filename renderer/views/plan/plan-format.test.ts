import { describe, expect, it } from 'vitest';
import { formatDistanceM, formatDurationS } from './plan-format';

describe('distances and times on the Plan view', () => {
  it('say metres below a kilometre, kilometres above', () => {
    expect(formatDistanceM(849.6)).toBe('850 m');
    expect(formatDistanceM(1234)).toBe('1.2 km');
  });

  it('say seconds, minutes and hours', () => {
    expect(formatDurationS(44.6)).toBe('45 s');
    expect(formatDurationS(250)).toBe('4 min 10 s');
    expect(formatDurationS(3900)).toBe('1 h 5 min');
  });
});

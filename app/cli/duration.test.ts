import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration';

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and milliseconds, from 1 s to 24 h', () => {
    expect(parseDuration('--t', '90')).toBe(90_000);
    expect(parseDuration('--t', '90s')).toBe(90_000);
    expect(parseDuration('--t', '10m')).toBe(600_000);
    expect(parseDuration('--t', '2h')).toBe(7_200_000);
    expect(parseDuration('--t', '1500ms')).toBe(1500);
    for (const bad of ['0', '999ms', '25h', '1d', '-5', '1.5m', '']) {
      expect(() => parseDuration('--t', bad), bad).toThrow(/from 1s to 24h/);
    }
  });
});

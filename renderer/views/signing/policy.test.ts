import { describe, expect, it } from 'vitest';
import { describeAllowList, normalizeHexKey, parseAllowList } from './policy';

describe('allowed unsigned messages', () => {
  it('takes names and ids separated by commas or spaces', () => {
    expect(parseAllowList('RADIO_status, 166  42')).toEqual({
      ok: true,
      list: ['RADIO_STATUS', 166, 42],
    });
    expect(parseAllowList('')).toEqual({ ok: true, list: [] });
  });

  it('refuses what is neither', () => {
    expect(parseAllowList('RADIO-STATUS')).toEqual({
      ok: false,
      error: "'RADIO-STATUS' is neither a message name nor an id.",
    });
    expect(parseAllowList('16777216').ok).toBe(false);
  });

  it('shows known ids by name', () => {
    expect(describeAllowList([109, 166, 77])).toBe('RADIO_STATUS, RADIO, 77');
  });
});

describe('hex keys', () => {
  it('forgive spaces, case and a 0x prefix', () => {
    const hex = 'AB'.repeat(32);
    expect(normalizeHexKey(`0x${hex.slice(0, 10)} ${hex.slice(10)}`)).toBe('ab'.repeat(32));
    expect(normalizeHexKey('ab'.repeat(31))).toBeNull();
    expect(normalizeHexKey('zz'.repeat(32))).toBeNull();
  });
});

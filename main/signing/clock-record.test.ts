import { describe, expect, it } from 'vitest';
import { decodeClockRecord, encodeClockRecord } from './clock-record';

describe('clock records', () => {
  it('read back what was written', () => {
    expect(decodeClockRecord(encodeClockRecord(123_456_789))).toEqual({
      ok: true,
      timestamp: 123_456_789,
    });
  });

  it('read a record of the first format (no checksum)', () => {
    expect(decodeClockRecord('{"version":1,"lastTimestamp":5}')).toEqual({
      ok: true,
      timestamp: 5,
    });
  });

  it('refuse a record whose timestamp was changed', () => {
    const changed = encodeClockRecord(1_000).replace('1000', '9000');
    expect(decodeClockRecord(changed)).toEqual({
      ok: false,
      reason: 'the checksum does not match',
    });
  });

  it.each([
    ['', 'empty'],
    ['  \n', 'empty'],
    ['garbage', 'not JSON'],
    ['null', 'not a signing clock record'],
    ['{"version":7,"timestamp":5,"checksum":"x"}', 'version 7 is not one this Sigil reads'],
    ['{"version":1,"lastTimestamp":-5}', '-5 is not a timestamp (0 to 281474976710655)'],
    ['{"version":1,"lastTimestamp":"5"}', '"5" is not a timestamp (0 to 281474976710655)'],
    [
      '{"version":1,"lastTimestamp":281474976710656}',
      '281474976710656 is not a timestamp (0 to 281474976710655)',
    ],
    ['{"version":2,"checksum":"x"}', 'nothing is not a timestamp (0 to 281474976710655)'],
  ])('refuse %j: %s', (text, reason) => {
    expect(decodeClockRecord(text)).toEqual({ ok: false, reason });
  });
});

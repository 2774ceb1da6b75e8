import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TIMESTAMP, readTimestamp, timestampFromUnixMs, writeTimestamp } from './timestamp';

describe('signing timestamps', () => {
  it('count 10 µs units from 2015-01-01T00:00:00Z', () => {
    expect(timestampFromUnixMs(Date.UTC(2015, 0, 1))).toBe(0);
    // (Unix seconds - 1420070400) * 100000
    expect(timestampFromUnixMs(1_700_000_000_000)).toBe((1_700_000_000 - 1_420_070_400) * 100_000);
  });

  it('never go below zero for times before 2015', () => {
    expect(timestampFromUnixMs(0)).toBe(0);
  });

  it('round-trip through 6 little-endian bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_TIMESTAMP }), (timestamp) => {
        const bytes = new Uint8Array(8).fill(0xee);
        writeTimestamp(bytes, 1, timestamp);
        expect(readTimestamp(bytes, 1)).toBe(timestamp);
        expect([bytes[0], bytes[7]]).toEqual([0xee, 0xee]);
      }),
    );
  });

  it('put the least significant byte first', () => {
    const bytes = new Uint8Array(6);
    writeTimestamp(bytes, 0, 0x0102_0304_0506);
    expect([...bytes]).toEqual([6, 5, 4, 3, 2, 1]);
  });
});

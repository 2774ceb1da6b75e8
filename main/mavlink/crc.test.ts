import { describe, expect, it } from 'vitest';
import { crcAccumulate, crcBytes, crcString, CRC_INIT } from './crc';

describe('X.25 checksum', () => {
  it('gives the CRC-16/MCRF4XX check value for "123456789"', () => {
    expect(crcString('123456789')).toBe(0x6f91);
  });

  it('agrees byte by byte and over a range', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);
    let c = CRC_INIT;
    for (const b of bytes) c = crcAccumulate(b, c);
    expect(crcBytes(bytes, 0, bytes.length)).toBe(c);
  });

  it('agrees over ranges of every start and length, continued from any checksum', () => {
    const bytes = Uint8Array.from({ length: 40 }, (_, i) => (i * 91 + 7) & 0xff);
    for (let start = 0; start < 8; start++) {
      for (let end = start; end <= bytes.length; end++) {
        let c = 0x1234;
        for (let i = start; i < end; i++) c = crcAccumulate(bytes[i]!, c);
        expect(crcBytes(bytes, start, end, 0x1234)).toBe(c);
      }
    }
  });
});

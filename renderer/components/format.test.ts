import { describe, expect, it } from 'vitest';
import {
  errorMessage,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatHeading,
  formatHorizon,
  formatNumber,
  formatSigningTimestamp,
  signingTimestampToDate,
  vehicleLabel,
} from './format';

describe('signing timestamps', () => {
  it('count 10 µs units from 2015-01-01T00:00:00Z', () => {
    expect(signingTimestampToDate(0).toISOString()).toBe('2015-01-01T00:00:00.000Z');
    // 2024-01-01T00:00:00Z is 283,996,800 s after the signing epoch.
    expect(signingTimestampToDate(283_996_800 * 100_000).toISOString()).toBe(
      '2024-01-01T00:00:00.000Z',
    );
    expect(signingTimestampToDate(1000).getTime()).toBe(1420070400000 + 10);
  });

  it('read as local date and time', () => {
    const ts = 283_996_800 * 100_000 + 12_345 * 100_000;
    const d = signingTimestampToDate(ts);
    expect(formatSigningTimestamp(ts)).toBe(formatDateTime(d));
    expect(formatSigningTimestamp(ts)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(formatDateTime(new Date(2024, 4, 1, 9, 3, 7))).toBe('2024-05-01 09:03:07');
  });
});

describe('numbers', () => {
  it('show unknown as a dash and never a signed zero', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(-0.04, 1, 'm')).toBe('0.0 m');
    expect(formatNumber(12.345, 2, 'V')).toBe('12.35 V');
  });

  it('headings wrap into 000-359', () => {
    expect(formatHeading(0)).toBe('000°');
    expect(formatHeading(359.6)).toBe('000°');
    expect(formatHeading(-90)).toBe('270°');
    expect(formatHeading(null)).toBe('—');
  });

  it('bytes and durations', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatDuration(65e6)).toBe('1:05');
    expect(formatDuration(3_725e6)).toBe('1:02:05');
  });
});

describe('errorMessage', () => {
  it('leaves out the internal request type the core puts in front', () => {
    expect(errorMessage(new Error('params.set: no parameter FOO'))).toBe('no parameter FOO');
    expect(errorMessage(new Error('links.open: port 14550 is already in use'))).toBe(
      'port 14550 is already in use',
    );
    expect(errorMessage(new Error('signing.setKey: hex: too short'))).toBe('hex: too short');
  });

  it('keeps a message that starts otherwise', () => {
    expect(errorMessage(new Error('PreArm: Need Position Estimate'))).toBe(
      'PreArm: Need Position Estimate',
    );
    expect(errorMessage('udpin:0.0.0.0:14550: in use')).toBe('udpin:0.0.0.0:14550: in use');
  });
});

describe('vehicle labels', () => {
  it('name a vehicle by its system, and its component when not the autopilot', () => {
    expect(vehicleLabel({ sysid: 1, compid: 1 })).toBe('system 1');
    expect(vehicleLabel({ sysid: 3, compid: 191 })).toBe('system 3/191');
  });

  it("name a replayed log's vehicle by its file", () => {
    expect(vehicleLabel({ sysid: 1, compid: 1, replay: { file: 'old.tlog' } })).toBe(
      'replay of old.tlog (system 1)',
    );
  });
});

describe('the future horizon', () => {
  it('reads in the largest whole unit', () => {
    expect(formatHorizon(24 * 3600 * 100_000)).toBe('24 hours');
    expect(formatHorizon(7 * 86_400 * 100_000)).toBe('7 days');
    expect(formatHorizon(3600 * 100_000)).toBe('1 hour');
    expect(formatHorizon(90 * 100_000)).toBe('90 seconds');
    expect(formatHorizon(600 * 100_000)).toBe('10 minutes');
  });
});

// The vehicle bounds on the command line of `sigil serve` and `sigil monitor`.

import { describe, expect, it } from 'vitest';
import { DEFAULT_VEHICLE_LIMITS } from '../../main/core/vehicle-table';
import { parseVehicleLimits, vehicleHelp } from './vehicle-options';

describe('the vehicle bounds', () => {
  it('leave every bound at its default when none is given', () => {
    expect(parseVehicleLimits({})).toEqual({});
  });

  it('read each bound given', () => {
    expect(
      parseVehicleLimits({
        'max-vehicles': '8',
        'admit-rate': '0',
        'admit-burst': '0',
        'reply-rate': '2',
        'reply-burst': '4',
        'forget-silent': '90s',
        'replace-silent': '1m',
      }),
    ).toEqual({
      maxVehicles: 8,
      admitPerSecond: 0,
      admitBurst: 0,
      replyPerSecond: 2,
      replyBurst: 4,
      forgetSilentMs: 90_000,
      replaceSilentMs: 60_000,
    });
  });

  it('refuse a bound out of range, naming the option', () => {
    expect(() => parseVehicleLimits({ 'max-vehicles': '0' })).toThrow(
      "--max-vehicles must be a whole number from 1 to 65536, not '0'",
    );
    expect(() => parseVehicleLimits({ 'reply-rate': 'fast' })).toThrow(/^--reply-rate/);
    expect(() => parseVehicleLimits({ 'forget-silent': 'forever' })).toThrow(/^--forget-silent/);
  });

  it('say their defaults in the help', () => {
    const help = vehicleHelp(22);
    expect(help).toContain(`(default ${DEFAULT_VEHICLE_LIMITS.maxVehicles})`);
    expect(help).toContain('(default 5m)');
    for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

import { describe, expect, it } from 'vitest';
import type { VehicleState } from '../../protocol/wire-types';
import { GONE_AFTER_MS, vehiclesOffered } from './vehicle-choice';

const vehicle = (sysid: number, lastHeard: number | null) =>
  ({ sysid, compid: 1, lastHeard }) as VehicleState;

describe('the vehicles the top bar offers', () => {
  const now = 1_000_000;
  const list = [vehicle(1, now - 1000), vehicle(2, now - GONE_AFTER_MS), vehicle(3, null)];

  it('leaves out a vehicle silent for a minute', () => {
    expect(vehiclesOffered(list, now, { sysid: 1, compid: 1 }).map((v) => v.sysid)).toEqual([1, 3]);
  });

  it('keeps the vehicle shown, however long silent', () => {
    expect(vehiclesOffered(list, now, { sysid: 2, compid: 1 }).map((v) => v.sysid)).toEqual([
      1, 2, 3,
    ]);
  });
});

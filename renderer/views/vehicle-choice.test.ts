import { describe, expect, it } from 'vitest';
import { vehicleState } from '../testing/vehicle-state';
import { GONE_AFTER_MS, vehiclesOffered } from './vehicle-choice';

const vehicle = (sysid: number, lastHeard: number | null) => vehicleState({ sysid, lastHeard });

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

  it("leaves out a silent replayed log's vehicle while the live one of its identity is shown", () => {
    const replay = vehicleState({
      sysid: 2,
      lastHeard: now - GONE_AFTER_MS,
      replay: { linkId: 4, file: 'old.tlog' },
    });
    const live = vehicle(2, now - 1000);
    expect(vehiclesOffered([live, replay], now, { sysid: 2, compid: 1 })).toEqual([live]);
  });
});

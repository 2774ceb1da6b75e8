import { describe, expect, it } from 'vitest';
import type { VehicleState } from '../../../protocol/wire-types';
import {
  formatAge,
  linkLostNotice,
  linkLostRefusal,
  REBOOT_SHOWN_MS,
  rebootNotice,
  staleNote,
} from './staleness';
import { vehicleState } from '../../testing/vehicle-state';

function vehicle(over: Partial<VehicleState> = {}): VehicleState {
  return vehicleState({
    mode: 'GUIDED',
    modes: ['GUIDED'],
    customMode: 4,
    lastHeard: 10_000,
    ...over,
  });
}

describe('formatAge', () => {
  it.each([
    [450, '450 ms'],
    [12_400, '12 s'],
    [119_999, '119 s'],
    [185_000, '3 min'],
    [3 * 3_600_000, '3 h'],
  ])('reads %i ms as %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});

describe('staleNote', () => {
  it('says how old a stale value is', () => {
    expect(staleNote({ ageMs: 4200, stale: true })).toBe('4 s old');
  });

  it('says nothing of a current value, or of one never received', () => {
    expect(staleNote({ ageMs: 4200, stale: false })).toBeNull();
    expect(staleNote(null)).toBeNull();
  });
});

describe('link lost', () => {
  it('is announced with how long the vehicle has been silent', () => {
    expect(linkLostNotice(vehicle({ linkLost: true }), 22_000)).toBe(
      'Link lost: nothing heard from system 1 for 12 s. What is shown is its last known state.',
    );
  });

  it('disables commands with the reason', () => {
    expect(linkLostRefusal(vehicle({ linkLost: true }))).toMatch(/^Link lost: /);
    expect(linkLostRefusal(vehicle())).toBeNull();
  });

  it('is not announced while the vehicle is heard', () => {
    expect(linkLostNotice(vehicle(), 22_000)).toBeNull();
  });
});

describe('rebootNotice', () => {
  it('announces a reboot seen within the last minute', () => {
    const v = vehicle({ rebootedAt: 50_000 });
    expect(rebootNotice(v, 58_000)).toMatch(/^System 1 rebooted at \d\d:\d\d:\d\d\.\d{3}: /);
    expect(rebootNotice(v, 50_000 + REBOOT_SHOWN_MS + 1)).toBeNull();
  });

  it('says nothing of a vehicle never seen to reboot', () => {
    expect(rebootNotice(vehicle(), 58_000)).toBeNull();
  });
});

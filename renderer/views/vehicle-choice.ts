// Which vehicles the top bar offers: those heard lately. One silent for a
// minute has gone away (landed and switched off, out of range) and leaves
// the list, unless it is the one shown; the core forgets it later still.

import type { VehicleState } from '../../protocol/wire-types';

export const GONE_AFTER_MS = 60_000;

export function vehiclesOffered(
  vehicles: readonly VehicleState[],
  nowMs: number | null,
  shown: { sysid: number; compid: number } | null,
): VehicleState[] {
  return vehicles.filter(
    (v) =>
      (shown !== null && v.sysid === shown.sysid && v.compid === shown.compid) ||
      nowMs === null ||
      v.lastHeard === null ||
      nowMs - v.lastHeard < GONE_AFTER_MS,
  );
}

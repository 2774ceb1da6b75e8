// Which vehicles the top bar offers: those heard lately. One silent for a
// minute has gone away (landed and switched off, out of range) and leaves
// the list, unless it is the one shown; the core forgets it later still.

import type { VehicleState } from '../../protocol/wire-types';
import { sameVehicle, type VehicleKey } from '../store/keys';

export const GONE_AFTER_MS = 60_000;

export function vehiclesOffered(
  vehicles: readonly VehicleState[],
  nowMs: number | null,
  shown: VehicleKey | null,
): VehicleState[] {
  return vehicles.filter(
    (v) =>
      (shown !== null && sameVehicle(v, shown)) ||
      nowMs === null ||
      v.lastHeard === null ||
      nowMs - v.lastHeard < GONE_AFTER_MS,
  );
}

// How far each vehicle's mission, geofence and rally point transfers have
// got, from `missions.progress` events: the latest count of each.

import { create } from 'zustand';
import type { MissionType } from '../../protocol/wire-types';
import { vehicleKey, type VehicleKey } from './keys';

export interface TransferProgress {
  direction: 'download' | 'upload';
  done: number;
  total: number;
}

export interface MissionProgressState {
  /** By vehicle key and plan type: `1:1/fence`. */
  byPlan: Readonly<Record<string, TransferProgress>>;
}

function planKey(vehicle: VehicleKey, type: MissionType): string {
  return `${vehicleKey(vehicle)}/${type}`;
}

export function setTransferProgress(
  state: MissionProgressState,
  vehicle: VehicleKey,
  type: MissionType,
  progress: TransferProgress,
): MissionProgressState {
  return { byPlan: { ...state.byPlan, [planKey(vehicle, type)]: progress } };
}

export function transferProgressOf(
  state: MissionProgressState,
  vehicle: VehicleKey | null,
  type: MissionType,
): TransferProgress | null {
  return vehicle === null ? null : (state.byPlan[planKey(vehicle, type)] ?? null);
}

export const useMissionProgress = create<MissionProgressState>()(() => ({ byPlan: {} }));

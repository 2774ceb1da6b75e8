// What each vehicle is known to hold of its mission, geofence and rally
// points: the items of the last transfer (`missions.list`), fetched again
// whenever the vehicle's state says that transfer changed. Nothing here
// asks the vehicle itself; a download does that.

import { useEffect } from 'react';
import { create } from 'zustand';
import type { SigilApi } from '../../protocol/contract';
import type { KnownPlan, MissionType, PlanSummary, VehicleState } from '../../protocol/wire-types';
import { useApi } from '../api/context';
import { liveTarget, vehicleKey, type VehicleKey } from './keys';

interface Held {
  /** The summary the items were fetched for. */
  signature: string;
  plan: KnownPlan;
}

export interface VehiclePlansState {
  /** By vehicle key and plan type: `1:1/fence`. */
  byPlan: Readonly<Record<string, Held>>;
}

export const useVehiclePlans = create<VehiclePlansState>()(() => ({ byPlan: {} }));

const TYPES: readonly MissionType[] = ['mission', 'fence', 'rally'];

function planKey(vehicle: VehicleKey, type: MissionType): string {
  return `${vehicleKey(vehicle)}/${type}`;
}

/** What changes whenever the known plan does. */
export function summarySignature(s: PlanSummary): string {
  return `${s.source}|${s.atMs}|${s.count}|${s.uncertain}`;
}

/** The items a vehicle is known to hold of one plan; null when not known. */
export function knownItems(
  state: VehiclePlansState,
  vehicle: VehicleKey | null,
  type: MissionType,
): KnownPlan | null {
  return vehicle === null ? null : (state.byPlan[planKey(vehicle, type)]?.plan ?? null);
}

async function fetchPlan(
  api: SigilApi,
  vehicle: ReturnType<typeof liveTarget>,
  type: MissionType,
  signature: string,
): Promise<void> {
  const { plan } = await api.request('missions.list', { ...vehicle, missionType: type });
  useVehiclePlans.setState((s) => ({
    byPlan: { ...s.byPlan, [planKey(vehicle, type)]: { signature, plan } },
  }));
}

/** Keeps the store's plans of `vehicle` as its last transfers left them (live vehicles only). */
export function useKnownPlans(vehicle: VehicleState | null): void {
  const api = useApi();
  const live = vehicle !== null && vehicle.replay === undefined;
  const sysid = live ? vehicle.sysid : null;
  const compid = live ? vehicle.compid : null;
  const network = live ? vehicle.network : undefined;
  const signatures = live
    ? TYPES.map((t) => summarySignature(vehicle.mission.plans[t])).join(';')
    : '';
  useEffect(() => {
    if (sysid === null || compid === null) return;
    const target = liveTarget({ sysid, compid, network });
    const held = useVehiclePlans.getState().byPlan;
    const each = signatures.split(';');
    TYPES.forEach((type, i) => {
      const signature = each[i]!;
      if (held[planKey(target, type)]?.signature === signature) return;
      // A read: a failure leaves the last known items, and the next change asks again.
      fetchPlan(api, target, type, signature).catch(() => undefined);
    });
  }, [api, signatures, sysid, compid, network]);
}

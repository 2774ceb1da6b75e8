// Parameters per vehicle: the list from `params.list`, values the vehicle
// confirmed after `params.set`, and download progress from `params.progress`.

import { create } from 'zustand';
import type { ParamEntry } from '../../protocol/wire-types';
import { vehicleKey, type VehicleKey } from './keys';

export interface ParamProgressState {
  received: number;
  total: number;
}

export interface VehicleParams {
  /** Sorted by name. */
  list: readonly ParamEntry[];
  progress: ParamProgressState | null;
}

export interface ParamsState {
  byVehicle: Readonly<Record<string, VehicleParams>>;
}

const EMPTY: VehicleParams = { list: [], progress: null };

export function paramsOf(state: ParamsState, vehicle: VehicleKey | null): VehicleParams {
  if (vehicle === null) return EMPTY;
  return state.byVehicle[vehicleKey(vehicle)] ?? EMPTY;
}

function byName(a: ParamEntry, b: ParamEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function setList(
  state: ParamsState,
  vehicle: VehicleKey,
  list: readonly ParamEntry[],
): ParamsState {
  const key = vehicleKey(vehicle);
  const before = state.byVehicle[key] ?? EMPTY;
  return {
    byVehicle: { ...state.byVehicle, [key]: { ...before, list: [...list].sort(byName) } },
  };
}

export function setParam(state: ParamsState, vehicle: VehicleKey, param: ParamEntry): ParamsState {
  const key = vehicleKey(vehicle);
  const before = state.byVehicle[key] ?? EMPTY;
  const at = before.list.findIndex((p) => p.name === param.name);
  const list = before.list.slice();
  if (at >= 0) list[at] = param;
  else {
    list.push(param);
    list.sort(byName);
  }
  return { byVehicle: { ...state.byVehicle, [key]: { ...before, list } } };
}

export function setProgress(
  state: ParamsState,
  vehicle: VehicleKey,
  progress: ParamProgressState,
): ParamsState {
  const key = vehicleKey(vehicle);
  const before = state.byVehicle[key] ?? EMPTY;
  return { byVehicle: { ...state.byVehicle, [key]: { ...before, progress } } };
}

/** Case-insensitive substring match on the name; the list stays sorted. */
export function filterParams(list: readonly ParamEntry[], query: string): readonly ParamEntry[] {
  const q = query.trim().toUpperCase();
  if (q === '') return list;
  return list.filter((p) => p.name.toUpperCase().includes(q));
}

/** A number the pilot typed, or why it is not one. */
export function parseParamValue(
  text: string,
): { ok: true; value: number } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Enter a number.' };
  // Number('') is 0 and Number('0x10') is 16: accept plain decimals and exponents only.
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed))
    return { ok: false, error: `'${trimmed}' is not a number.` };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, error: 'The value must be a finite number.' };
  return { ok: true, value };
}

export const useParams = create<ParamsState>()(() => ({ byVehicle: {} }));

// Status texts per vehicle, newest last: seeded from `vehicles.list` when
// the session opens, then one `statustext` event each.

import { create } from 'zustand';
import type { StatusTextEntry } from '../../protocol/wire-types';
import { vehicleKey, type VehicleKey } from './keys';

export const STATUS_TEXT_LIMIT = 500;

export interface MessagesState {
  texts: Readonly<Record<string, readonly StatusTextEntry[]>>;
}

export function addText(
  state: MessagesState,
  vehicle: VehicleKey,
  entry: StatusTextEntry,
): MessagesState {
  const key = vehicleKey(vehicle);
  const list = state.texts[key] ?? [];
  const next = list.length >= STATUS_TEXT_LIMIT ? list.slice(1 - STATUS_TEXT_LIMIT) : list.slice();
  next.push(entry);
  return { texts: { ...state.texts, [key]: next } };
}

export function seedTexts(
  state: MessagesState,
  vehicle: VehicleKey,
  entries: readonly StatusTextEntry[],
): MessagesState {
  return {
    texts: { ...state.texts, [vehicleKey(vehicle)]: entries.slice(-STATUS_TEXT_LIMIT) },
  };
}

export const useMessages = create<MessagesState>()(() => ({ texts: {} }));

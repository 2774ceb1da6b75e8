// What the core last said about vehicles, links and signing, fed by
// `telemetry.snapshot` events (at most ~30 a second). Views select the few
// fields they show; fast-moving pictures (the horizon) subscribe outside React.

import { create } from 'zustand';
import type { LinkInfo, SigningClockHealth, VehicleState } from '../../protocol/wire-types';
import type { EventPacket } from '../../protocol/contract';
import { keyOf, sameVehicle, vehicleKey, type VehicleKey } from './keys';
import { advanceHistory, emptyHistory, type RejectionHistory } from './rejections';
import { appendTrack, type TrackPoint } from './track';

export type Snapshot = EventPacket<'telemetry.snapshot'>;

export interface SigningSummary {
  fingerprint: string | null;
  localTimestamp: number;
  /** Unknown until the first snapshot or signing state. */
  clock: SigningClockHealth | null;
}

export interface TelemetryState {
  /** The core's time of the last snapshot, null before the first. */
  timeMs: number | null;
  vehicles: readonly VehicleState[];
  links: readonly LinkInfo[];
  signing: SigningSummary;
  /** The vehicle the views show; the first live one heard until the pilot picks. */
  selected: VehicleKey | null;
  /** Flown path per vehicle key. */
  tracks: Readonly<Record<string, readonly TrackPoint[]>>;
  rejections: RejectionHistory;
}

export function initialTelemetry(): TelemetryState {
  return {
    timeMs: null,
    vehicles: [],
    links: [],
    signing: { fingerprint: null, localTimestamp: 0, clock: null },
    selected: null,
    tracks: {},
    rejections: emptyHistory(),
  };
}

function positionOf(v: VehicleState): TrackPoint | null {
  if (v.position !== null) return { lat: v.position.lat, lon: v.position.lon };
  if (v.gps !== null && v.gps.fixType.includes('FIX') && !v.gps.fixType.startsWith('NO'))
    return { lat: v.gps.lat, lon: v.gps.lon };
  return null;
}

/** One snapshot folded into the state (pure). */
export function applySnapshot(state: TelemetryState, snapshot: Snapshot): TelemetryState {
  let tracks = state.tracks;
  for (const v of snapshot.vehicles) {
    const key = vehicleKey(v);
    const before = tracks[key] ?? [];
    const after = appendTrack(before, positionOf(v));
    if (after !== before || tracks[key] === undefined) {
      tracks = { ...tracks, [key]: after };
    }
  }
  const kept = state.selected;
  let selected = kept;
  if (kept === null || !snapshot.vehicles.some((v) => sameVehicle(v, kept))) {
    // A replay is shown only when the pilot picks it, or when it is all there is.
    const first = snapshot.vehicles.find((v) => v.replay === undefined) ?? snapshot.vehicles[0];
    if (first !== undefined) selected = keyOf(first);
  }
  const signing = sameSigning(state.signing, snapshot.signing) ? state.signing : snapshot.signing;
  return {
    ...state,
    timeMs: snapshot.timeMs,
    vehicles: snapshot.vehicles,
    links: snapshot.links,
    signing,
    selected,
    tracks,
    rejections: advanceHistory(state.rejections, snapshot.timeMs, snapshot.links),
  };
}

// The summary names the files and the problems: equal summaries, equal problems.
function sameSigning(a: SigningSummary, b: Snapshot['signing']): boolean {
  return (
    a.fingerprint === b.fingerprint &&
    a.localTimestamp === b.localTimestamp &&
    a.clock !== null &&
    a.clock.state === b.clock.state &&
    a.clock.holding === b.clock.holding &&
    a.clock.held === b.clock.held &&
    a.clock.summary === b.clock.summary
  );
}

/** Links from an answer (links.list, links.open) merged in before the next snapshot. */
export function mergeLink(links: readonly LinkInfo[], link: LinkInfo): readonly LinkInfo[] {
  const at = links.findIndex((l) => l.id === link.id);
  if (at < 0) return [...links, link];
  const next = links.slice();
  next[at] = link;
  return next;
}

export const useTelemetry = create<TelemetryState>()(() => initialTelemetry());

export function selectVehicle(key: VehicleKey): void {
  useTelemetry.setState({ selected: keyOf(key) });
}

/** The selected vehicle's state, or null (use inside a selector). */
export function selectedVehicle(state: TelemetryState): VehicleState | null {
  const key = state.selected;
  if (key === null) return null;
  return state.vehicles.find((v) => sameVehicle(v, key)) ?? null;
}

// Where the vehicle is in its mission, from MISSION_CURRENT (the item it
// flies to or runs, the count it holds, the mission state) and
// MISSION_ITEM_REACHED (each item done); and whether the mission it holds
// is still the one we know.
//
// MAVLink names an opaque id for each plan in MISSION_CURRENT for this,
// but the dialect Sigil is built from has no such field; the count the
// vehicle reports stands in for it: a count other than the one we know
// means someone else changed the mission. Geofence and rally points have
// no such report.

import { MISSION_STATE } from '../mavlink/dialect/enums';
import type { MISSION_CURRENT } from '../mavlink/dialect/types';
import { enumLabel } from './enum-names';
import type { KnownPlan } from './mission-client';

export interface MissionProgressState {
  /** The item it flies to or runs (MISSION_CURRENT seq); null before any report. */
  current: number | null;
  /**
   * Items it holds as it counts them (ArduPilot leaves out home, item 0);
   * null when it does not say, 0 when it holds none.
   */
  total: number | null;
  /** MISSION_STATE without its prefix (NO_MISSION, NOT_STARTED, ACTIVE, PAUSED, COMPLETE); null if not reported. */
  state: string | null;
  /** Whether it is in a mode that runs the mission; null if not reported. */
  inMissionMode: boolean | null;
  /** The last item it reported reached (MISSION_ITEM_REACHED). */
  lastReached: number | null;
}

const UINT16_MAX = 0xffff;

export function emptyMissionProgress(): MissionProgressState {
  return { current: null, total: null, state: null, inMissionMode: null, lastReached: null };
}

/** Applies one MISSION_CURRENT; true when something changed. */
export function applyMissionCurrent(s: MissionProgressState, f: MISSION_CURRENT): boolean {
  const state =
    f.mission_state === MISSION_STATE.MISSION_STATE_UNKNOWN
      ? null
      : enumLabel(MISSION_STATE, f.mission_state, ['MISSION_STATE_']);
  // 0 means "not supported" unless the state says there is no mission (ArduPilot's empty mission).
  const total =
    f.total === UINT16_MAX ? 0 : f.total === 0 && state !== 'NO_MISSION' ? null : f.total;
  const inMissionMode = f.mission_mode === 0 ? null : f.mission_mode === 1;
  const changed =
    s.current !== f.seq ||
    s.total !== total ||
    s.state !== state ||
    s.inMissionMode !== inMissionMode;
  s.current = f.seq;
  s.total = total;
  s.state = state;
  s.inMissionMode = inMissionMode;
  return changed;
}

/**
 * Whether the vehicle's mission is no longer the one `known` holds, by the
 * count it reports. `homeIsItemZero`: the vehicle keeps home as item 0 and
 * leaves it out of its count (ArduPilot).
 */
export function missionChanged(
  known: KnownPlan,
  reportedTotal: number | null,
  homeIsItemZero: boolean,
): boolean {
  if (known.items === null || reportedTotal === null) return false;
  const ours = homeIsItemZero ? Math.max(0, known.items.length - 1) : known.items.length;
  return ours !== reportedTotal;
}

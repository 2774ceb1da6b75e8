// How the flight view says that what it shows is no longer current: a value
// older than a few of its periods is greyed with its age, a vehicle whose
// heartbeat stopped is "link lost" and cannot be commanded, and a reboot is
// announced for a while.

import type { TelemetryAge, VehicleState } from '../../../protocol/wire-types';
import { formatTimeOfDay } from '../../components/format';

/** How long the flight view announces a reboot. */
export const REBOOT_SHOWN_MS = 60_000;

/** An age as a person reads it: "800 ms", "12 s", "3 min", "2 h". */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 120) return `${min} min`;
  return `${Math.floor(min / 60)} h`;
}

/** What follows a stale value ("12 s old"), or null for a current one or none at all. */
export function staleNote(age: TelemetryAge | null | undefined): string | null {
  return age?.stale === true ? `${formatAge(age.ageMs)} old` : null;
}

/** How long nothing has been heard from a vehicle whose link is lost, at `nowMs`; null if not lost. */
export function silentForMs(v: VehicleState, nowMs: number | null): number | null {
  if (!v.linkLost) return null;
  if (v.lastHeard === null || nowMs === null) return Infinity;
  return Math.max(0, nowMs - v.lastHeard);
}

/** The link-lost banner's sentence, or null while the vehicle is heard. */
export function linkLostNotice(v: VehicleState, nowMs: number | null): string | null {
  const silent = silentForMs(v, nowMs);
  if (silent === null) return null;
  const since = Number.isFinite(silent) ? ` for ${formatAge(silent)}` : '';
  return `Link lost: nothing heard from system ${v.sysid}${since}. What is shown is its last known state.`;
}

/** Why commands to this vehicle are disabled (its link is lost), or null. */
export function linkLostRefusal(v: VehicleState): string | null {
  return v.linkLost
    ? 'Link lost: no heartbeat from the vehicle, a command would not reach it.'
    : null;
}

/** The reboot banner's sentence for a reboot seen in the last minute, or null. */
export function rebootNotice(v: VehicleState, nowMs: number | null): string | null {
  const at = v.rebootedAt;
  if (at === null || nowMs === null || nowMs - at > REBOOT_SHOWN_MS) return null;
  return `System ${v.sysid} rebooted at ${formatTimeOfDay(at)}: its time since boot went back. Sigil asked it for its telemetry again.`;
}

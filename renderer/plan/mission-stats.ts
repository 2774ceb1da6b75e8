// How far a mission flies and about how long it takes: legs between the
// places it goes to from home, flown at the set speed (changed by speed
// items), climbs and descents at the vehicle's rates, holds and loiters
// counted. It ends where the vehicle would: a landing, a return to launch,
// or a loiter until told (then the time is open-ended).

import { MISSION_COMMANDS as C } from '../../protocol/mission-numbers';
import type { MissionItem } from '../../protocol/wire-types';
import { distanceM, type LatLon } from '../components/geo';
import { commandSpec } from './commands';
import { altitudeFrameOf } from './frames';
import { itemPlace, type Mission } from './mission';

/** Metres per second. ArduCopter's defaults: WPNAV_SPEED 5, WPNAV_SPEED_UP 2.5, WPNAV_SPEED_DN 1.5. */
export interface Speeds {
  cruise: number;
  climb: number;
  descent: number;
}

export const COPTER_SPEEDS: Speeds = { cruise: 5, climb: 2.5, descent: 1.5 };

export interface MissionStats {
  /** Horizontal metres flown, home to the end. */
  distanceM: number;
  /** Seconds, home to the end (to the start of an endless loiter). */
  timeS: number;
  /** It ends in a loiter until told: the time is a lower bound. */
  endless: boolean;
  /** Horizontal metres from the place before to each item (0 for items that are not places). */
  legM: readonly number[];
}

interface Position extends LatLon {
  /** Metres above home. */
  alt: number;
}

/** Speed types of DO_CHANGE_SPEED that set the horizontal speed (air, ground). */
const HORIZONTAL_SPEED_TYPES = new Set([0, 1]);

/** An item's altitude above home; AMSL made relative with home's altitude when known. */
function altitudeAboveHome(item: MissionItem, homeAmsl: number | null, current: number): number {
  if (item.z === null) return current;
  const frame = altitudeFrameOf(item.frame);
  if (frame === 'amsl') return homeAmsl === null ? current : item.z - homeAmsl;
  return item.z;
}

export function missionStats(mission: Mission, speeds: Speeds = COPTER_SPEEDS): MissionStats {
  const homePlace = mission.home === null ? null : itemPlace(mission.home);
  const homeAmsl = mission.home?.z ?? null;
  let at: Position | null = homePlace === null ? null : { ...homePlace, alt: 0 };
  let speed = speeds.cruise;
  let distance = 0;
  let time = 0;
  let endless = false;
  const legM: number[] = [];

  /** Flies to `to`: the horizontal leg and the climb or descent, whichever takes longer. */
  const fly = (to: Position): number => {
    const from = at ?? to;
    const horizontal = distanceM(from, to);
    const vertical = to.alt - from.alt;
    const rate = vertical >= 0 ? speeds.climb : speeds.descent;
    distance += horizontal;
    time += Math.max(horizontal / speed, Math.abs(vertical) / rate);
    at = to;
    return horizontal;
  };

  for (const item of mission.items) {
    if (endless) {
      legM.push(0);
      continue;
    }
    const spec = commandSpec(item.command);
    if (item.command === C.MAV_CMD_DO_CHANGE_SPEED) {
      if (item.param2 !== null && item.param2 > 0 && HORIZONTAL_SPEED_TYPES.has(item.param1 ?? 1))
        speed = item.param2;
      legM.push(0);
      continue;
    }
    if (spec === undefined || !spec.nav) {
      legM.push(0);
      continue;
    }
    const here: Position | null = at;
    const place = itemPlace(item) ?? here;
    const alt = altitudeAboveHome(item, homeAmsl, here?.alt ?? 0);
    switch (item.command) {
      case C.MAV_CMD_NAV_RETURN_TO_LAUNCH: {
        const home = homePlace ?? here;
        legM.push(home === null ? 0 : fly({ ...home, alt: here?.alt ?? 0 }));
        time += Math.max(0, here?.alt ?? 0) / speeds.descent;
        return finish();
      }
      case C.MAV_CMD_NAV_LAND: {
        legM.push(place === null ? 0 : fly({ ...place, alt: here?.alt ?? 0 }));
        time += Math.max(0, here?.alt ?? 0) / speeds.descent;
        return finish();
      }
      default: {
        legM.push(place === null ? 0 : fly({ ...place, alt }));
        if (item.command === C.MAV_CMD_NAV_LOITER_UNLIM) endless = true;
        else if (
          item.command === C.MAV_CMD_NAV_LOITER_TIME ||
          item.command === C.MAV_CMD_NAV_WAYPOINT
        )
          time += Math.max(0, item.param1 ?? 0);
      }
    }
  }
  return finish();

  function finish(): MissionStats {
    while (legM.length < mission.items.length) legM.push(0);
    return { distanceM: distance, timeS: time, endless, legM };
  }
}

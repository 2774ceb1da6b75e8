// A whole plan, as the editor holds it: the mission, the geofence and the
// rally points; and each of the three as the vehicle's items. On ArduPilot
// the mission's item 0 is home: it is sent (the vehicle puts its own home
// there) and read back as the plan's home.

import type { MissionItem, MissionType } from '../../protocol/wire-types';
import { EMPTY_FENCE, fenceFromItems, fenceToItems, type Fence } from './fence';
import type { FromItems } from './items';
import { EMPTY_MISSION, homeItem, itemPlace, type Mission } from './mission';
import { rallyFromItems, rallyToItems, type RallyPoint } from './rally';

export interface Plan {
  readonly mission: Mission;
  readonly fence: Fence;
  readonly rally: readonly RallyPoint[];
}

export const EMPTY_PLAN: Plan = { mission: EMPTY_MISSION, fence: EMPTY_FENCE, rally: [] };

export const MISSION_TYPES: readonly MissionType[] = ['mission', 'fence', 'rally'];

/** How a pilot names each plan. */
export const MISSION_TYPE_NOUNS: Record<MissionType, string> = {
  mission: 'mission',
  fence: 'geofence',
  rally: 'rally points',
};

/**
 * The mission as the vehicle's items: home, then the items. A mission
 * without a home yet starts from its first place (the vehicle puts its
 * own home there anyway); an empty mission is no items at all.
 */
export function missionToItems(mission: Mission): MissionItem[] {
  if (mission.items.length === 0) return [];
  const firstPlace = mission.items.map(itemPlace).find((p) => p !== null) ?? { lat: 0, lon: 0 };
  return [mission.home ?? homeItem(firstPlace, 0), ...mission.items];
}

export function missionFromItems(items: readonly MissionItem[]): FromItems<Mission> {
  const [home, ...rest] = items;
  return { value: { home: home ?? null, items: rest }, problems: [] };
}

/** One of the plan's three parts as the vehicle's items. */
export function planItems(plan: Plan, type: MissionType): MissionItem[] {
  switch (type) {
    case 'mission':
      return missionToItems(plan.mission);
    case 'fence':
      return fenceToItems(plan.fence);
    case 'rally':
      return rallyToItems(plan.rally);
  }
}

/** The plan with one part replaced by what `items` hold (from the vehicle or a file). */
export function withItems(
  plan: Plan,
  type: MissionType,
  items: readonly MissionItem[],
): FromItems<Plan> {
  switch (type) {
    case 'mission': {
      const { value, problems } = missionFromItems(items);
      return { value: { ...plan, mission: value }, problems };
    }
    case 'fence': {
      const { value, problems } = fenceFromItems(items);
      return { value: { ...plan, fence: value }, problems };
    }
    case 'rally': {
      const { value, problems } = rallyFromItems(items);
      return { value: { ...plan, rally: value }, problems };
    }
  }
}

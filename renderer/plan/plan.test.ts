import { describe, expect, it } from 'vitest';
import { MISSION_COMMANDS as C, MISSION_FRAMES as F } from '../../protocol/mission-numbers';
import type { MissionItem } from '../../protocol/wire-types';
import { addCircle, addPolygon } from './fence';
import { addWaypoint, EMPTY_MISSION, homeItem, itemPlace } from './mission';
import { EMPTY_PLAN, missionToItems, planItems, withItems, type Plan } from './plan';
import { addRallyPoint } from './rally';

const A = { lat: -35.363261, lon: 149.16523 };
const B = { lat: -35.3641, lon: 149.1661 };

/** An item the editor does not offer, with values of every kind. */
const JUMP: MissionItem = {
  frame: F.MAV_FRAME_MISSION,
  command: 177,
  current: false,
  autocontinue: true,
  param1: 2,
  param2: 3,
  param3: null,
  param4: 0.1,
  x: 0,
  y: 0,
  z: null,
};

function sample(): Plan {
  const mission = addWaypoint(addWaypoint(EMPTY_MISSION, A), B);
  return {
    mission: { ...mission, items: [...mission.items, JUMP] },
    fence: addCircle(addPolygon(EMPTY_PLAN.fence, A, true), B, false),
    rally: addRallyPoint([], B, 25),
  };
}

describe('the mission as the vehicle holds it', () => {
  it('is home as item 0, then the items', () => {
    const items = planItems(sample(), 'mission');
    expect(items).toHaveLength(5);
    expect(items[0]).toMatchObject({ command: C.MAV_CMD_NAV_WAYPOINT, frame: F.MAV_FRAME_GLOBAL });
    expect(itemPlace(items[0]!)).toEqual(A);
    expect(items.slice(1).map((i) => i.command)).toEqual([
      C.MAV_CMD_NAV_TAKEOFF,
      C.MAV_CMD_NAV_WAYPOINT,
      C.MAV_CMD_NAV_WAYPOINT,
      177,
    ]);
  });

  it('starts from its first place when it has no home yet', () => {
    const { items } = addWaypoint(EMPTY_MISSION, B);
    expect(itemPlace(missionToItems({ home: null, items })[0]!)).toEqual(B);
  });

  it('is nothing at all when it has no items', () => {
    expect(missionToItems({ home: homeItem(A, 100), items: [] })).toEqual([]);
  });
});

describe('reading the vehicle’s items into the plan', () => {
  it('gives each of the three parts back exactly, whatever the editor does not offer', () => {
    const plan = sample();
    for (const type of ['mission', 'fence', 'rally'] as const) {
      const items = planItems(plan, type);
      const { value, problems } = withItems(EMPTY_PLAN, type, items);
      expect(problems).toEqual([]);
      expect(planItems(value, type)).toEqual(items);
    }
  });

  it('replaces only the part read', () => {
    const plan = sample();
    const { value } = withItems(plan, 'rally', []);
    expect(value.rally).toEqual([]);
    expect(value.mission).toBe(plan.mission);
    expect(value.fence).toBe(plan.fence);
  });

  it('takes the vehicle’s item 0 as home', () => {
    const items = planItems(sample(), 'mission');
    const vehicleHome = homeItem(B, 600);
    const { value } = withItems(EMPTY_PLAN, 'mission', [vehicleHome, ...items.slice(1)]);
    expect(value.mission.home).toEqual(vehicleHome);
    expect(value.mission.items).toHaveLength(4);
  });
});

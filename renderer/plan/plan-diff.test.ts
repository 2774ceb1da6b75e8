import { describe, expect, it } from 'vitest';
import { MISSION_COMMANDS as C } from '../../protocol/mission-numbers';
import type { MissionItem } from '../../protocol/wire-types';
import { offsetM } from '../components/geo';
import {
  addWaypoint,
  EMPTY_MISSION,
  homeItem,
  placeItem,
  setAltitude,
  setCommand,
  setParam,
} from './mission';
import { missionToItems } from './plan';
import { describeChange, diffItems } from './plan-diff';

const A = { lat: -35.363261, lon: 149.16523 };
const B = offsetM(A, 100, 0);
const C3 = offsetM(A, 100, 100);

const mission = addWaypoint(addWaypoint(EMPTY_MISSION, A), B);
const onVehicle = missionToItems(mission);

function lines(plan: MissionItem[], vehicle: MissionItem[] | null = onVehicle): string[] {
  return diffItems('mission', plan, vehicle).changes.map(describeChange);
}

describe('what an upload would change', () => {
  it('is nothing when the plan is what the vehicle holds', () => {
    expect(diffItems('mission', onVehicle, onVehicle)).toEqual({
      type: 'mission',
      known: true,
      changes: [],
    });
  });

  it('is unknown when what the vehicle holds is not known', () => {
    expect(diffItems('mission', onVehicle, null)).toEqual({
      type: 'mission',
      known: false,
      changes: [],
    });
  });

  it('leaves home out: the vehicle keeps its own as item 0', () => {
    const vehicle = [homeItem(C3, 612), ...onVehicle.slice(1)];
    expect(lines(onVehicle, vehicle)).toEqual([]);
  });

  it('leaves out what float32 rounds away, and takes no value as no value', () => {
    const vehicle = onVehicle.map((i) => ({
      ...i,
      z: i.z === null ? null : Math.fround(i.z + 1e-9),
    }));
    expect(lines(onVehicle, vehicle)).toEqual([]);
  });

  it('names items added and removed', () => {
    const longer = missionToItems(addWaypoint(mission, C3));
    expect(lines(longer)).toEqual(['Item 4 (Waypoint) is new']);
    expect(lines(onVehicle, longer)).toEqual(['Item 4 (Waypoint) goes away']);
  });

  it('says what changed in an item, in words', () => {
    let changed = setAltitude(mission, 1, 35);
    changed = placeItem(changed, 2, C3);
    changed = setParam(changed, 2, 1, 5);
    expect(lines(missionToItems(changed))).toEqual([
      'Item 2 (Waypoint): altitude 20 m → 35 m',
      'Item 3 (Waypoint): moved 100 m, hold 0 s → 5 s',
    ]);
  });

  it('names a command changed', () => {
    const changed = missionToItems(setCommand(mission, 2, C.MAV_CMD_NAV_LOITER_TIME));
    expect(lines(changed)).toEqual(['Item 3 (Loiter (time)): command Waypoint → Loiter (time)']);
  });

  it('compares every item of a fence or rally points, the first one too, counting from 1', () => {
    const first = onVehicle[1]!;
    const { changes } = diffItems('rally', [first], [{ ...first, z: 50 }]);
    expect(changes.map(describeChange)).toEqual(['Item 1 (Takeoff): altitude 50 m → 20 m']);
  });
});

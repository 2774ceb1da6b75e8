import { describe, expect, it } from 'vitest';
import { MISSION_COMMANDS as C, MISSION_FRAMES as F } from '../../protocol/mission-numbers';
import { commandSpec } from './commands';
import {
  addWaypoint,
  appendItem,
  deleteItem,
  EMPTY_MISSION,
  insertWaypoint,
  itemPlace,
  moveItem,
  newItem,
  placeHome,
  placeItem,
  setAltitude,
  setAltitudeFrame,
  setCommand,
  setParam,
  type Mission,
} from './mission';

const A = { lat: -35.36, lon: 149.16 };
const B = { lat: -35.361, lon: 149.162 };
const C3 = { lat: -35.362, lon: 149.164 };

const commands = (m: Mission) => m.items.map((i) => i.command);

/** An empty mission clicked at A, B and C: takeoff, then three waypoints. */
function threeWaypoints(): Mission {
  return addWaypoint(addWaypoint(addWaypoint(EMPTY_MISSION, A), B), C3);
}

describe('adding waypoints', () => {
  it('starts an empty mission with a takeoff in place and home at the first click', () => {
    const m = addWaypoint(EMPTY_MISSION, A);
    expect(commands(m)).toEqual([C.MAV_CMD_NAV_TAKEOFF, C.MAV_CMD_NAV_WAYPOINT]);
    expect(itemPlace(m.items[0]!)).toBeNull();
    expect(m.items[0]!.z).toBe(20);
    expect(itemPlace(m.home!)).toEqual(A);
    expect(itemPlace(m.items[1]!)).toEqual(A);
  });

  it('puts latitude and longitude in degrees times 1e7, above home by default', () => {
    const wp = addWaypoint(EMPTY_MISSION, A).items[1]!;
    expect(wp).toMatchObject({
      x: -353600000,
      y: 1491600000,
      frame: F.MAV_FRAME_GLOBAL_RELATIVE_ALT,
    });
    expect([wp.param1, wp.param2, wp.param3, wp.param4]).toEqual([0, 0, 0, null]);
  });

  it('gives a new waypoint the altitude and frame of the one before', () => {
    let m = addWaypoint(EMPTY_MISSION, A);
    m = setAltitude(m, 1, 45);
    m = setAltitudeFrame(m, 1, 'terrain');
    const added = addWaypoint(m, B).items[2]!;
    expect(added.z).toBe(45);
    expect(added.frame).toBe(F.MAV_FRAME_GLOBAL_TERRAIN_ALT);
  });
});

describe('changing the list', () => {
  it('appends a landing in place, and a loiter at the last place', () => {
    let m = appendItem(threeWaypoints(), C.MAV_CMD_NAV_LAND);
    expect(m.items[4]).toMatchObject({ command: C.MAV_CMD_NAV_LAND, x: 0, y: 0 });
    m = appendItem(m, C.MAV_CMD_NAV_LOITER_TIME);
    expect(itemPlace(m.items[5]!)).toEqual(C3);
    expect(appendItem(EMPTY_MISSION, C.MAV_CMD_NAV_WAYPOINT)).toBe(EMPTY_MISSION);
  });

  it('inserts a waypoint halfway between the places around it', () => {
    const m = insertWaypoint(threeWaypoints(), 2);
    expect(m.items).toHaveLength(5);
    const mid = itemPlace(m.items[2]!)!;
    expect(mid.lat).toBeCloseTo((A.lat + B.lat) / 2, 7);
    expect(mid.lon).toBeCloseTo((A.lon + B.lon) / 2, 7);
  });

  it('deletes an item', () => {
    const m = deleteItem(threeWaypoints(), 1);
    expect(m.items.map(itemPlace)).toEqual([null, B, C3]);
  });

  it('moves an item to another place in the order', () => {
    const m = moveItem(threeWaypoints(), 3, 1);
    expect(m.items.map(itemPlace)).toEqual([null, C3, A, B]);
    expect(moveItem(m, 0, 9)).toBe(m);
  });

  it('drags an item to a new place, keeping its altitude', () => {
    const m = placeItem(setAltitude(threeWaypoints(), 2, 33), 2, C3);
    expect(itemPlace(m.items[2]!)).toEqual(C3);
    expect(m.items[2]!.z).toBe(33);
  });

  it('moves home', () => {
    expect(itemPlace(placeHome(threeWaypoints(), B).home!)).toEqual(B);
  });

  it('sets a parameter, or no value', () => {
    let m = setParam(threeWaypoints(), 1, 1, 5);
    expect(m.items[1]!.param1).toBe(5);
    m = setParam(m, 1, 1, null);
    expect(m.items[1]!.param1).toBeNull();
    expect(setParam(m, 1, 2, NaN)).toBe(m);
  });

  it('keeps the frame family of an item read in an _INT frame', () => {
    const m: Mission = {
      home: null,
      items: [
        {
          ...newItem(commandSpec(C.MAV_CMD_NAV_WAYPOINT)!, A, { altitude: 5, frame: 'relative' }),
          frame: F.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
        },
      ],
    };
    expect(setAltitudeFrame(m, 0, 'amsl').items[0]!.frame).toBe(F.MAV_FRAME_GLOBAL_INT);
  });
});

describe('changing a command', () => {
  it('starts its parameters afresh and keeps its place and altitude', () => {
    const m = setCommand(setAltitude(threeWaypoints(), 1, 30), 1, C.MAV_CMD_NAV_LOITER_TIME);
    const item = m.items[1]!;
    expect(item.command).toBe(C.MAV_CMD_NAV_LOITER_TIME);
    expect(item.param1).toBe(10);
    expect(itemPlace(item)).toEqual(A);
    expect(item.z).toBe(30);
  });

  it('drops the place of a command that has none', () => {
    const item = setCommand(threeWaypoints(), 3, C.MAV_CMD_NAV_RETURN_TO_LAUNCH).items[3]!;
    expect(item).toMatchObject({ frame: F.MAV_FRAME_MISSION, x: 0, y: 0 });
  });

  it('gives a command that needs a place the place before it', () => {
    const m = setCommand(threeWaypoints(), 0, C.MAV_CMD_DO_SET_ROI);
    expect(itemPlace(m.items[0]!)).toEqual(A);
  });
});

import { describe, expect, it } from 'vitest';
import { MISSION_COMMANDS as C, MISSION_FRAMES as F } from '../../protocol/mission-numbers';
import {
  addRallyPoint,
  deleteRallyPoint,
  moveRallyPoint,
  rallyFromItems,
  rallyToItems,
  setRallyAltitude,
} from './rally';

const A = { lat: -35.363261, lon: 149.16523 };
const B = { lat: -35.3641, lon: 149.1661 };

describe('rally points', () => {
  it('are added, moved, raised and deleted', () => {
    let points = addRallyPoint(addRallyPoint([], A, 20), B, 25);
    points = moveRallyPoint(points, 0, B);
    points = setRallyAltitude(points, 1, 40);
    expect(points.map((p) => [p.lat, p.lon, p.alt])).toEqual([
      [B.lat, B.lon, 20],
      [B.lat, B.lon, 40],
    ]);
    expect(deleteRallyPoint(points, 0)).toHaveLength(1);
  });

  it('are RALLY_POINT items above home, and read back the same', () => {
    const items = rallyToItems(addRallyPoint([], A, 20));
    expect(items).toEqual([
      {
        frame: F.MAV_FRAME_GLOBAL_RELATIVE_ALT,
        command: C.MAV_CMD_NAV_RALLY_POINT,
        current: false,
        autocontinue: true,
        param1: 0,
        param2: 0,
        param3: 0,
        param4: 0,
        x: -353632610,
        y: 1491652300,
        z: 20,
      },
    ]);
    const { value, problems } = rallyFromItems(items);
    expect(problems).toEqual([]);
    expect(rallyToItems(value)).toEqual(items);
  });

  it('say which item is not a rally point', () => {
    const [item] = rallyToItems(addRallyPoint([], A, 20));
    const { value, problems } = rallyFromItems([item!, { ...item!, command: 16 }]);
    expect(value).toHaveLength(1);
    expect(problems).toEqual(['rally item 1: command 16 is not a rally point']);
  });
});

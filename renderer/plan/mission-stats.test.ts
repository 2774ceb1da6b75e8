import { describe, expect, it } from 'vitest';
import { MISSION_COMMANDS as C } from '../../protocol/mission-numbers';
import type { MissionItem } from '../../protocol/wire-types';
import { distanceM, offsetM } from '../components/geo';
import { commandSpec } from './commands';
import { homeItem, newItem, type Mission } from './mission';
import { missionStats, type Speeds } from './mission-stats';

const HOME = { lat: -35.363261, lon: 149.16523 };
const SPEEDS: Speeds = { cruise: 5, climb: 2, descent: 1 };
const AT_20 = { altitude: 20, frame: 'relative' } as const;

function item(
  command: number,
  at: { lat: number; lon: number } | null,
  params: Partial<MissionItem> = {},
): MissionItem {
  return { ...newItem(commandSpec(command)!, at, AT_20), ...params };
}

const north100 = offsetM(HOME, 100, 0);
const north100east100 = offsetM(HOME, 100, 100);

function mission(...items: MissionItem[]): Mission {
  return { home: homeItem(HOME, 584), items };
}

describe('distance and time of a mission', () => {
  it('adds the legs from home, climbs at the climb rate and lands at the descent rate', () => {
    const stats = missionStats(
      mission(
        item(C.MAV_CMD_NAV_TAKEOFF, null),
        item(C.MAV_CMD_NAV_WAYPOINT, north100),
        item(C.MAV_CMD_NAV_WAYPOINT, north100east100),
        item(C.MAV_CMD_NAV_LAND, null),
      ),
      SPEEDS,
    );
    expect(stats.distanceM).toBeCloseTo(200, 0);
    // 20 m up at 2 m/s, 200 m at 5 m/s, 20 m down at 1 m/s.
    expect(stats.timeS).toBeCloseTo(10 + 40 + 20, 0);
    expect(stats.endless).toBe(false);
    expect(stats.legM.map(Math.round)).toEqual([0, 100, 100, 0]);
  });

  it('flies at the speed a speed item sets, from that item on', () => {
    const stats = missionStats(
      mission(
        item(C.MAV_CMD_NAV_WAYPOINT, north100, { z: 0 }),
        item(C.MAV_CMD_DO_CHANGE_SPEED, null, { param2: 10 }),
        item(C.MAV_CMD_NAV_WAYPOINT, north100east100, { z: 0 }),
      ),
      SPEEDS,
    );
    expect(stats.timeS).toBeCloseTo(100 / 5 + 100 / 10, 0);
  });

  it('counts holds and timed loiters', () => {
    const stats = missionStats(
      mission(
        item(C.MAV_CMD_NAV_WAYPOINT, north100, { z: 0, param1: 7 }),
        item(C.MAV_CMD_NAV_LOITER_TIME, north100, { z: 0, param1: 30 }),
      ),
      SPEEDS,
    );
    expect(stats.timeS).toBeCloseTo(20 + 7 + 30, 0);
  });

  it('flies home on return to launch and ends there', () => {
    const stats = missionStats(
      mission(
        item(C.MAV_CMD_NAV_WAYPOINT, north100, { z: 0 }),
        item(C.MAV_CMD_NAV_RETURN_TO_LAUNCH, null),
        item(C.MAV_CMD_NAV_WAYPOINT, north100east100, { z: 0 }),
      ),
      SPEEDS,
    );
    expect(stats.distanceM).toBeCloseTo(200, 0);
    expect(stats.legM.map(Math.round)).toEqual([100, 100, 0]);
  });

  it('says the time is open-ended when it loiters until told', () => {
    const stats = missionStats(
      mission(
        item(C.MAV_CMD_NAV_LOITER_UNLIM, north100, { z: 0 }),
        item(C.MAV_CMD_NAV_WAYPOINT, north100east100, { z: 0 }),
      ),
      SPEEDS,
    );
    expect(stats.endless).toBe(true);
    expect(stats.distanceM).toBeCloseTo(100, 0);
  });

  it('takes altitudes above sea level as above home', () => {
    const stats = missionStats(
      mission(item(C.MAV_CMD_NAV_WAYPOINT, HOME, { frame: 0, z: 604 })),
      SPEEDS,
    );
    expect(stats.timeS).toBeCloseTo(20 / 2, 1);
  });

  it('starts at the first place when there is no home', () => {
    const stats = missionStats(
      {
        home: null,
        items: [
          item(C.MAV_CMD_NAV_WAYPOINT, HOME, { z: 0 }),
          item(C.MAV_CMD_NAV_WAYPOINT, north100, { z: 0 }),
        ],
      },
      SPEEDS,
    );
    expect(stats.distanceM).toBeCloseTo(distanceM(HOME, north100), 1);
  });
});

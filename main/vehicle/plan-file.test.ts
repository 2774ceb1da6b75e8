import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAV_CMD as C, MAV_FRAME as F } from '../mavlink/dialect/enums';
import { itemWith } from './mission-items';
import { formatOfName, readPlan, writePlan, PlanFileError, type Plan } from './plan-file';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const item = itemWith;

/** Every kind of value a plan can hold: NaN, float32 fractions, local and mission frames, extremes. */
function everyKindOfItem(): Plan {
  const home = item({
    frame: F.MAV_FRAME_GLOBAL,
    x: -353632621,
    y: 1491652374,
    z: Math.fround(584.3),
  });
  return {
    mission: [
      home,
      item({ command: C.MAV_CMD_NAV_TAKEOFF, param4: NaN, x: -353632621, y: 1491652374, z: 12 }),
      item({
        param1: Math.fround(0.1),
        param4: NaN,
        x: -353622621,
        y: 1491662374,
        z: Math.fround(33.3),
      }),
      item({ frame: F.MAV_FRAME_GLOBAL_TERRAIN_ALT, x: 899999999, y: -1799999999, z: 5 }),
      item({
        frame: F.MAV_FRAME_MISSION,
        command: C.MAV_CMD_DO_CHANGE_SPEED,
        param1: 1,
        param2: 7.5,
        param3: -1,
      }),
      item({ frame: F.MAV_FRAME_LOCAL_NED, x: 12345, y: -678, z: Math.fround(-2.25) }),
      item({ frame: F.MAV_FRAME_MISSION, command: C.MAV_CMD_DO_JUMP, param1: 2, param2: 3 }),
      item({ command: C.MAV_CMD_NAV_LAND, autocontinue: false, x: -353632621, y: 1491664374 }),
    ],
    fence: [
      ...[0, 1, 2].map((i) =>
        item({
          frame: F.MAV_FRAME_GLOBAL,
          command: C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION,
          param1: 3,
          x: -353640000 + i * 5000,
          y: 1491640000 + (i % 2) * 5000,
        }),
      ),
      item({
        frame: F.MAV_FRAME_GLOBAL,
        command: C.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION,
        param1: 250,
        x: -353632621,
        y: 1491652374,
      }),
      item({ command: C.MAV_CMD_NAV_FENCE_RETURN_POINT, x: -353627000, y: 1491655000, z: 30 }),
    ],
    rally: [item({ command: C.MAV_CMD_NAV_RALLY_POINT, x: -353612621, y: 1491642374, z: 40 })],
  };
}

describe('QGroundControl .plan files', () => {
  it('read the mission with home first, the geofence and the rally points', () => {
    const plan = readPlan(fixture('survey.plan'));
    expect(plan.mission).toHaveLength(7);
    expect(plan.mission![0]).toEqual(
      item({ frame: F.MAV_FRAME_GLOBAL, x: -353632621, y: 1491652374, z: 584 }),
    );
    expect(plan.mission![1]).toEqual(
      item({ command: C.MAV_CMD_NAV_TAKEOFF, param4: NaN, x: -353632621, y: 1491652374, z: 20 }),
    );
    expect(plan.mission![3]).toEqual(
      item({
        frame: F.MAV_FRAME_MISSION,
        command: C.MAV_CMD_DO_CHANGE_SPEED,
        param1: 1,
        param2: 7.5,
        param3: -1,
      }),
    );
    expect(plan.mission![4]).toMatchObject({
      frame: F.MAV_FRAME_GLOBAL,
      param1: 30,
      z: Math.fround(610.2),
    });
    expect(plan.fence!.map((i) => [i.command, i.param1])).toEqual([
      [C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, 4],
      [C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, 4],
      [C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, 4],
      [C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, 4],
      [C.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION, 12.5],
      [C.MAV_CMD_NAV_FENCE_RETURN_POINT, 0],
    ]);
    expect(plan.fence![1]).toMatchObject({ x: -353615000, y: 1491635000 });
    expect(plan.fence![5]).toMatchObject({ frame: F.MAV_FRAME_GLOBAL_RELATIVE_ALT, z: 30 });
    expect(plan.rally).toEqual([
      item({ command: C.MAV_CMD_NAV_RALLY_POINT, x: -353612621, y: 1491642374, z: 40 }),
      item({ command: C.MAV_CMD_NAV_RALLY_POINT, x: -353652621, y: 1491662374, z: 35.25 }),
    ]);
  });

  it('write back the file they read, unchanged', () => {
    const text = fixture('survey.plan');
    expect(writePlan(readPlan(text), 'qgc-plan')).toBe(text);
  });

  it('keep every item through writing and reading again', () => {
    const plan = everyKindOfItem();
    const again = readPlan(writePlan(plan, 'qgc-plan'));
    expect(again.mission).toEqual(plan.mission);
    expect(again.fence).toEqual(plan.fence);
    expect(again.rally).toEqual(plan.rally);
  });

  it('read a survey as the waypoints QGroundControl generated for it', () => {
    const survey = {
      type: 'ComplexItem',
      complexItemType: 'survey',
      TransectStyleComplexItem: {
        Items: [
          {
            type: 'SimpleItem',
            autoContinue: true,
            command: 16,
            frame: 3,
            params: [0, 0, 0, null, -35.36, 149.16, 30],
          },
          {
            type: 'SimpleItem',
            autoContinue: true,
            command: 16,
            frame: 3,
            params: [0, 0, 0, null, -35.37, 149.16, 30],
          },
        ],
      },
    };
    const text = JSON.stringify({
      fileType: 'Plan',
      mission: { items: [survey], plannedHomePosition: [-35.36, 149.16, 580] },
    });
    const plan = readPlan(text);
    expect(plan.mission!.map((i) => i.x)).toEqual([-353600000, -353600000, -353700000]);
    expect(plan.fence).toBeUndefined();
    expect(plan.rally).toBeUndefined();
  });

  it('refuse what they cannot read, saying where', () => {
    expect(() => readPlan('{"fileType": "Survey"}')).toThrow(
      'fileType: expected "Plan" (a QGroundControl .plan file)',
    );
    const bad = {
      fileType: 'Plan',
      mission: {
        items: [
          { type: 'SimpleItem', frame: 3, command: 16, autoContinue: true, params: [0, 0, 0] },
        ],
      },
    };
    expect(() => readPlan(JSON.stringify(bad))).toThrow(
      'mission.items[0].params: expected 7 params',
    );
    const structure = {
      fileType: 'Plan',
      mission: { items: [{ type: 'ComplexItem', complexItemType: 'StructureScan' }] },
    };
    expect(() => readPlan(JSON.stringify(structure))).toThrow(
      'mission.items[0]: a StructureScan without the waypoints it generates',
    );
    expect(() => readPlan('{ nope')).toThrow(PlanFileError);
  });
});

describe('QGC WPL 110 files', () => {
  it('read a mission, home first, NaN included', () => {
    const plan = readPlan(fixture('mission.waypoints'));
    expect(Object.keys(plan)).toEqual(['mission']);
    const mission = plan.mission!;
    expect(mission).toHaveLength(7);
    expect(mission[0]).toEqual(
      item({ frame: F.MAV_FRAME_GLOBAL, current: true, x: -353632621, y: 1491652374, z: 584 }),
    );
    expect(mission[2]!.param4).toBeNaN();
    expect(mission[3]).toMatchObject({ param1: 1.5, x: -353622621, y: 1491664374, z: 22.5 });
    expect(mission[6]).toEqual(item({ command: C.MAV_CMD_NAV_RETURN_TO_LAUNCH }));
  });

  it('write back the file they read, unchanged', () => {
    for (const name of ['mission.waypoints', 'fence.waypoints']) {
      const text = fixture(name);
      expect(writePlan(readPlan(text), 'waypoints')).toBe(text);
    }
  });

  it('tell a geofence and rally points by their commands', () => {
    expect(Object.keys(readPlan(fixture('fence.waypoints')))).toEqual(['fence']);
    const rally = writePlan({ rally: everyKindOfItem().rally! }, 'waypoints');
    expect(Object.keys(readPlan(rally))).toEqual(['rally']);
  });

  it('keep every item through writing and reading again', () => {
    const plan = everyKindOfItem();
    for (const type of ['mission', 'fence', 'rally'] as const)
      expect(readPlan(writePlan({ [type]: plan[type] }, 'waypoints'))[type]).toEqual(plan[type]);
  });

  it('read space-separated lines and Windows line ends', () => {
    const text = 'QGC WPL 110\r\n0 1 0 16 0 0 0 0 -35.3632621 149.1652374 584 1\r\n';
    expect(readPlan(text).mission![0]!.x).toBe(-353632621);
  });

  it('refuse what they cannot read, naming the line', () => {
    expect(() => readPlan('QGC WPL 110\n0\t1\t0\t16\t0\n')).toThrow(
      'line 2: expected 12 fields, found 5',
    );
    expect(() => readPlan('QGC WPL 110\n1\t0\t0\t16\t0\t0\t0\t0\t0\t0\t0\t1\n')).toThrow(
      'line 2: expected item 0, found 1',
    );
    expect(() => readPlan('QGC WPL 110\n0\t0\t0\t16\tx\t0\t0\t0\t0\t0\t0\t1\n')).toThrow(
      "line 2: param1 is not a number: 'x'",
    );
    const mixed = writePlan(
      { mission: [item({}), item({ command: C.MAV_CMD_NAV_RALLY_POINT })] },
      'waypoints',
    );
    expect(() => readPlan(mixed)).toThrow(
      'the file mixes mission items with geofence or rally point items',
    );
  });

  it('hold one plan each', () => {
    expect(() => writePlan(everyKindOfItem(), 'waypoints')).toThrow(
      'a QGC WPL file holds one plan, not mission, fence, rally',
    );
  });
});

describe('plan files', () => {
  it('take their format from the name', () => {
    expect(formatOfName('Field.PLAN')).toBe('qgc-plan');
    expect(formatOfName('route.waypoints')).toBe('waypoints');
    expect(formatOfName('route.txt')).toBe('waypoints');
    expect(formatOfName('route.kml')).toBeUndefined();
  });

  it('refuse text that is neither', () => {
    expect(() => readPlan('hello')).toThrow('not a plan file');
  });
});

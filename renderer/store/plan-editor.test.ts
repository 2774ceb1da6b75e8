import { describe, expect, it } from 'vitest';
import { addPolygon } from '../plan/fence';
import { addWaypoint, EMPTY_MISSION } from '../plan/mission';
import { EMPTY_PLAN, planItems } from '../plan/plan';
import { addRallyPoint } from '../plan/rally';
import { planFileOf, takeParts } from './plan-editor';

const A = { lat: -35.363261, lon: 149.16523 };

const plan = {
  mission: addWaypoint(EMPTY_MISSION, A),
  fence: addPolygon(EMPTY_PLAN.fence, A, true),
  rally: addRallyPoint([], A, 30),
};

describe('the plan editor', () => {
  it('replaces only the parts a file holds', () => {
    const { plan: after, problems } = takeParts({ plan }, { rally: [] });
    expect(problems).toEqual([]);
    expect(after.rally).toEqual([]);
    expect(after.mission).toBe(plan.mission);
    expect(after.fence).toBe(plan.fence);
  });

  it('writes all three parts, and what the last .plan said of itself', () => {
    const file = planFileOf({ plan, fileInfo: { cruiseSpeed: 12 } });
    expect(file.mission).toEqual(planItems(plan, 'mission'));
    expect(file.fence).toHaveLength(4);
    expect(file.rally).toHaveLength(1);
    expect(file.qgc).toEqual({ cruiseSpeed: 12 });
    expect(planFileOf({ plan, fileInfo: undefined })).not.toHaveProperty('qgc');
  });

  it('reads back what it writes', () => {
    const { plan: again } = takeParts(
      { plan: EMPTY_PLAN },
      planFileOf({ plan, fileInfo: undefined }),
    );
    expect(planFileOf({ plan: again, fileInfo: undefined })).toEqual(
      planFileOf({ plan, fileInfo: undefined }),
    );
  });
});

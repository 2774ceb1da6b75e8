// The Plan view's map: a click adds what the tool says (a waypoint, a
// fence shape sized to the view, a return point, a rally point); items,
// home, corners, circles and points are dragged to move them. The vehicle
// and its home are shown for reference.

import type { ReactNode } from 'react';
import type { VehicleState } from '../../../protocol/wire-types';
import type { LatLon } from '../../components/geo';
import { HomeMarker, VehicleMarker } from '../../components/map/layers';
import { MapView } from '../../components/map/MapView';
import {
  FenceLayer,
  MissionLayer,
  RallyLayer,
  ShowPlan,
  type FenceEdits,
  type MissionEdits,
} from '../../components/map/plan-layers';
import {
  addCircle,
  addPolygon,
  deleteVertex,
  insertVertex,
  moveCircle,
  moveVertex,
  setReturnPoint,
} from '../../plan/fence';
import { addWaypoint, homeItem, homePlace, placeHome, placeItem } from '../../plan/mission';
import type { Plan } from '../../plan/plan';
import { addRallyPoint, moveRallyPoint } from '../../plan/rally';
import { editPlan, usePlanEditor, type PlanTool } from '../../store/plan-editor';

/** Rally points go this high unless changed. */
const RALLY_ALTITUDE_M = 30;

/** What a click at `at` does to the plan, with the tool chosen; `viewM` sizes fence shapes. */
function pick(
  plan: Plan,
  tool: PlanTool,
  at: LatLon,
  viewM: number,
  vehicleHome: VehicleState['home'],
): Plan {
  const size = Math.max(10, Math.round(viewM / 4));
  switch (tool) {
    case 'waypoint': {
      const { defaults } = usePlanEditor.getState();
      // A plan with no home yet starts at the vehicle's, when it has one.
      const mission =
        plan.mission.home === null && vehicleHome !== null
          ? { ...plan.mission, home: homeItem(vehicleHome, vehicleHome.altAmsl) }
          : plan.mission;
      return { ...plan, mission: addWaypoint(mission, at, defaults) };
    }
    case 'rally':
      return { ...plan, rally: addRallyPoint(plan.rally, at, RALLY_ALTITUDE_M) };
    case 'inclusion-polygon':
    case 'exclusion-polygon':
      return { ...plan, fence: addPolygon(plan.fence, at, tool === 'inclusion-polygon', size) };
    case 'inclusion-circle':
    case 'exclusion-circle':
      return { ...plan, fence: addCircle(plan.fence, at, tool === 'inclusion-circle', size / 2) };
    case 'return-point':
      return { ...plan, fence: setReturnPoint(plan.fence, at) };
  }
}

const missionEdits: MissionEdits = {
  onMove: (index, to) => editPlan((p) => ({ ...p, mission: placeItem(p.mission, index, to) })),
  onMoveHome: (to) => editPlan((p) => ({ ...p, mission: placeHome(p.mission, to) })),
  onSelect: (index) => usePlanEditor.setState({ selected: { type: 'mission', index } }),
};

const fenceEdits: FenceEdits = {
  onMoveVertex: (p, v, to) =>
    editPlan((plan) => ({ ...plan, fence: moveVertex(plan.fence, p, v, to) })),
  onInsertVertex: (p, v, at) =>
    editPlan((plan) => ({ ...plan, fence: insertVertex(plan.fence, p, v, at) })),
  onDeleteVertex: (p, v) =>
    editPlan((plan) => ({ ...plan, fence: deleteVertex(plan.fence, p, v) })),
  onMoveCircle: (c, to) => editPlan((plan) => ({ ...plan, fence: moveCircle(plan.fence, c, to) })),
  onMoveReturn: (to) => editPlan((plan) => ({ ...plan, fence: setReturnPoint(plan.fence, to) })),
};

const moveRally = (i: number, to: LatLon): void =>
  editPlan((p) => ({ ...p, rally: moveRallyPoint(p.rally, i, to) }));

export function PlanMap({ vehicle }: { vehicle: VehicleState | null }): ReactNode {
  const plan = usePlanEditor((s) => s.plan);
  const readCount = usePlanEditor((s) => s.readCount);
  const selected = usePlanEditor((s) => (s.selected?.type === 'mission' ? s.selected.index : null));
  const position = vehicle?.position ?? null;
  const vehicleAt =
    position === null || (position.lat === 0 && position.lon === 0)
      ? null
      : { lat: position.lat, lon: position.lon };
  const home = vehicle?.home ?? null;
  // Where to look first: the plan, else the vehicle's home, else the vehicle.
  const start = homePlace(plan.mission) ?? home ?? vehicleAt;
  return (
    <section className="panel plan-map" aria-label="Plan map">
      <MapView
        label="Plan map"
        testId="plan-map"
        start={start}
        worldUntilPlaced
        onPick={(at, viewM) => {
          const { tool } = usePlanEditor.getState();
          editPlan((p) => pick(p, tool, at, viewM, home));
        }}
      >
        <ShowPlan mission={plan.mission} fence={plan.fence} rally={plan.rally} when={readCount} />
        <FenceLayer fence={plan.fence} edits={fenceEdits} />
        <RallyLayer points={plan.rally} onMove={moveRally} />
        <MissionLayer mission={plan.mission} selected={selected} edits={missionEdits} />
        {home === null ? null : <HomeMarker at={home} />}
        {vehicleAt === null ? null : (
          <VehicleMarker
            at={vehicleAt}
            heading={position?.heading ?? vehicle?.hud?.heading ?? null}
          />
        )}
      </MapView>
    </section>
  );
}

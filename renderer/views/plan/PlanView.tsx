// The Plan view: the map with the plan on it, beside the plan's three
// parts (mission, geofence, rally points: the part shown says what a click
// on the map adds), the vehicle (download, upload with its differences)
// and files.

import type { ReactNode } from 'react';
import type { MissionType } from '../../../protocol/wire-types';
import { MISSION_TYPE_NOUNS, MISSION_TYPES } from '../../plan/plan';
import { usePlanEditor, type PlanTool } from '../../store/plan-editor';
import { selectedVehicle, useTelemetry } from '../../store/telemetry';
import { useKnownPlans } from '../../store/vehicle-plans';
import { FenceItems } from './FenceItems';
import { MissionItems } from './MissionItems';
import { PlanFiles } from './PlanFiles';
import { PlanMap } from './PlanMap';
import { RallyItems } from './RallyItems';
import { VehicleTransfer } from './VehicleTransfer';

function partOf(tool: PlanTool): MissionType {
  return tool === 'waypoint' ? 'mission' : tool === 'rally' ? 'rally' : 'fence';
}

const FIRST_TOOL: Record<MissionType, PlanTool> = {
  mission: 'waypoint',
  fence: 'inclusion-polygon',
  rally: 'rally',
};

export function PlanView(): ReactNode {
  const vehicle = useTelemetry(selectedVehicle);
  useKnownPlans(vehicle);
  const part = usePlanEditor((s) => partOf(s.tool));
  return (
    <div className="view plan-view">
      <h1 className="visually-hidden">Plan</h1>
      <PlanMap vehicle={vehicle} />
      <div className="plan-side">
        <section className="panel" aria-label="Plan">
          <div className="plan-tabs" role="tablist" aria-label="Part of the plan">
            {MISSION_TYPES.map((type) => (
              <button
                key={type}
                type="button"
                role="tab"
                aria-selected={part === type}
                data-testid={`plan-tab-${type}`}
                onClick={() => {
                  if (part !== type) usePlanEditor.setState({ tool: FIRST_TOOL[type] });
                }}
              >
                {MISSION_TYPE_NOUNS[type][0]!.toUpperCase() + MISSION_TYPE_NOUNS[type].slice(1)}
              </button>
            ))}
          </div>
          {part === 'mission' ? (
            <MissionItems />
          ) : part === 'fence' ? (
            <FenceItems />
          ) : (
            <RallyItems />
          )}
        </section>
        <VehicleTransfer vehicle={vehicle} />
        <PlanFiles part={part} />
      </div>
    </div>
  );
}

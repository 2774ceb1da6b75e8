// A vehicle's plans as a file holds them: any of its mission, geofence and
// rally points, and what a QGroundControl .plan says about itself.

import type { MissionItem, MissionType } from './mission-items';

/** What a .plan says about itself, kept from reading to writing. */
export interface QgcPlanInfo {
  groundStation: string;
  cruiseSpeed: number;
  hoverSpeed: number;
  firmwareType: number;
  vehicleType: number;
  globalPlanAltitudeMode: number;
}

/** The plans a file holds: a section is there only if the file has it. */
export interface Plan {
  mission?: MissionItem[];
  fence?: MissionItem[];
  rally?: MissionItem[];
  /** What a .plan said about itself, written back unchanged. */
  qgc?: Partial<QgcPlanInfo>;
}

export class PlanFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanFileError';
  }
}

/** The plan types a plan holds, in the order they are sent. */
export function planTypes(plan: Plan): MissionType[] {
  return (['mission', 'fence', 'rally'] as const).filter((type) => plan[type] !== undefined);
}

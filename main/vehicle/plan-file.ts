// Plans in files: a QGroundControl `.plan` (mission, geofence and rally
// points together) or a `QGC WPL 110` text file (`.waypoints`, as Mission
// Planner and MAVProxy write them; one plan per file). Text in, plans out
// and back; the caller reads and writes the file.

import type { MissionType } from './mission-items';
import { PlanFileError, planTypes, type Plan } from './plan';
import { formatQgcPlan, parseQgcPlan } from './qgc-plan-file';
import { formatWaypoints, parseWaypoints } from './waypoints-file';

export type PlanFormat = 'qgc-plan' | 'waypoints';

/** The format a file name asks for: `.plan`, or QGC WPL for `.waypoints`, `.mission` and `.txt`. */
export function formatOfName(name: string): PlanFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.plan')) return 'qgc-plan';
  if (/\.(waypoints|mission|txt)$/.test(lower)) return 'waypoints';
  return undefined;
}

/** The format of a file's text, by its first characters. */
export function formatOfText(text: string): PlanFormat | undefined {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('QGC WPL')) return 'waypoints';
  if (start.startsWith('{')) return 'qgc-plan';
  return undefined;
}

/** The plans in a file's text, whichever format it is. */
export function readPlan(text: string): Plan {
  switch (formatOfText(text)) {
    case 'qgc-plan':
      return parseQgcPlan(text);
    case 'waypoints': {
      const { type, items } = parseWaypoints(text);
      return { [type]: items };
    }
    case undefined:
      throw new PlanFileError(
        "not a plan file: expected a QGroundControl .plan (JSON) or 'QGC WPL 110' text",
      );
  }
}

/** A file's text for `plan`; a QGC WPL file holds one plan, so it must hold one. */
export function writePlan(plan: Plan, format: PlanFormat): string {
  if (format === 'qgc-plan') return formatQgcPlan(plan);
  const types = planTypes(plan);
  if (types.length !== 1)
    throw new PlanFileError(
      `a QGC WPL file holds one plan, not ${types.length === 0 ? 'none' : types.join(', ')}: ` +
        'pick one, or write a .plan',
    );
  return formatWaypoints(plan[types[0] as MissionType]!);
}

export { PlanFileError, planTypes, type Plan };

// The simulated vehicle's plans as its state file keeps them: each plan a
// list of rows, an item a row of frame, command, current, autocontinue,
// param1-4, x, y, z. NaN (a float's "no value") is written as null, since
// JSON has no NaN.

import { MISSION_TYPES, type MissionItem, type MissionType } from '../vehicle/mission-items';

export type StoredPlans = { readonly [T in MissionType]: readonly MissionItem[] };

type Row = (number | null)[];

/** The plans as the state file holds them. */
export function formatPlans(plans: StoredPlans): Record<MissionType, Row[]> {
  const out = {} as Record<MissionType, Row[]>;
  for (const type of MISSION_TYPES)
    out[type] = plans[type].map((i) =>
      [
        i.frame,
        i.command,
        i.current ? 1 : 0,
        i.autocontinue ? 1 : 0,
        i.param1,
        i.param2,
        i.param3,
        i.param4,
        i.x,
        i.y,
        i.z,
      ].map((v) => (Number.isNaN(v) ? null : v)),
    );
  return out;
}

/** The plans from the state file; throws on anything it cannot read. */
export function parsePlans(data: unknown): StoredPlans {
  const plans = data as Partial<Record<MissionType, unknown>> | null;
  if (typeof plans !== 'object' || plans === null) throw new Error('the state file has bad plans');
  const out = {} as Record<MissionType, MissionItem[]>;
  for (const type of MISSION_TYPES) {
    const rows = plans[type] ?? [];
    if (!Array.isArray(rows)) throw new Error(`the state file has a bad ${type} plan`);
    out[type] = rows.map((row: unknown) => parseRow(row, type));
  }
  return out;
}

function parseRow(row: unknown, type: MissionType): MissionItem {
  const ok =
    Array.isArray(row) &&
    row.length === 11 &&
    row.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v)));
  if (!ok) throw new Error(`the state file has a bad item in its ${type} plan`);
  const v = (row as (number | null)[]).map((x) => x ?? NaN);
  return {
    frame: v[0]!,
    command: v[1]!,
    current: v[2] === 1,
    autocontinue: v[3] === 1,
    param1: v[4]!,
    param2: v[5]!,
    param3: v[6]!,
    param4: v[7]!,
    x: v[8]!,
    y: v[9]!,
    z: v[10]!,
  };
}

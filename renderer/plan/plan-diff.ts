// What an upload would change on the vehicle: the plan's items against the
// items the vehicle is known to hold (from the last download or upload),
// item by item, in words a pilot reads before pressing "Upload". The
// vehicle holds floats as float32 and keeps its own home as mission item 0,
// so neither rounding nor home counts as a difference.

import type { MissionItem, MissionType } from '../../protocol/wire-types';
import { distanceM } from '../components/geo';
import { commandName, commandSpec } from './commands';
import { ALTITUDE_FRAME_LABELS, altitudeFrameOf, isGlobalFrame } from './frames';
import { latLonOf } from './items';

/**
 * `seq` is the item's number on the vehicle; `number` the pilot's: the
 * same for the mission (home is 0), from 1 for the geofence and rally points.
 */
export type ItemChange =
  | { kind: 'added'; seq: number; number: number; plan: MissionItem }
  | { kind: 'removed'; seq: number; number: number; vehicle: MissionItem }
  | {
      kind: 'changed';
      seq: number;
      number: number;
      plan: MissionItem;
      vehicle: MissionItem;
      fields: string[];
    };

export interface PlanDiff {
  type: MissionType;
  /** False when what the vehicle holds is not known (never downloaded or uploaded). */
  known: boolean;
  changes: ItemChange[];
}

/** Equal as the vehicle stores them: float32, and null (NaN) equal to null. */
function sameFloat(a: number | null, b: number | null): boolean {
  if (a === null || b === null || Number.isNaN(a) || Number.isNaN(b))
    return (a === null || Number.isNaN(a)) && (b === null || Number.isNaN(b));
  return Math.fround(a) === Math.fround(b);
}

function formatValue(value: number | null, unit = ''): string {
  if (value === null) return 'none';
  const text = String(Number(Math.fround(value).toPrecision(7)));
  return unit === '' ? text : `${text} ${unit}`;
}

function formatMetres(m: number): string {
  return m < 10 ? `${m.toFixed(1)} m` : `${Math.round(m)} m`;
}

function frameLabel(frame: number): string {
  const kind = altitudeFrameOf(frame);
  return kind === null ? `frame ${frame}` : ALTITUDE_FRAME_LABELS[kind];
}

/** The differences between two items in words ("altitude 20 m → 30 m"), none when equal. */
export function itemDifferences(vehicle: MissionItem, plan: MissionItem): string[] {
  const out: string[] = [];
  if (vehicle.command !== plan.command)
    out.push(`command ${commandName(vehicle.command)} → ${commandName(plan.command)}`);
  if (vehicle.frame !== plan.frame)
    out.push(`altitude ${frameLabel(vehicle.frame)} → ${frameLabel(plan.frame)}`);
  if (vehicle.x !== plan.x || vehicle.y !== plan.y) {
    const global = isGlobalFrame(vehicle.frame) && isGlobalFrame(plan.frame);
    const metres = global ? distanceM(latLonOf(vehicle), latLonOf(plan)) : null;
    out.push(metres === null ? 'moved' : `moved ${formatMetres(metres)}`);
  }
  if (!sameFloat(vehicle.z, plan.z))
    out.push(`altitude ${formatValue(vehicle.z, 'm')} → ${formatValue(plan.z, 'm')}`);
  // Another command reads its parameters otherwise: the new command says it all.
  if (vehicle.command === plan.command) {
    const params = commandSpec(plan.command)?.params;
    for (const n of [1, 2, 3, 4] as const) {
      const key = `param${n}` as const;
      if (sameFloat(vehicle[key], plan[key])) continue;
      const spec = params?.[n - 1];
      const name = spec?.label.toLowerCase() ?? `param ${n}`;
      out.push(
        `${name} ${formatValue(vehicle[key], spec?.unit)} → ${formatValue(plan[key], spec?.unit)}`,
      );
    }
  }
  if (vehicle.autocontinue !== plan.autocontinue)
    out.push(plan.autocontinue ? 'goes on by itself' : 'waits when done');
  return out;
}

/** The plan's items against the vehicle's (null: not known). */
export function diffItems(
  type: MissionType,
  plan: readonly MissionItem[],
  vehicle: readonly MissionItem[] | null,
): PlanDiff {
  if (vehicle === null) return { type, known: false, changes: [] };
  const changes: ItemChange[] = [];
  // Mission item 0 is home: the vehicle keeps its own there, whatever is sent.
  const first = type === 'mission' ? 1 : 0;
  const count = Math.max(plan.length, vehicle.length);
  for (let seq = first; seq < count; seq++) {
    const number = type === 'mission' ? seq : seq + 1;
    const p = plan[seq];
    const v = vehicle[seq];
    if (p !== undefined && v === undefined) changes.push({ kind: 'added', seq, number, plan: p });
    else if (p === undefined && v !== undefined)
      changes.push({ kind: 'removed', seq, number, vehicle: v });
    else if (p !== undefined && v !== undefined) {
      const fields = itemDifferences(v, p);
      if (fields.length > 0)
        changes.push({ kind: 'changed', seq, number, plan: p, vehicle: v, fields });
    }
  }
  return { type, known: true, changes };
}

/** One line per change, as the pilot reads them before an upload. */
export function describeChange(change: ItemChange): string {
  switch (change.kind) {
    case 'added':
      return `Item ${change.number} (${commandName(change.plan.command)}) is new`;
    case 'removed':
      return `Item ${change.number} (${commandName(change.vehicle.command)}) goes away`;
    case 'changed':
      return `Item ${change.number} (${commandName(change.plan.command)}): ${change.fields.join(', ')}`;
  }
}

// The `QGC WPL 110` text format (Mission Planner's and MAVProxy's
// `.waypoints`): a header line, then one item per line with its fields
// separated by tabs: index, current, frame, command, param1-4, x, y, z,
// autocontinue; x and y in degrees in global frames. One plan per file: a
// mission (line 0 is home on ArduPilot), or a geofence or rally points,
// told apart by their commands.

import { MAV_CMD } from '../mavlink/dialect/enums';
import type { MissionItem, MissionType } from './mission-items';
import { float32Decimal, positionText, positionValue, toFloat32 } from './plan-numbers';
import { PlanFileError } from './plan';

export const WPL_HEADER = 'QGC WPL 110';

const FENCE_COMMANDS: ReadonlySet<number> = new Set([
  MAV_CMD.MAV_CMD_NAV_FENCE_RETURN_POINT,
  MAV_CMD.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION,
  MAV_CMD.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION,
  MAV_CMD.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION,
  MAV_CMD.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION,
]);

function text(value: number): string {
  return Number.isNaN(value) ? 'NaN' : String(float32Decimal(value));
}

export function formatWaypoints(items: readonly MissionItem[]): string {
  const lines = items.map((item, seq) =>
    [
      seq,
      item.current ? 1 : 0,
      item.frame,
      item.command,
      text(item.param1),
      text(item.param2),
      text(item.param3),
      text(item.param4),
      String(positionText(item.x, item.frame)),
      String(positionText(item.y, item.frame)),
      text(item.z),
      item.autocontinue ? 1 : 0,
    ].join('\t'),
  );
  return [WPL_HEADER, ...lines].join('\n') + '\n';
}

/** Which plan a file's items are: fence and rally commands give them away. */
export function waypointsType(items: readonly MissionItem[]): MissionType {
  const fence = items.filter((i) => FENCE_COMMANDS.has(i.command)).length;
  const rally = items.filter((i) => i.command === MAV_CMD.MAV_CMD_NAV_RALLY_POINT).length;
  if (fence === 0 && rally === 0) return 'mission';
  if (fence === items.length) return 'fence';
  if (rally === items.length) return 'rally';
  throw new PlanFileError(
    'the file mixes mission items with geofence or rally point items; a QGC WPL file holds one plan',
  );
}

function field(value: string, line: number, name: string): number {
  const n = /^nan$/i.test(value) ? NaN : Number(value);
  if (value === '' || (Number.isNaN(n) && !/^nan$/i.test(value)))
    throw new PlanFileError(`line ${line}: ${name} is not a number: '${value}'`);
  return n;
}

function whole(value: string, line: number, name: string, max: number): number {
  const n = field(value, line, name);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new PlanFileError(
      `line ${line}: ${name} must be a whole number 0..${max}, not '${value}'`,
    );
  return n;
}

/** The items of a QGC WPL 110 file, and which plan they are. */
export function parseWaypoints(source: string): { type: MissionType; items: MissionItem[] } {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]?.trim() ?? '';
  if (!/^QGC WPL 110\b/.test(header))
    throw new PlanFileError(`line 1: expected '${WPL_HEADER}', found '${header.slice(0, 40)}'`);
  const items: MissionItem[] = [];
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    const fields = raw.trim().split(/\s+/);
    if (raw.trim() === '') return;
    if (fields.length !== 12)
      throw new PlanFileError(`line ${line}: expected 12 fields, found ${fields.length}`);
    const [seq, current, frameText, command, p1, p2, p3, p4, x, y, z, auto] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (whole(seq, line, 'the index', 0xffff) !== items.length)
      throw new PlanFileError(`line ${line}: expected item ${items.length}, found ${seq}`);
    const frame = whole(frameText, line, 'the frame', 255);
    const position = (value: string, name: string) => {
      const v = positionValue(field(value, line, name), frame);
      if (v === undefined)
        throw new PlanFileError(`line ${line}: ${name} is out of range: ${value}`);
      return v;
    };
    items.push({
      frame,
      command: whole(command, line, 'the command', 0xffff),
      current: whole(current, line, 'current', 1) === 1,
      autocontinue: whole(auto, line, 'autocontinue', 1) === 1,
      param1: toFloat32(field(p1, line, 'param1')),
      param2: toFloat32(field(p2, line, 'param2')),
      param3: toFloat32(field(p3, line, 'param3')),
      param4: toFloat32(field(p4, line, 'param4')),
      x: position(x, 'x (latitude)'),
      y: position(y, 'y (longitude)'),
      z: toFloat32(field(z, line, 'z (altitude)')),
    });
  });
  return { type: waypointsType(items), items };
}

// QGroundControl's `.plan` file (JSON, "fileType": "Plan"): the mission,
// the geofence (polygons, circles, a breach return point) and the rally
// points together.
//
// - The mission's items are "SimpleItem"s with their frame, command, seven
//   params (latitude and longitude in degrees; null for NaN) and
//   autoContinue; "plannedHomePosition" is item 0 (ArduPilot keeps home
//   there). A survey or corridor scan ("ComplexItem") is read as the
//   waypoints QGroundControl generated for it.
// - Fence polygons and circles become MAV_CMD_NAV_FENCE_* items (a polygon
//   as one vertex item per corner, each with the corner count in param1),
//   rally points MAV_CMD_NAV_RALLY_POINT items.
// - What the file says about itself (speeds, vehicle and firmware type,
//   the ground station that wrote it) is kept, so a plan read and written
//   again is the same file. Items keep every field but `current`, which a
//   .plan does not hold.

import { MAV_CMD, MAV_FRAME } from '../mavlink/dialect/enums';
import { isGlobalFrame, itemWith, type MissionItem } from './mission-items';
import { float32Decimal, positionText, positionValue, toFloat32 } from './plan-numbers';
import { PlanFileError, type Plan, type QgcPlanInfo } from './plan';

const C = MAV_CMD;

const DEFAULT_INFO: QgcPlanInfo = {
  groundStation: 'Sigil',
  cruiseSpeed: 15,
  hoverSpeed: 5,
  // MAV_AUTOPILOT_ARDUPILOTMEGA, MAV_TYPE_QUADROTOR.
  firmwareType: 3,
  vehicleType: 2,
  globalPlanAltitudeMode: 1,
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** QGroundControl's AltitudeMode by frame: relative 1, AMSL 2, terrain 4. */
function altitudeMode(frame: number): number {
  switch (frame) {
    case MAV_FRAME.MAV_FRAME_GLOBAL:
    case MAV_FRAME.MAV_FRAME_GLOBAL_INT:
      return 2;
    case MAV_FRAME.MAV_FRAME_GLOBAL_TERRAIN_ALT:
    case MAV_FRAME.MAV_FRAME_GLOBAL_TERRAIN_ALT_INT:
      return 4;
    default:
      return 1;
  }
}

const num = (value: number): number | null => (Number.isNaN(value) ? null : float32Decimal(value));

function simpleItem(item: MissionItem, seq: number): JsonObject {
  const params = [
    num(item.param1),
    num(item.param2),
    num(item.param3),
    num(item.param4),
    positionText(item.x, item.frame),
    positionText(item.y, item.frame),
    num(item.z),
  ];
  const out: JsonObject = {};
  if (isGlobalFrame(item.frame)) {
    out.AMSLAltAboveTerrain = null;
    out.Altitude = num(item.z);
    out.AltitudeMode = altitudeMode(item.frame);
  }
  out.autoContinue = item.autocontinue;
  out.command = item.command;
  out.doJumpId = seq;
  out.frame = item.frame;
  out.params = params;
  out.type = 'SimpleItem';
  return out;
}

function latLon(item: MissionItem): [number, number] {
  return [item.x / 1e7, item.y / 1e7];
}

function geoFence(items: readonly MissionItem[]): JsonObject {
  const polygons: Json[] = [];
  const circles: Json[] = [];
  let breachReturn: Json | undefined;
  for (let i = 0; i < items.length;) {
    const item = items[i]!;
    switch (item.command) {
      case C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION:
      case C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION: {
        const count = Math.max(1, Math.round(item.param1));
        polygons.push({
          inclusion: item.command === C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION,
          polygon: items.slice(i, i + count).map(latLon),
          version: 1,
        });
        i += count;
        continue;
      }
      case C.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION:
      case C.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION:
        circles.push({
          circle: { center: latLon(item), radius: num(item.param1) },
          inclusion: item.command === C.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION,
          version: 1,
        });
        break;
      case C.MAV_CMD_NAV_FENCE_RETURN_POINT:
        breachReturn = [...latLon(item), num(item.z)];
        break;
      default:
        throw new PlanFileError(
          `a .plan geofence holds polygons, circles and a return point, not command ${item.command}`,
        );
    }
    i++;
  }
  return {
    ...(breachReturn === undefined ? {} : { breachReturn }),
    circles,
    polygons,
    version: 2,
  };
}

/** The plan as a QGroundControl .plan file (its sections that `plan` has). */
export function formatQgcPlan(plan: Plan): string {
  const info = { ...DEFAULT_INFO, ...plan.qgc };
  const mission = plan.mission ?? [];
  const home = mission[0];
  const file: JsonObject = {
    fileType: 'Plan',
    geoFence: geoFence(plan.fence ?? []),
    groundStation: info.groundStation,
    mission: {
      cruiseSpeed: info.cruiseSpeed,
      firmwareType: info.firmwareType,
      globalPlanAltitudeMode: info.globalPlanAltitudeMode,
      hoverSpeed: info.hoverSpeed,
      items: mission.slice(1).map((item, i) => simpleItem(item, i + 1)),
      plannedHomePosition: home === undefined ? [0, 0, 0] : [...latLon(home), num(home.z)],
      vehicleType: info.vehicleType,
      version: 2,
    },
    rallyPoints: {
      points: (plan.rally ?? []).map((item) => [...latLon(item), num(item.z)]),
      version: 2,
    },
    version: 1,
  };
  return JSON.stringify(file, null, 4) + '\n';
}

// ---- reading ----

function fail(where: string, what: string): never {
  throw new PlanFileError(`${where}: ${what}`);
}

function object(value: Json | undefined, where: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(where, 'expected an object');
  return value;
}

function array(value: Json | undefined, where: string): Json[] {
  if (!Array.isArray(value)) fail(where, 'expected a list');
  return value;
}

function number(value: Json | undefined, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(where, 'expected a number');
  return value;
}

/** A float field: null is NaN (QGroundControl writes NaN so). */
function float(value: Json | undefined, where: string): number {
  return value === null ? NaN : toFloat32(number(value, where));
}

function whole(value: Json | undefined, where: string, max: number): number {
  const n = number(value, where);
  if (!Number.isInteger(n) || n < 0 || n > max) fail(where, `expected a whole number 0..${max}`);
  return n;
}

function position(value: Json | undefined, frame: number, where: string): number {
  const v = positionValue(number(value, where), frame);
  if (v === undefined) fail(where, 'out of range');
  return v;
}

function item(json: Json, where: string): MissionItem {
  const o = object(json, where);
  const frame = whole(o.frame, `${where}.frame`, 255);
  const params = array(o.params, `${where}.params`);
  if (params.length !== 7) fail(`${where}.params`, 'expected 7 params');
  const autoContinue = o.autoContinue;
  if (typeof autoContinue !== 'boolean') fail(`${where}.autoContinue`, 'expected true or false');
  return {
    frame,
    command: whole(o.command, `${where}.command`, 0xffff),
    current: false,
    autocontinue: autoContinue,
    param1: float(params[0]!, `${where}.params[0]`),
    param2: float(params[1]!, `${where}.params[1]`),
    param3: float(params[2]!, `${where}.params[2]`),
    param4: float(params[3]!, `${where}.params[3]`),
    x: position(params[4], frame, `${where}.params[4]`),
    y: position(params[5], frame, `${where}.params[5]`),
    z: float(params[6]!, `${where}.params[6]`),
  };
}

/** A place item: frame, command and param1 given, the rest zero. */
function placeItem(
  command: number,
  frame: number,
  point: Json | undefined,
  where: string,
  param1 = 0,
): MissionItem {
  const p = array(point, where);
  if (p.length < 2) fail(where, 'expected [latitude, longitude]');
  return itemWith({
    frame,
    command,
    param1: toFloat32(param1),
    x: position(p[0], MAV_FRAME.MAV_FRAME_GLOBAL, `${where}[0]`),
    y: position(p[1], MAV_FRAME.MAV_FRAME_GLOBAL, `${where}[1]`),
    z: p.length > 2 ? float(p[2]!, `${where}[2]`) : 0,
  });
}

function missionItems(json: Json, where: string): MissionItem[] {
  const o = object(json, where);
  if (o.type === 'SimpleItem') return [item(o, where)];
  if (o.type === 'ComplexItem') {
    const transect = o.TransectStyleComplexItem;
    if (typeof transect === 'object' && transect !== null && !Array.isArray(transect)) {
      return array(transect.Items, `${where}.TransectStyleComplexItem.Items`).map((sub, i) =>
        item(sub, `${where}.TransectStyleComplexItem.Items[${i}]`),
      );
    }
    fail(
      where,
      `a ${String(o.complexItemType ?? 'complex item')} without the waypoints it generates; ` +
        'save the plan again in QGroundControl',
    );
  }
  fail(
    `${where}.type`,
    `expected SimpleItem or ComplexItem, not ${JSON.stringify(o.type ?? null)}`,
  );
}

function fenceItems(json: Json): MissionItem[] {
  const fence = object(json, 'geoFence');
  const items: MissionItem[] = [];
  const global = MAV_FRAME.MAV_FRAME_GLOBAL;
  array(fence.polygons ?? [], 'geoFence.polygons').forEach((p, i) => {
    const where = `geoFence.polygons[${i}]`;
    const polygon = object(p, where);
    const corners = array(polygon.polygon, `${where}.polygon`);
    if (corners.length < 3) fail(`${where}.polygon`, 'a polygon has at least 3 corners');
    const command =
      polygon.inclusion === false
        ? C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION
        : C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION;
    corners.forEach((corner, k) =>
      items.push(placeItem(command, global, corner, `${where}.polygon[${k}]`, corners.length)),
    );
  });
  array(fence.circles ?? [], 'geoFence.circles').forEach((c, i) => {
    const where = `geoFence.circles[${i}]`;
    const o = object(c, where);
    const circle = object(o.circle, `${where}.circle`);
    const command =
      o.inclusion === false
        ? C.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION
        : C.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION;
    const radius = number(circle.radius, `${where}.circle.radius`);
    items.push(placeItem(command, global, circle.center, `${where}.circle.center`, radius));
  });
  if (fence.breachReturn !== undefined) {
    const frame = MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT;
    items.push(
      placeItem(
        C.MAV_CMD_NAV_FENCE_RETURN_POINT,
        frame,
        fence.breachReturn,
        'geoFence.breachReturn',
      ),
    );
  }
  return items;
}

function rallyItems(json: Json): MissionItem[] {
  const rally = object(json, 'rallyPoints');
  const frame = MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT;
  return array(rally.points ?? [], 'rallyPoints.points').map((p, i) =>
    placeItem(C.MAV_CMD_NAV_RALLY_POINT, frame, p, `rallyPoints.points[${i}]`),
  );
}

function homeItem(json: Json | undefined): MissionItem {
  return placeItem(
    C.MAV_CMD_NAV_WAYPOINT,
    MAV_FRAME.MAV_FRAME_GLOBAL,
    json,
    'mission.plannedHomePosition',
  );
}

/** The sections of a .plan file's text; what it holds, and only that. */
export function parseQgcPlan(text: string): Plan {
  let data: Json;
  try {
    data = JSON.parse(text) as Json;
  } catch (error) {
    throw new PlanFileError(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const file = object(data, 'the file');
  if (file.fileType !== 'Plan') fail('fileType', 'expected "Plan" (a QGroundControl .plan file)');
  const plan: Plan = {};
  const info: Partial<QgcPlanInfo> = {};
  if (typeof file.groundStation === 'string') info.groundStation = file.groundStation;
  if (file.mission !== undefined) {
    const mission = object(file.mission, 'mission');
    for (const key of [
      'cruiseSpeed',
      'hoverSpeed',
      'firmwareType',
      'vehicleType',
      'globalPlanAltitudeMode',
    ] as const)
      if (typeof mission[key] === 'number') info[key] = mission[key];
    const items = array(mission.items ?? [], 'mission.items').flatMap((entry, i) =>
      missionItems(entry, `mission.items[${i}]`),
    );
    plan.mission = [homeItem(mission.plannedHomePosition), ...items];
  }
  if (file.geoFence !== undefined) plan.fence = fenceItems(file.geoFence);
  if (file.rallyPoints !== undefined) plan.rally = rallyItems(file.rallyPoints);
  plan.qgc = info;
  return plan;
}

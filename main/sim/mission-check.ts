// What the simulated vehicle accepts in each plan, answered as ArduPilot
// answers an upload: the MAV_MISSION_RESULT of one item, and of a whole
// geofence (its polygons must be complete).

import { MAV_CMD, MAV_FRAME, MAV_MISSION_RESULT as R } from '../mavlink/dialect';
import { isGlobalFrame, type MissionItem, type MissionType } from '../vehicle/mission-items';

const C = MAV_CMD;

/** Navigation commands: each is flown (or waited out) before the mission goes on. */
export const NAV_COMMANDS: ReadonlySet<number> = new Set([
  C.MAV_CMD_NAV_WAYPOINT,
  C.MAV_CMD_NAV_LOITER_UNLIM,
  C.MAV_CMD_NAV_LOITER_TURNS,
  C.MAV_CMD_NAV_LOITER_TIME,
  C.MAV_CMD_NAV_RETURN_TO_LAUNCH,
  C.MAV_CMD_NAV_LAND,
  C.MAV_CMD_NAV_TAKEOFF,
  C.MAV_CMD_NAV_SPLINE_WAYPOINT,
  C.MAV_CMD_NAV_DELAY,
]);

/** Mission commands the sim flies or accepts (DO commands it does not act on are kept and skipped). */
export const MISSION_COMMANDS: ReadonlySet<number> = new Set([
  ...NAV_COMMANDS,
  C.MAV_CMD_CONDITION_DELAY,
  C.MAV_CMD_CONDITION_YAW,
  C.MAV_CMD_DO_JUMP,
  C.MAV_CMD_DO_CHANGE_SPEED,
  C.MAV_CMD_DO_SET_HOME,
  C.MAV_CMD_DO_SET_RELAY,
  C.MAV_CMD_DO_SET_SERVO,
  C.MAV_CMD_DO_LAND_START,
  C.MAV_CMD_DO_SET_ROI,
  C.MAV_CMD_DO_DIGICAM_CONTROL,
  C.MAV_CMD_DO_SET_CAM_TRIGG_DIST,
  C.MAV_CMD_DO_FENCE_ENABLE,
  C.MAV_CMD_DO_GRIPPER,
]);

/** Commands that go somewhere: their x and y must be a place. */
const PLACED_COMMANDS: ReadonlySet<number> = new Set(
  [...NAV_COMMANDS].filter(
    (c) => c !== C.MAV_CMD_NAV_RETURN_TO_LAUNCH && c !== C.MAV_CMD_NAV_DELAY,
  ),
);

const FENCE_VERTEX: ReadonlySet<number> = new Set([
  C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION,
  C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION,
]);

const FENCE_COMMANDS: ReadonlySet<number> = new Set([
  ...FENCE_VERTEX,
  C.MAV_CMD_NAV_FENCE_RETURN_POINT,
  C.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION,
  C.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION,
]);

/** How many items each plan holds at most (the sim's storage). */
export const PLAN_LIMITS: { readonly [T in MissionType]: number } = {
  mission: 724,
  fence: 256,
  rally: 20,
};

/** MAV_MISSION_RESULT for one uploaded item. */
export function checkItem(type: MissionType, item: MissionItem): number {
  switch (type) {
    case 'mission':
      if (!MISSION_COMMANDS.has(item.command)) return R.MAV_MISSION_UNSUPPORTED;
      if (!isGlobalFrame(item.frame) && item.frame !== MAV_FRAME.MAV_FRAME_MISSION)
        return R.MAV_MISSION_UNSUPPORTED_FRAME;
      return PLACED_COMMANDS.has(item.command) ? checkPlace(item) : R.MAV_MISSION_ACCEPTED;
    case 'fence':
      if (!FENCE_COMMANDS.has(item.command)) return R.MAV_MISSION_UNSUPPORTED;
      if (!isGlobalFrame(item.frame)) return R.MAV_MISSION_UNSUPPORTED_FRAME;
      if (FENCE_VERTEX.has(item.command) && !(item.param1 >= 3))
        return R.MAV_MISSION_INVALID_PARAM1;
      if (!FENCE_VERTEX.has(item.command) && item.command !== C.MAV_CMD_NAV_FENCE_RETURN_POINT)
        if (!(item.param1 > 0)) return R.MAV_MISSION_INVALID_PARAM1;
      return checkPlace(item);
    case 'rally':
      if (item.command !== C.MAV_CMD_NAV_RALLY_POINT) return R.MAV_MISSION_UNSUPPORTED;
      if (!isGlobalFrame(item.frame)) return R.MAV_MISSION_UNSUPPORTED_FRAME;
      return checkPlace(item);
  }
}

function checkPlace(item: MissionItem): number {
  if (!isGlobalFrame(item.frame)) return R.MAV_MISSION_ACCEPTED;
  if (Math.abs(item.x) > 90e7) return R.MAV_MISSION_INVALID_PARAM5_X;
  if (Math.abs(item.y) > 180e7) return R.MAV_MISSION_INVALID_PARAM6_Y;
  return R.MAV_MISSION_ACCEPTED;
}

/** A whole geofence: each polygon's vertices in a row, as many as each says. */
export function checkFence(items: readonly MissionItem[]): number {
  for (let i = 0; i < items.length;) {
    const item = items[i]!;
    if (!FENCE_VERTEX.has(item.command)) {
      i++;
      continue;
    }
    const count = Math.round(item.param1);
    for (let k = 1; k < count; k++) {
      const next = items[i + k];
      if (next === undefined || next.command !== item.command || Math.round(next.param1) !== count)
        return R.MAV_MISSION_INVALID;
    }
    i += count;
  }
  return R.MAV_MISSION_ACCEPTED;
}

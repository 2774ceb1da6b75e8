// The mission commands the plan editor offers, with their parameters named
// as ArduPilot reads them, the values a new item starts with, and whether
// the command goes to a place. Other commands a plan holds (from a file or
// the vehicle) are kept as they are and shown by number.

import { MISSION_COMMANDS as C } from '../../protocol/mission-numbers';

export interface ParamSpec {
  label: string;
  unit: string;
  /** A new item's value; null is "no value" (NaN on the vehicle). */
  initial: number | null;
}

/**
 * Where the command acts. `required`: at its place. `optional`: at its
 * place, or where the vehicle is when latitude and longitude are 0
 * (a copter takes off and lands in place). `none`: it is not a place.
 */
export type PlaceUse = 'required' | 'optional' | 'none';

export interface CommandSpec {
  command: number;
  /** As the pilot reads it in the list. */
  name: string;
  place: PlaceUse;
  /** Whether the vehicle flies it (it moves the vehicle, or holds it): the others act and go on. */
  nav: boolean;
  /** param1..param4: a spec where the command reads it, null where it does not. */
  params: readonly [ParamSpec | null, ParamSpec | null, ParamSpec | null, ParamSpec | null];
}

const yaw: ParamSpec = { label: 'Yaw', unit: '°', initial: null };
const UNUSED = 0;

export const COMMAND_SPECS: readonly CommandSpec[] = [
  {
    command: C.MAV_CMD_NAV_WAYPOINT,
    name: 'Waypoint',
    place: 'required',
    nav: true,
    params: [
      { label: 'Hold', unit: 's', initial: 0 },
      { label: 'Accept radius', unit: 'm', initial: 0 },
      { label: 'Pass radius', unit: 'm', initial: 0 },
      yaw,
    ],
  },
  {
    command: C.MAV_CMD_NAV_TAKEOFF,
    name: 'Takeoff',
    place: 'optional',
    nav: true,
    params: [{ label: 'Pitch', unit: '°', initial: 0 }, null, null, yaw],
  },
  {
    command: C.MAV_CMD_NAV_LAND,
    name: 'Land',
    place: 'optional',
    nav: true,
    params: [
      { label: 'Abort altitude', unit: 'm', initial: 0 },
      { label: 'Precision landing', unit: '', initial: 0 },
      null,
      yaw,
    ],
  },
  {
    command: C.MAV_CMD_NAV_RETURN_TO_LAUNCH,
    name: 'Return to launch',
    place: 'none',
    nav: true,
    params: [null, null, null, null],
  },
  {
    command: C.MAV_CMD_NAV_LOITER_TIME,
    name: 'Loiter (time)',
    place: 'required',
    nav: true,
    params: [
      { label: 'Time', unit: 's', initial: 10 },
      null,
      { label: 'Radius', unit: 'm', initial: 0 },
      yaw,
    ],
  },
  {
    command: C.MAV_CMD_NAV_LOITER_UNLIM,
    name: 'Loiter (until told)',
    place: 'required',
    nav: true,
    params: [null, null, { label: 'Radius', unit: 'm', initial: 0 }, yaw],
  },
  {
    command: C.MAV_CMD_DO_CHANGE_SPEED,
    name: 'Change speed',
    place: 'none',
    nav: false,
    params: [
      // 0 airspeed, 1 ground speed, 2 climb, 3 descent.
      { label: 'Speed type', unit: '', initial: 1 },
      { label: 'Speed', unit: 'm/s', initial: 5 },
      { label: 'Throttle', unit: '%', initial: -1 },
      null,
    ],
  },
  {
    command: C.MAV_CMD_DO_SET_ROI,
    name: 'Look at (ROI)',
    place: 'required',
    nav: false,
    params: [null, null, null, null],
  },
];

const BY_COMMAND = new Map(COMMAND_SPECS.map((spec) => [spec.command, spec]));

/** The geofence's and rally points' commands, by name: the editor draws them as shapes. */
const SHAPE_NAMES: ReadonlyMap<number, string> = new Map([
  [C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, 'Inclusion polygon corner'],
  [C.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION, 'Exclusion polygon corner'],
  [C.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION, 'Inclusion circle'],
  [C.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION, 'Exclusion circle'],
  [C.MAV_CMD_NAV_FENCE_RETURN_POINT, 'Fence return point'],
  [C.MAV_CMD_NAV_RALLY_POINT, 'Rally point'],
]);

/** The spec of a command the editor knows; undefined for any other. */
export function commandSpec(command: number): CommandSpec | undefined {
  return BY_COMMAND.get(command);
}

/** A command's name, or its number for one the editor does not know. */
export function commandName(command: number): string {
  return BY_COMMAND.get(command)?.name ?? SHAPE_NAMES.get(command) ?? `Command ${command}`;
}

/** param1..4 of a new item of `spec`: its initial values, 0 where it reads none. */
export function initialParams(
  spec: CommandSpec,
): [number | null, number | null, number | null, number | null] {
  const [p1, p2, p3, p4] = spec.params.map((p) => (p === null ? UNUSED : p.initial));
  return [p1!, p2!, p3!, p4!];
}

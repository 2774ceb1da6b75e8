import { describe, expect, it } from 'vitest';
import { MISSION_COMMANDS as C } from '../../protocol/mission-numbers';
import { COMMAND_SPECS, commandName, commandSpec, initialParams } from './commands';

describe('the commands the editor offers', () => {
  it('are the eight common ones', () => {
    expect(COMMAND_SPECS.map((s) => s.command)).toEqual([
      C.MAV_CMD_NAV_WAYPOINT,
      C.MAV_CMD_NAV_TAKEOFF,
      C.MAV_CMD_NAV_LAND,
      C.MAV_CMD_NAV_RETURN_TO_LAUNCH,
      C.MAV_CMD_NAV_LOITER_TIME,
      C.MAV_CMD_NAV_LOITER_UNLIM,
      C.MAV_CMD_DO_CHANGE_SPEED,
      C.MAV_CMD_DO_SET_ROI,
    ]);
  });

  it('name their parameters', () => {
    const speed = commandSpec(C.MAV_CMD_DO_CHANGE_SPEED)!;
    expect(speed.params[1]).toEqual({ label: 'Speed', unit: 'm/s', initial: 5 });
    expect(commandSpec(C.MAV_CMD_NAV_LOITER_TIME)!.params[0]!.label).toBe('Time');
    expect(commandSpec(C.MAV_CMD_NAV_WAYPOINT)!.params[0]!.label).toBe('Hold');
  });

  it('start a new item with its initial values, no value for yaw and 0 where unread', () => {
    expect(initialParams(commandSpec(C.MAV_CMD_NAV_WAYPOINT)!)).toEqual([0, 0, 0, null]);
    expect(initialParams(commandSpec(C.MAV_CMD_NAV_RETURN_TO_LAUNCH)!)).toEqual([0, 0, 0, 0]);
  });

  it('name fence and rally commands, and any other by its number', () => {
    expect(commandName(C.MAV_CMD_NAV_LAND)).toBe('Land');
    expect(commandName(C.MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION)).toBe('Inclusion circle');
    expect(commandName(183)).toBe('Command 183');
  });
});

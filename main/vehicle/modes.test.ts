import { describe, expect, it } from 'vitest';
import { COPTER_MODE, MAV_AUTOPILOT, MAV_TYPE, SUB_MODE } from '../mavlink/dialect/enums';
import { modeTableFor, px4CustomMode } from './modes';

const AP = MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA;
const PX4 = MAV_AUTOPILOT.MAV_AUTOPILOT_PX4;

describe('mode tables', () => {
  it('has every COPTER_MODE of the dialect, named without its prefix', () => {
    const table = modeTableFor(AP, MAV_TYPE.MAV_TYPE_QUADROTOR)!;
    expect(table.names).toEqual(
      Object.keys(COPTER_MODE).map((k) => k.slice('COPTER_MODE_'.length)),
    );
  });

  it.each([
    ['ArduCopter', AP, MAV_TYPE.MAV_TYPE_QUADROTOR],
    ['ArduPlane', AP, MAV_TYPE.MAV_TYPE_FIXED_WING],
    ['Rover', AP, MAV_TYPE.MAV_TYPE_GROUND_ROVER],
    ['ArduSub', AP, MAV_TYPE.MAV_TYPE_SUBMARINE],
    ['PX4', PX4, MAV_TYPE.MAV_TYPE_QUADROTOR],
  ])(
    'turns every %s mode name into a request whose custom mode reads back as that name',
    (_n, autopilot, type) => {
      const table = modeTableFor(autopilot, type)!;
      for (const name of table.names)
        expect(table.nameOf(table.request(name)!.customMode)).toBe(name);
    },
  );

  it('picks the Sub table for a submarine', () => {
    expect(modeTableFor(AP, MAV_TYPE.MAV_TYPE_SUBMARINE)!.nameOf(SUB_MODE.SUB_MODE_SURFACE)).toBe(
      'SURFACE',
    );
  });

  it('names a custom mode it does not know', () => {
    expect(modeTableFor(AP, MAV_TYPE.MAV_TYPE_QUADROTOR)!.nameOf(200)).toBe('UNKNOWN_200');
  });

  it('has no table for an autopilot it does not know', () => {
    expect(
      modeTableFor(MAV_AUTOPILOT.MAV_AUTOPILOT_GENERIC, MAV_TYPE.MAV_TYPE_QUADROTOR),
    ).toBeUndefined();
  });

  it('packs PX4 main mode into bits 16-23 and sub mode into bits 24-31', () => {
    expect(px4CustomMode(4, 6)).toBe(0x0604_0000);
    expect(px4CustomMode(4, 0xff)).toBe(0xff04_0000);
  });
});

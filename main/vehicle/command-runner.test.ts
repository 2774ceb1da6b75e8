import { describe, expect, it } from 'vitest';
import {
  COPTER_MODE,
  MAV_AUTOPILOT,
  MAV_CMD,
  MAV_MODE_FLAG,
  MAV_RESULT,
  MAV_SEVERITY,
  MAV_TYPE,
} from '../mavlink/dialect/enums';
import type { CommandResult } from './command-runner';
import { FakeIo, incoming } from './testing/fake-io';
import { Vehicle } from './vehicle';

const ARM = MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM;
const SET_MODE = MAV_CMD.MAV_CMD_DO_SET_MODE;
const CUSTOM = MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED;

function setup(autopilot: number = MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA) {
  const io = new FakeIo();
  const vehicle = new Vehicle({ sysid: 1, compid: 1, io });
  vehicle.handle(incoming('HEARTBEAT', { type: MAV_TYPE.MAV_TYPE_QUADROTOR, autopilot }), io.now());
  const ack = (
    command: number,
    result: number,
    extra: { target_system?: number; progress?: number } = {},
  ) =>
    vehicle.handle(
      incoming('COMMAND_ACK', {
        command,
        result,
        target_system: extra.target_system ?? 255,
        target_component: 190,
        progress: extra.progress ?? 0,
      }),
      io.now(),
    );
  return { io, vehicle, ack };
}

/** Settles a promise's callbacks, then reports its result (or 'pending'). */
async function state(promise: Promise<CommandResult>): Promise<CommandResult | 'pending'> {
  let out: CommandResult | 'pending' = 'pending';
  void promise.then((r) => (out = r));
  await Promise.resolve();
  await Promise.resolve();
  return out;
}

describe('CommandRunner', () => {
  it('arms with COMPONENT_ARM_DISARM param1 1 and reports accepted', async () => {
    const { io, vehicle, ack } = setup();
    const result = vehicle.commands.arm();
    expect(io.sentNamed('COMMAND_LONG')).toEqual([
      expect.objectContaining({
        target_system: 1,
        target_component: 1,
        command: ARM,
        confirmation: 0,
        param1: 1,
        param2: 0,
      }),
    ]);
    ack(ARM, MAV_RESULT.MAV_RESULT_ACCEPTED);
    expect(await result).toMatchObject({
      status: 'accepted',
      command: 'MAV_CMD_COMPONENT_ARM_DISARM',
    });
  });

  it('reports denied with the MAV_RESULT name', async () => {
    const { io, vehicle, ack } = setup();
    const result = vehicle.commands.arm();
    ack(ARM, MAV_RESULT.MAV_RESULT_TEMPORARILY_REJECTED);
    io.advance(300);
    expect(await result).toMatchObject({
      status: 'denied',
      result: 'MAV_RESULT_TEMPORARILY_REJECTED',
      reasons: [],
    });
  });

  it('reports FAILED as denied too', async () => {
    const { io, vehicle, ack } = setup();
    const result = vehicle.commands.arm();
    ack(ARM, MAV_RESULT.MAV_RESULT_FAILED);
    io.advance(300);
    expect(await result).toMatchObject({ status: 'denied', result: 'MAV_RESULT_FAILED' });
  });

  it("gives a refusal the vehicle's own reasons, sent before and just after the ACK", async () => {
    const { io, vehicle, ack } = setup();
    const text = (severity: number, words: string) =>
      vehicle.handle(incoming('STATUSTEXT', { severity, text: words }), io.now());
    text(MAV_SEVERITY.MAV_SEVERITY_CRITICAL, 'PreArm: old news, before the command');
    io.advance(10);
    const result = vehicle.commands.arm();
    text(MAV_SEVERITY.MAV_SEVERITY_CRITICAL, 'PreArm: Need Position Estimate');
    text(MAV_SEVERITY.MAV_SEVERITY_INFO, 'EKF3 IMU0 initialised');
    ack(ARM, MAV_RESULT.MAV_RESULT_FAILED);
    text(MAV_SEVERITY.MAV_SEVERITY_WARNING, 'Arm: Compass not calibrated');
    expect(await state(result)).toBe('pending');
    io.advance(300);
    expect(await result).toEqual({
      status: 'denied',
      command: 'MAV_CMD_COMPONENT_ARM_DISARM',
      result: 'MAV_RESULT_FAILED',
      reasons: ['PreArm: Need Position Estimate', 'Arm: Compass not calibrated'],
      message:
        'MAV_CMD_COMPONENT_ARM_DISARM denied: MAV_RESULT_FAILED: PreArm: Need Position ' +
        'Estimate; Arm: Compass not calibrated',
    });
  });

  it('says a command with no answer was likely ignored for want of a key, where the vehicle signs', async () => {
    const io = new FakeIo();
    const canSign = { value: false };
    const vehicle = new Vehicle({
      sysid: 1,
      compid: 1,
      io: Object.assign(io, { canSign: () => canSign.value }),
      tries: 1,
    });
    vehicle.handle(
      {
        ...incoming('HEARTBEAT', { type: MAV_TYPE.MAV_TYPE_QUADROTOR, autopilot: 3 }),
        signed: true,
      },
      io.now(),
    );
    expect(vehicle.snapshot(io.now()).signingKeyMissing).toBe(true);
    const result = vehicle.commands.arm();
    io.advance(1500);
    expect(await result).toMatchObject({
      status: 'timed-out',
      message: expect.stringContaining(
        'likely because signing key not set: commands to this vehicle will be ignored',
      ),
    });
    canSign.value = true;
    expect(vehicle.snapshot(io.now()).signingKeyMissing).toBe(false);
  });

  it('reports unsupported', async () => {
    const { vehicle, ack } = setup();
    const result = vehicle.commands.land();
    ack(MAV_CMD.MAV_CMD_NAV_LAND, MAV_RESULT.MAV_RESULT_UNSUPPORTED);
    expect(await result).toMatchObject({ status: 'unsupported', command: 'MAV_CMD_NAV_LAND' });
  });

  it('times out after 3 tries 1.5 s apart, counting confirmation up', async () => {
    const { io, vehicle } = setup();
    const start = io.now();
    const result = vehicle.commands.arm();
    io.advance(1499);
    expect(io.sentNamed('COMMAND_LONG')).toHaveLength(1);
    io.advance(1);
    io.advance(1500);
    const sends = io.sent.filter((m) => m.name === 'COMMAND_LONG');
    expect(sends.map((m) => [m.at - start, m.fields.confirmation])).toEqual([
      [0, 0],
      [1500, 1],
      [3000, 2],
    ]);
    expect(await state(result)).toBe('pending');
    io.advance(1499);
    expect(await state(result)).toBe('pending');
    io.advance(1);
    expect(await result).toMatchObject({ status: 'timed-out', tries: 3 });
    io.advance(10_000);
    expect(io.sentNamed('COMMAND_LONG')).toHaveLength(3);
  });

  it('stops retrying when the ACK comes after a retry', async () => {
    const { io, vehicle, ack } = setup();
    const result = vehicle.commands.arm();
    io.advance(1500);
    ack(ARM, MAV_RESULT.MAV_RESULT_ACCEPTED);
    io.advance(10_000);
    expect(io.sentNamed('COMMAND_LONG')).toHaveLength(2);
    expect(await result).toMatchObject({ status: 'accepted' });
    expect(vehicle.commands.pendingCommands()).toEqual([]);
  });

  it('keeps waiting through IN_PROGRESS without resending, until the final ACK', async () => {
    const { io, vehicle, ack } = setup();
    const progress: (number | null)[] = [];
    const result = vehicle.commands.command(MAV_CMD.MAV_CMD_PREFLIGHT_CALIBRATION, [1], (p) =>
      progress.push(p),
    );
    ack(MAV_CMD.MAV_CMD_PREFLIGHT_CALIBRATION, MAV_RESULT.MAV_RESULT_IN_PROGRESS, { progress: 40 });
    io.advance(8000);
    expect(await state(result)).toBe('pending');
    expect(io.sentNamed('COMMAND_LONG')).toHaveLength(1);
    ack(MAV_CMD.MAV_CMD_PREFLIGHT_CALIBRATION, MAV_RESULT.MAV_RESULT_ACCEPTED);
    expect(await result).toMatchObject({ status: 'accepted' });
    expect(progress).toEqual([40]);
  });

  it('ignores an ACK for another GCS', async () => {
    const { vehicle, ack } = setup();
    const result = vehicle.commands.arm();
    ack(ARM, MAV_RESULT.MAV_RESULT_DENIED, { target_system: 42 });
    expect(await state(result)).toBe('pending');
    ack(ARM, MAV_RESULT.MAV_RESULT_ACCEPTED);
    expect(await result).toMatchObject({ status: 'accepted' });
  });

  it('accepts an ACK without target fields (MAVLink 1 firmware)', async () => {
    const { vehicle, ack } = setup();
    const result = vehicle.commands.arm();
    ack(ARM, MAV_RESULT.MAV_RESULT_ACCEPTED, { target_system: 0 });
    expect(await result).toMatchObject({ status: 'accepted' });
  });

  it('shares the result of an identical request that is still pending', async () => {
    const { io, vehicle, ack } = setup();
    const first = vehicle.commands.arm();
    const second = vehicle.commands.arm();
    expect(second).toBe(first);
    expect(io.sentNamed('COMMAND_LONG')).toHaveLength(1);
    ack(ARM, MAV_RESULT.MAV_RESULT_ACCEPTED);
    expect(await second).toMatchObject({ status: 'accepted' });
  });

  it('refuses a different request with the same command id while one is pending', async () => {
    const { io, vehicle } = setup();
    void vehicle.commands.arm();
    expect(await vehicle.commands.disarm()).toMatchObject({
      status: 'refused',
      message: expect.stringContaining('already waiting'),
    });
    expect(io.sentNamed('COMMAND_LONG')).toHaveLength(1);
  });

  it('force-disarms with param2 21196', () => {
    const { io, vehicle } = setup();
    void vehicle.commands.disarm({ force: true });
    expect(io.sentNamed('COMMAND_LONG')[0]).toMatchObject({ param1: 0, param2: 21196 });
  });

  it('takes off to an altitude in param7', () => {
    const { io, vehicle } = setup();
    void vehicle.commands.takeoff(12.5);
    expect(io.sentNamed('COMMAND_LONG')[0]).toMatchObject({
      command: MAV_CMD.MAV_CMD_NAV_TAKEOFF,
      param7: 12.5,
    });
  });

  it('refuses a takeoff altitude that is not positive', async () => {
    const { io, vehicle } = setup();
    expect(await vehicle.commands.takeoff(-3)).toMatchObject({ status: 'refused' });
    expect(io.sent).toEqual([]);
  });

  it('sends return to launch', () => {
    const { io, vehicle } = setup();
    void vehicle.commands.returnToLaunch();
    expect(io.sentNamed('COMMAND_LONG')[0]).toMatchObject({
      command: MAV_CMD.MAV_CMD_NAV_RETURN_TO_LAUNCH,
    });
  });
});

describe('CommandRunner set mode', () => {
  it('sets an ArduPilot mode by name with DO_SET_MODE and the custom mode', async () => {
    const { io, vehicle, ack } = setup();
    const result = vehicle.commands.setMode('guided');
    expect(io.sentNamed('COMMAND_LONG')[0]).toMatchObject({
      command: SET_MODE,
      param1: CUSTOM,
      param2: COPTER_MODE.COPTER_MODE_GUIDED,
    });
    ack(SET_MODE, MAV_RESULT.MAV_RESULT_ACCEPTED);
    expect(await result).toMatchObject({ status: 'accepted' });
  });

  it('forgives case and spaces in a mode name', () => {
    const { io, vehicle } = setup();
    void vehicle.commands.setMode('Alt Hold');
    expect(io.sentNamed('COMMAND_LONG')[0]).toMatchObject({
      param2: COPTER_MODE.COPTER_MODE_ALT_HOLD,
    });
  });

  it('refuses an unknown mode name and lists the modes', async () => {
    const { io, vehicle } = setup();
    const result = await vehicle.commands.setMode('warp');
    expect(result.status).toBe('refused');
    expect(result.message).toContain("unknown flight mode 'WARP'");
    expect(result.message).toContain('STABILIZE, ACRO, ALT_HOLD');
    expect(io.sent).toEqual([]);
  });

  it('refuses to set a mode before any heartbeat', async () => {
    const io = new FakeIo();
    const vehicle = new Vehicle({ sysid: 1, compid: 1, io });
    expect(await vehicle.commands.setMode('GUIDED')).toMatchObject({
      status: 'refused',
      message: expect.stringContaining('no HEARTBEAT'),
    });
  });

  it('falls back to the SET_MODE message when DO_SET_MODE is unsupported', async () => {
    const { io, vehicle, ack } = setup();
    const result = vehicle.commands.setMode('LOITER');
    ack(SET_MODE, MAV_RESULT.MAV_RESULT_UNSUPPORTED);
    await Promise.resolve();
    expect(io.sentNamed('SET_MODE')).toEqual([
      { target_system: 1, base_mode: CUSTOM, custom_mode: COPTER_MODE.COPTER_MODE_LOITER },
    ]);
    // ArduPilot ACKs SET_MODE with the message id (11) as the command.
    ack(11, MAV_RESULT.MAV_RESULT_ACCEPTED);
    expect(await result).toMatchObject({ status: 'accepted', command: 'SET_MODE' });
  });

  it('sets a PX4 mode with main and sub mode in param2 and param3', () => {
    const { io, vehicle } = setup(MAV_AUTOPILOT.MAV_AUTOPILOT_PX4);
    void vehicle.commands.setMode('AUTO_MISSION');
    expect(io.sentNamed('COMMAND_LONG')[0]).toMatchObject({
      command: SET_MODE,
      param1: CUSTOM,
      param2: 4,
      param3: 4,
    });
  });
});

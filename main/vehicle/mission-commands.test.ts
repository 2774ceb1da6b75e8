import { describe, expect, it } from 'vitest';
import {
  MAV_AUTOPILOT,
  MAV_CMD,
  MAV_FRAME,
  MAV_RESULT,
  MAV_TYPE,
  MISSION_STATE,
} from '../mavlink/dialect/enums';
import type { MessageMap, MessageName } from '../mavlink/dialect/types';
import { FakeIo, incoming } from './testing/fake-io';
import { Vehicle } from './vehicle';

function setup(autopilot: number = MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA) {
  const io = new FakeIo();
  const vehicle = new Vehicle({ sysid: 1, compid: 1, io, retryMs: 1000, tries: 2 });
  const hear = <N extends MessageName>(name: N, fields: Partial<MessageMap[N]>) =>
    vehicle.handle(incoming(name, fields), io.now());
  hear('HEARTBEAT', { type: MAV_TYPE.MAV_TYPE_QUADROTOR, autopilot });
  return { io, vehicle, hear };
}

function ack(command: number, result: number) {
  return { command, result, target_system: 255, target_component: 190 };
}

describe('mission commands', () => {
  it('start the mission with MAV_CMD_MISSION_START', async () => {
    const { io, vehicle, hear } = setup();
    const result = vehicle.missionCommands.start();
    expect(io.sentNamed('COMMAND_LONG')[0]).toMatchObject({
      command: MAV_CMD.MAV_CMD_MISSION_START,
    });
    hear('COMMAND_ACK', ack(MAV_CMD.MAV_CMD_MISSION_START, MAV_RESULT.MAV_RESULT_ACCEPTED));
    expect(await result).toMatchObject({ status: 'accepted' });
  });

  it('pause and resume with MAV_CMD_DO_PAUSE_CONTINUE 0 and 1', async () => {
    const { io, vehicle, hear } = setup();
    const accepted = ack(MAV_CMD.MAV_CMD_DO_PAUSE_CONTINUE, MAV_RESULT.MAV_RESULT_ACCEPTED);
    const paused = vehicle.missionCommands.pause();
    hear('COMMAND_ACK', accepted);
    expect(await paused).toMatchObject({ status: 'accepted' });
    const resumed = vehicle.missionCommands.resume();
    hear('COMMAND_ACK', accepted);
    expect(await resumed).toMatchObject({ status: 'accepted' });
    expect(io.sentNamed('COMMAND_LONG').map((f) => [f.command, f.param1])).toEqual([
      [MAV_CMD.MAV_CMD_DO_PAUSE_CONTINUE, 0],
      [MAV_CMD.MAV_CMD_DO_PAUSE_CONTINUE, 1],
    ]);
  });

  it('go to an item with MAV_CMD_DO_SET_MISSION_CURRENT', async () => {
    const { io, vehicle, hear } = setup();
    const result = vehicle.missionCommands.setCurrent(3);
    expect(io.sentNamed('COMMAND_LONG')[0]).toMatchObject({
      command: MAV_CMD.MAV_CMD_DO_SET_MISSION_CURRENT,
      param1: 3,
    });
    hear(
      'COMMAND_ACK',
      ack(MAV_CMD.MAV_CMD_DO_SET_MISSION_CURRENT, MAV_RESULT.MAV_RESULT_ACCEPTED),
    );
    expect(await result).toMatchObject({ status: 'accepted' });
  });

  it('fall back to MISSION_SET_CURRENT, confirmed by MISSION_CURRENT, on older firmware', async () => {
    const { io, vehicle, hear } = setup();
    const result = vehicle.missionCommands.setCurrent(4);
    hear(
      'COMMAND_ACK',
      ack(MAV_CMD.MAV_CMD_DO_SET_MISSION_CURRENT, MAV_RESULT.MAV_RESULT_UNSUPPORTED),
    );
    await io.advanceAsync(0);
    expect(io.sentNamed('MISSION_SET_CURRENT')).toEqual([
      { target_system: 1, target_component: 1, seq: 4 },
    ]);
    await io.advanceAsync(1000);
    expect(io.sentNamed('MISSION_SET_CURRENT')).toHaveLength(2);
    hear('MISSION_CURRENT', { seq: 4 });
    expect(await result).toMatchObject({
      status: 'accepted',
      command: 'MISSION_SET_CURRENT',
      message: 'the vehicle reports item 4 as current',
    });
  });

  it('say so when MISSION_SET_CURRENT is never confirmed', async () => {
    const { io, vehicle, hear } = setup();
    const result = vehicle.missionCommands.setCurrent(4);
    hear(
      'COMMAND_ACK',
      ack(MAV_CMD.MAV_CMD_DO_SET_MISSION_CURRENT, MAV_RESULT.MAV_RESULT_UNSUPPORTED),
    );
    await io.advanceAsync(5000);
    expect(await result).toMatchObject({ status: 'timed-out', tries: 2 });
  });

  it('fly to a point with DO_REPOSITION as COMMAND_INT, relative altitude', async () => {
    const { io, vehicle, hear } = setup();
    const result = vehicle.missionCommands.flyTo({ lat: -35.36, lon: 149.165, alt: 25 });
    const sent = io.sentNamed('COMMAND_INT')[0]!;
    expect(sent).toMatchObject({
      command: MAV_CMD.MAV_CMD_DO_REPOSITION,
      frame: MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
      param1: -1,
      x: -353600000,
      y: 1491650000,
      z: 25,
    });
    expect(sent.param4).toBeNaN();
    hear('COMMAND_ACK', ack(MAV_CMD.MAV_CMD_DO_REPOSITION, MAV_RESULT.MAV_RESULT_DENIED));
    io.advance(300); // a refusal waits briefly for the vehicle's reasons
    expect(await result).toMatchObject({ status: 'denied', result: 'MAV_RESULT_DENIED' });
  });

  it('fly to a point with SET_POSITION_TARGET_GLOBAL_INT where ArduPilot lacks DO_REPOSITION', async () => {
    const { io, vehicle, hear } = setup();
    const result = vehicle.missionCommands.flyTo({ lat: -35.36, lon: 149.165, alt: 25 });
    hear('COMMAND_ACK', ack(MAV_CMD.MAV_CMD_DO_REPOSITION, MAV_RESULT.MAV_RESULT_UNSUPPORTED));
    expect(await result).toMatchObject({
      status: 'accepted',
      command: 'SET_POSITION_TARGET_GLOBAL_INT',
    });
    expect(io.sentNamed('SET_POSITION_TARGET_GLOBAL_INT')).toEqual([
      expect.objectContaining({
        coordinate_frame: MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
        type_mask: 0xdf8,
        lat_int: -353600000,
        lon_int: 1491650000,
        alt: 25,
      }),
    ]);
  });

  it('refuse a point off the globe before sending anything', async () => {
    const { io, vehicle } = setup();
    expect(await vehicle.missionCommands.flyTo({ lat: 91, lon: 0, alt: 10 })).toMatchObject({
      status: 'refused',
      message: 'MAV_CMD_DO_REPOSITION: latitude 91 is not -90..90',
    });
    expect(io.sent).toEqual([]);
  });
});

describe('the fly-to target', () => {
  const point = { lat: -35.36, lon: 149.165, alt: 25 };
  const guided = { type: MAV_TYPE.MAV_TYPE_QUADROTOR, autopilot: 3, custom_mode: 4 };

  async function flyingTo(): Promise<ReturnType<typeof setup>> {
    const s = setup();
    s.hear('HEARTBEAT', guided);
    const result = s.vehicle.missionCommands.flyTo(point);
    s.hear('COMMAND_ACK', ack(MAV_CMD.MAV_CMD_DO_REPOSITION, MAV_RESULT.MAV_RESULT_ACCEPTED));
    await result;
    return s;
  }

  const target = (s: ReturnType<typeof setup>) => s.vehicle.snapshot(s.io.now()).mission.flyTo;

  it('is kept once the vehicle takes it, until the vehicle reports itself there', async () => {
    const s = await flyingTo();
    expect(target(s)).toEqual({ ...point, atMs: s.io.now() });
    // 11 m south and at the altitude: not there yet.
    s.hear('GLOBAL_POSITION_INT', { lat: -353601000, lon: 1491650000, relative_alt: 25_000 });
    expect(target(s)).not.toBeNull();
    // Above it, 5 m too high: not there yet.
    s.hear('GLOBAL_POSITION_INT', { lat: -353600000, lon: 1491650000, relative_alt: 30_000 });
    expect(target(s)).not.toBeNull();
    s.hear('GLOBAL_POSITION_INT', { lat: -353600100, lon: 1491650100, relative_alt: 25_400 });
    expect(target(s)).toBeNull();
  });

  it('is forgotten when the vehicle changes mode or reboots', async () => {
    const s = await flyingTo();
    s.hear('HEARTBEAT', guided);
    expect(target(s)).not.toBeNull();
    s.hear('HEARTBEAT', { ...guided, custom_mode: 6 });
    expect(target(s)).toBeNull();
    const again = await flyingTo();
    again.hear('SYSTEM_TIME', { time_boot_ms: 600_000 });
    again.hear('SYSTEM_TIME', { time_boot_ms: 400 });
    expect(target(again)).toBeNull();
  });

  it('is not kept when the vehicle refuses it', async () => {
    const s = setup();
    const result = s.vehicle.missionCommands.flyTo(point);
    s.hear('COMMAND_ACK', ack(MAV_CMD.MAV_CMD_DO_REPOSITION, MAV_RESULT.MAV_RESULT_DENIED));
    s.io.advance(300); // a refusal waits briefly for the vehicle's reasons
    await result;
    expect(target(s)).toBeNull();
  });
});

describe('mission state', () => {
  it('follows MISSION_CURRENT and MISSION_ITEM_REACHED', () => {
    const { io, vehicle, hear } = setup();
    expect(vehicle.snapshot(io.now()).mission).toMatchObject({
      current: null,
      total: null,
      state: null,
      lastReached: null,
    });
    hear('MISSION_CURRENT', {
      seq: 2,
      total: 5,
      mission_state: MISSION_STATE.MISSION_STATE_ACTIVE,
      mission_mode: 1,
    });
    hear('MISSION_ITEM_REACHED', { seq: 1 });
    expect(vehicle.snapshot(io.now()).mission).toMatchObject({
      current: 2,
      total: 5,
      state: 'ACTIVE',
      inMissionMode: true,
      lastReached: 1,
    });
  });

  it('forgets where the vehicle was in its mission when it reboots', () => {
    const { io, vehicle, hear } = setup();
    hear('SYSTEM_TIME', { time_boot_ms: 600_000 });
    hear('MISSION_CURRENT', {
      seq: 3,
      total: 5,
      mission_state: MISSION_STATE.MISSION_STATE_ACTIVE,
      mission_mode: 1,
    });
    hear('MISSION_ITEM_REACHED', { seq: 2 });
    hear('SYSTEM_TIME', { time_boot_ms: 400 });
    expect(vehicle.snapshot(io.now()).mission).toMatchObject({
      current: null,
      total: null,
      state: null,
      inMissionMode: null,
      lastReached: null,
    });
  });

  it('reads an empty ArduPilot mission as 0 items, and a total of 0 without a state as not said', () => {
    const { io, vehicle, hear } = setup();
    hear('MISSION_CURRENT', {
      seq: 0,
      total: 0,
      mission_state: MISSION_STATE.MISSION_STATE_NO_MISSION,
    });
    expect(vehicle.snapshot(io.now()).mission).toMatchObject({ total: 0, state: 'NO_MISSION' });
    hear('MISSION_CURRENT', { seq: 0, total: 0 });
    expect(vehicle.snapshot(io.now()).mission).toMatchObject({ total: null, state: null });
  });

  it('sees the mission changed when the vehicle counts other than the plan we know', async () => {
    const { io, vehicle, hear } = setup();
    // The vehicle holds home and three waypoints.
    io.onSend = (m) => {
      if (m.name === 'MISSION_REQUEST_LIST')
        hear('MISSION_COUNT', { target_system: 255, count: 4 });
      if (m.name === 'MISSION_REQUEST_INT')
        hear('MISSION_ITEM_INT', { target_system: 255, seq: m.fields.seq as number, command: 16 });
    };
    await vehicle.missions.download('mission');
    const plan = () => vehicle.snapshot(io.now()).mission.plans.mission;
    expect(plan()).toMatchObject({ count: 4, source: 'download', changed: false });
    hear('MISSION_CURRENT', {
      seq: 1,
      total: 3,
      mission_state: MISSION_STATE.MISSION_STATE_NOT_STARTED,
    });
    expect(plan().changed).toBe(false);
    // Another ground station uploads five waypoints.
    hear('MISSION_CURRENT', {
      seq: 1,
      total: 5,
      mission_state: MISSION_STATE.MISSION_STATE_NOT_STARTED,
    });
    expect(plan().changed).toBe(true);
  });
});

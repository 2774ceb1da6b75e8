// What a GCS asks of a vehicle it hears for the first time: ArduPilot wants
// REQUEST_DATA_STREAM per stream group; other autopilots (PX4) take
// MAV_CMD_SET_MESSAGE_INTERVAL per message.

import {
  MAV_AUTOPILOT,
  MAV_CMD,
  MAV_DATA_STREAM,
  MAV_STATE,
  MAV_TYPE,
} from '../mavlink/dialect/enums';
import { MSG_ID, type MessageMap, type MessageName } from '../mavlink/dialect/types';
import { AVAILABLE_MODES_ID } from '../vehicle/available-modes';

export interface Outgoing<K extends MessageName = MessageName> {
  name: K;
  fields: Partial<MessageMap[K]>;
}

// Rates (Hz) a moving map and HUD need, the ones MAVProxy and Mission Planner ask for by default.
const ARDUPILOT_STREAMS: readonly [number, number][] = [
  [MAV_DATA_STREAM.MAV_DATA_STREAM_RAW_SENSORS, 2],
  [MAV_DATA_STREAM.MAV_DATA_STREAM_EXTENDED_STATUS, 2],
  [MAV_DATA_STREAM.MAV_DATA_STREAM_RC_CHANNELS, 2],
  [MAV_DATA_STREAM.MAV_DATA_STREAM_POSITION, 5],
  [MAV_DATA_STREAM.MAV_DATA_STREAM_EXTRA1, 10],
  [MAV_DATA_STREAM.MAV_DATA_STREAM_EXTRA2, 4],
  [MAV_DATA_STREAM.MAV_DATA_STREAM_EXTRA3, 2],
];

const MESSAGE_INTERVALS_US: readonly [number, number][] = [
  [MSG_ID.ATTITUDE, 100_000],
  [MSG_ID.GLOBAL_POSITION_INT, 200_000],
  [MSG_ID.VFR_HUD, 250_000],
  [MSG_ID.GPS_RAW_INT, 500_000],
  [MSG_ID.SYS_STATUS, 1_000_000],
  [MSG_ID.BATTERY_STATUS, 1_000_000],
];

export function telemetryRequests(
  autopilot: number,
  target: { sysid: number; compid: number },
): Outgoing[] {
  const target_system = target.sysid;
  const target_component = target.compid;
  const requestHome: Outgoing<'COMMAND_LONG'> = {
    name: 'COMMAND_LONG',
    fields: {
      target_system,
      target_component,
      command: MAV_CMD.MAV_CMD_REQUEST_MESSAGE,
      param1: MSG_ID.HOME_POSITION,
    },
  };
  // Every mode the vehicle has (index 0: all), for a mode list true to its firmware.
  const requestModes: Outgoing<'COMMAND_LONG'> = {
    name: 'COMMAND_LONG',
    fields: {
      target_system,
      target_component,
      command: MAV_CMD.MAV_CMD_REQUEST_MESSAGE,
      param1: AVAILABLE_MODES_ID,
      param2: 0,
    },
  };
  if (autopilot === MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA) {
    return [
      ...ARDUPILOT_STREAMS.map(([stream, hz]): Outgoing<'REQUEST_DATA_STREAM'> => ({
        name: 'REQUEST_DATA_STREAM',
        fields: {
          target_system,
          target_component,
          req_stream_id: stream,
          req_message_rate: hz,
          start_stop: 1,
        },
      })),
      requestHome,
      requestModes,
    ];
  }
  return [
    ...MESSAGE_INTERVALS_US.map(([msgid, us]): Outgoing<'COMMAND_LONG'> => ({
      name: 'COMMAND_LONG',
      fields: {
        target_system,
        target_component,
        command: MAV_CMD.MAV_CMD_SET_MESSAGE_INTERVAL,
        param1: msgid,
        param2: us,
      },
    })),
    requestHome,
    requestModes,
  ];
}

/** The GCS's own HEARTBEAT: a ground station, not an autopilot. */
export const GCS_HEARTBEAT: Outgoing<'HEARTBEAT'> = {
  name: 'HEARTBEAT',
  fields: {
    type: MAV_TYPE.MAV_TYPE_GCS,
    autopilot: MAV_AUTOPILOT.MAV_AUTOPILOT_INVALID,
    base_mode: 0,
    custom_mode: 0,
    system_status: MAV_STATE.MAV_STATE_ACTIVE,
    mavlink_version: 3,
  },
};

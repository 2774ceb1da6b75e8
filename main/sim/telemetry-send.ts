// The telemetry the simulated vehicle sends, on its schedule or on request:
// which builder in telemetry.ts each message comes from.

import { MSG_ID, type MessageMap, type MessageName } from '../mavlink/dialect';
import type { Copter } from './flight';
import * as T from './telemetry';

export interface TelemetryOut {
  readonly sysid: number;
  readonly copter: Copter;
  readonly missions: { missionCurrent(): Partial<MessageMap['MISSION_CURRENT']> };
  send<N extends MessageName>(name: N, fields: Partial<MessageMap[N]>): void;
}

/** Sends message `id` as it is at `time`; ids without a builder are ignored. */
export function sendTelemetry(out: TelemetryOut, id: number, time: T.TimeBase): void {
  const c = out.copter;
  switch (id) {
    case MSG_ID.HEARTBEAT:
      return out.send('HEARTBEAT', T.heartbeat(c));
    case MSG_ID.SYS_STATUS:
      return out.send('SYS_STATUS', T.sysStatus(c));
    case MSG_ID.MISSION_CURRENT:
      return out.send('MISSION_CURRENT', out.missions.missionCurrent());
    case MSG_ID.GPS_RAW_INT:
      return out.send('GPS_RAW_INT', T.gpsRawInt(c, time));
    case MSG_ID.GLOBAL_POSITION_INT:
      return out.send('GLOBAL_POSITION_INT', T.globalPositionInt(c, time));
    case MSG_ID.ATTITUDE:
      return out.send('ATTITUDE', T.attitude(c, time));
    case MSG_ID.VFR_HUD:
      return out.send('VFR_HUD', T.vfrHud(c));
    case MSG_ID.BATTERY_STATUS:
      return out.send('BATTERY_STATUS', T.batteryStatus(c));
    case MSG_ID.SYSTEM_TIME:
      return out.send('SYSTEM_TIME', T.systemTime(time));
    case MSG_ID.HOME_POSITION:
      return out.send('HOME_POSITION', T.homePosition(c, time));
    case MSG_ID.AUTOPILOT_VERSION:
      return out.send('AUTOPILOT_VERSION', T.autopilotVersion(out.sysid));
  }
}

// COMMAND_LONG and COMMAND_INT on the simulated copter: what each command
// does and the MAV_RESULT it is answered with.

import { COPTER_MODE, MAV_CMD, MAV_MODE_FLAG, MAV_RESULT, MSG_ID } from '../mavlink/dialect';
import type { Copter } from './flight';
import type { TelemetrySchedule } from './telemetry';

/** param1..param7 (for COMMAND_INT, param5..7 are x, y, z). */
export type CommandParams = readonly [number, number, number, number, number, number, number];

export interface CommandContext {
  readonly copter: Copter;
  readonly schedule: TelemetrySchedule;
  now(): number;
  /** Sends a message now; false when the vehicle cannot produce it. */
  sendMessage(msgid: number): boolean;
  sendMessageInterval(msgid: number, intervalUs: number): void;
  /** AVAILABLE_MODES: all (index 0) or one; false for an index out of range. */
  sendAvailableModes(index: number): boolean;
  /** Reboots once the command's ACK has gone out. */
  reboot(): void;
}

/** AVAILABLE_MODES, from development.xml (not in the generated dialect's enums). */
const AVAILABLE_MODES_ID = 435;

/**
 * MAV_CMD_COMPONENT_ARM_DISARM's param2 that forces the command, as
 * ArduPilot has them: one value skips the arming checks, another allows a
 * disarm in flight; each forces only its own direction.
 */
export const FORCE_ARM_MAGIC = 2989;
export const FORCE_DISARM_MAGIC = 21196;

const { MAV_RESULT_ACCEPTED, MAV_RESULT_DENIED, MAV_RESULT_FAILED, MAV_RESULT_UNSUPPORTED } =
  MAV_RESULT;

/** Runs a command and returns its MAV_RESULT. */
export function runCommand(ctx: CommandContext, command: number, p: CommandParams): number {
  const copter = ctx.copter;
  switch (command) {
    case MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM: {
      const magic = Math.round(p[1]);
      if (p[0] === 1) return copter.arm(magic === FORCE_ARM_MAGIC).result;
      if (p[0] === 0) return copter.disarm(magic === FORCE_DISARM_MAGIC).result;
      return MAV_RESULT_DENIED;
    }
    case MAV_CMD.MAV_CMD_NAV_TAKEOFF:
      return copter.takeoff(p[6]).result;
    case MAV_CMD.MAV_CMD_NAV_LAND:
      return copter.setMode(COPTER_MODE.COPTER_MODE_LAND).result;
    case MAV_CMD.MAV_CMD_NAV_RETURN_TO_LAUNCH:
      return copter.setMode(COPTER_MODE.COPTER_MODE_RTL).result;
    case MAV_CMD.MAV_CMD_DO_SET_MODE:
      if ((p[0] & MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED) === 0) return MAV_RESULT_DENIED;
      return copter.setMode(Math.round(p[1])).result;
    case MAV_CMD.MAV_CMD_SET_MESSAGE_INTERVAL: {
      const ok = ctx.schedule.setIntervalUs(Math.round(p[0]), p[1], ctx.now());
      return ok ? MAV_RESULT_ACCEPTED : MAV_RESULT_DENIED;
    }
    case MAV_CMD.MAV_CMD_GET_MESSAGE_INTERVAL: {
      const msgid = Math.round(p[0]);
      const ms = ctx.schedule.intervalMs(msgid);
      // -1: not sent; 0: not available.
      const us = ms === undefined ? 0 : ms === 0 ? -1 : Math.round(ms * 1000);
      ctx.sendMessageInterval(msgid, us);
      return MAV_RESULT_ACCEPTED;
    }
    case MAV_CMD.MAV_CMD_REQUEST_MESSAGE:
      if (Math.round(p[0]) === AVAILABLE_MODES_ID) {
        return ctx.sendAvailableModes(Math.round(p[1])) ? MAV_RESULT_ACCEPTED : MAV_RESULT_DENIED;
      }
      return ctx.sendMessage(Math.round(p[0])) ? MAV_RESULT_ACCEPTED : MAV_RESULT_FAILED;
    case MAV_CMD.MAV_CMD_GET_HOME_POSITION:
      return ctx.sendMessage(MSG_ID.HOME_POSITION) ? MAV_RESULT_ACCEPTED : MAV_RESULT_FAILED;
    case MAV_CMD.MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN:
      // 1: reboot the autopilot. Shutting down and the bootloader are not simulated.
      if (Math.round(p[0]) !== 1) return MAV_RESULT_UNSUPPORTED;
      // ArduPilot reboots only on the ground.
      if (copter.armed) return MAV_RESULT_FAILED;
      ctx.reboot();
      return MAV_RESULT_ACCEPTED;
    case MAV_CMD.MAV_CMD_REQUEST_AUTOPILOT_CAPABILITIES:
      ctx.sendMessage(MSG_ID.AUTOPILOT_VERSION);
      return MAV_RESULT_ACCEPTED;
    default:
      return MAV_RESULT_UNSUPPORTED;
  }
}

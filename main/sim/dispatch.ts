// Messages a GCS sends the simulated vehicle, handled as ArduPilot does:
// each is checked to be addressed to this vehicle, then commands run and
// are acknowledged, parameters are read and set, streams are set up, and
// SETUP_SIGNING goes to its own handler.

import {
  MAV_MODE_FLAG,
  MAV_RESULT,
  MAV_SEVERITY,
  MSG_ID,
  type COMMAND_INT,
  type COMMAND_LONG,
  type MessageMap,
  type MessageName,
  type PARAM_REQUEST_READ,
  type PARAM_SET,
  type REQUEST_DATA_STREAM,
  type SET_MODE,
  type SETUP_SIGNING,
} from '../mavlink/dialect';
import { runCommand, type CommandContext, type CommandParams } from './commands';
import type { ParamServer } from './param-server';
import { handleSetupSigning, type SetupContext } from './setup';
import type { TelemetryOut } from './telemetry-send';

export type Fields = Readonly<Record<string, unknown>>;

export interface Sender {
  readonly sysid: number;
  readonly compid: number;
}

/** What the handlers need of the vehicle. */
export interface MessageContext extends CommandContext, SetupContext {
  readonly paramServer: ParamServer;
  /** Mission messages and commands (main/sim/missions.ts): `handle` is false for the rest. */
  readonly missions: TelemetryOut['missions'] & {
    handle(msgid: number, fields: Fields, from: Sender): boolean;
  };
  /** Whether a target system/component (if the message has them) is this vehicle. */
  isForUs(targetSystem: number, targetComponent?: number): boolean;
  countCommand(): void;
  send<N extends MessageName>(name: N, fields: Partial<MessageMap[N]>): void;
}

/** Handles one decoded message from `from`; messages the sim does not know are ignored. */
export function handleMessage(
  ctx: MessageContext,
  msgid: number,
  fields: Fields,
  from: Sender,
): void {
  if (ctx.missions.handle(msgid, fields, from)) return;
  switch (msgid) {
    case MSG_ID.COMMAND_LONG: {
      const c = fields as unknown as COMMAND_LONG;
      if (!ctx.isForUs(c.target_system, c.target_component)) return;
      const p: CommandParams = [
        c.param1,
        c.param2,
        c.param3,
        c.param4,
        c.param5,
        c.param6,
        c.param7,
      ];
      command(ctx, c.command, p, from);
      return;
    }
    case MSG_ID.COMMAND_INT: {
      const c = fields as unknown as COMMAND_INT;
      if (!ctx.isForUs(c.target_system, c.target_component)) return;
      const p: CommandParams = [c.param1, c.param2, c.param3, c.param4, c.x, c.y, c.z];
      command(ctx, c.command, p, from);
      return;
    }
    case MSG_ID.SET_MODE: {
      const m = fields as unknown as SET_MODE;
      if (!ctx.isForUs(m.target_system)) return;
      const custom = (m.base_mode & MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED) !== 0;
      const result = custom
        ? ctx.copter.setMode(m.custom_mode).result
        : MAV_RESULT.MAV_RESULT_DENIED;
      // ArduPilot answers SET_MODE with a COMMAND_ACK whose command is the message id.
      ack(ctx, MSG_ID.SET_MODE, result, from);
      return;
    }
    case MSG_ID.PARAM_REQUEST_LIST: {
      const r = fields as unknown as { target_system: number; target_component: number };
      if (!ctx.isForUs(r.target_system, r.target_component)) return;
      ctx.paramServer.requestList(ctx.now());
      sendBanner(ctx);
      return;
    }
    case MSG_ID.PARAM_REQUEST_READ: {
      const r = fields as unknown as PARAM_REQUEST_READ;
      if (!ctx.isForUs(r.target_system, r.target_component)) return;
      ctx.paramServer.read(r.param_index, r.param_id);
      return;
    }
    case MSG_ID.PARAM_SET: {
      const s = fields as unknown as PARAM_SET;
      if (!ctx.isForUs(s.target_system, s.target_component)) return;
      const refused = ctx.paramServer.set(s.param_id, s.param_value);
      if (refused !== undefined) ctx.sendText(MAV_SEVERITY.MAV_SEVERITY_WARNING, refused);
      return;
    }
    case MSG_ID.REQUEST_DATA_STREAM: {
      const r = fields as unknown as REQUEST_DATA_STREAM;
      if (!ctx.isForUs(r.target_system, r.target_component)) return;
      ctx.schedule.setStreamRate(
        r.req_stream_id,
        r.req_message_rate,
        r.start_stop !== 0,
        ctx.now(),
      );
      return;
    }
    case MSG_ID.SETUP_SIGNING:
      handleSetupSigning(ctx, fields as unknown as SETUP_SIGNING);
      return;
  }
}

function command(ctx: MessageContext, command: number, params: CommandParams, from: Sender): void {
  ctx.countCommand();
  const result = runCommand(ctx, command, params);
  ack(ctx, command, result, from);
}

function ack(ctx: MessageContext, command: number, result: number, to: Sender): void {
  ctx.send('COMMAND_ACK', {
    command,
    result,
    target_system: to.sysid,
    target_component: to.compid,
  });
}

// ArduPilot sends its banner when a GCS asks for the parameters.
function sendBanner(ctx: MessageContext): void {
  const info = MAV_SEVERITY.MAV_SEVERITY_INFO;
  ctx.sendText(info, `ArduCopter V4.6.0 (sigil-sim)`);
  ctx.sendText(info, `Sigil SIM sysid ${ctx.sysid}`);
  ctx.sendText(info, 'Frame: QUAD/X');
  const signing = ctx.signing.enabled
    ? `signing on, key ${ctx.signing.key?.fingerprint ?? ''}`
    : 'signing off';
  ctx.sendText(
    info,
    `Sigil simulated copter: takeoff in GUIDED, then it circles; RTL flies home and lands; ${signing}`,
  );
}

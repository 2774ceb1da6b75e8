// Commands that run a mission and move the vehicle: start, pause and
// resume, go to item N, and fly to a point.
//
// - Start is MAV_CMD_MISSION_START (ArduCopter switches to AUTO for it).
// - Pause and resume are MAV_CMD_DO_PAUSE_CONTINUE.
// - Go to item N is MAV_CMD_DO_SET_MISSION_CURRENT; a vehicle that answers
//   UNSUPPORTED (older firmware) gets the MISSION_SET_CURRENT message,
//   which has no ACK: it counts as done when MISSION_CURRENT reports N.
// - Fly to is MAV_CMD_DO_REPOSITION as COMMAND_INT (ArduPilot takes it only
//   so, and only in GUIDED); an ArduPilot that answers UNSUPPORTED gets
//   SET_POSITION_TARGET_GLOBAL_INT, which has no answer of its own.

import type { TimerHandle } from '../clock';
import { MAV_CMD, MAV_FRAME } from '../mavlink/dialect/enums';
import type { CommandResult, CommandRunner } from './command-runner';
import type { VehicleIo } from './io';

/** SET_POSITION_TARGET_GLOBAL_INT's type_mask: use the position, ignore velocity, acceleration and yaw. */
const POSITION_ONLY = 0b0000_1101_1111_1000;

export interface FlyTo {
  /** Degrees. */
  lat: number;
  lon: number;
  /** Metres above home. */
  alt: number;
}

interface PendingSetCurrent {
  seq: number;
  sends: number;
  timer: TimerHandle;
  resolve: (result: CommandResult) => void;
}

export class MissionCommands {
  private pendingSetCurrent: PendingSetCurrent | undefined;

  constructor(
    private readonly io: VehicleIo,
    private readonly target: { readonly sysid: number; readonly compid: number },
    private readonly commands: CommandRunner,
    private readonly isArduPilot: () => boolean,
    /** The vehicle took a fly-to target. */
    private readonly targetTaken: (point: FlyTo) => void,
    private readonly options: { tries?: number; retryMs?: number } = {},
  ) {}

  start(): Promise<CommandResult> {
    return this.commands.command(MAV_CMD.MAV_CMD_MISSION_START, [0, 0]);
  }

  pause(): Promise<CommandResult> {
    return this.commands.command(MAV_CMD.MAV_CMD_DO_PAUSE_CONTINUE, [0]);
  }

  resume(): Promise<CommandResult> {
    return this.commands.command(MAV_CMD.MAV_CMD_DO_PAUSE_CONTINUE, [1]);
  }

  /** Makes item `seq` the one the mission flies to next. */
  async setCurrent(seq: number): Promise<CommandResult> {
    const command = MAV_CMD.MAV_CMD_DO_SET_MISSION_CURRENT;
    if (!Number.isInteger(seq) || seq < 0 || seq > 0xffff)
      return refused('MAV_CMD_DO_SET_MISSION_CURRENT', `no mission item ${seq}`);
    const result = await this.commands.command(command, [seq]);
    if (result.status !== 'unsupported') return result;
    return this.setCurrentByMessage(seq);
  }

  /** Flies to a point `alt` metres above home (the vehicle must be in GUIDED). */
  async flyTo(point: FlyTo): Promise<CommandResult> {
    const problem = checkPoint(point);
    if (problem !== undefined) return refused('MAV_CMD_DO_REPOSITION', problem);
    const x = Math.round(point.lat * 1e7);
    const y = Math.round(point.lon * 1e7);
    const result = await this.commands.commandInt(
      MAV_CMD.MAV_CMD_DO_REPOSITION,
      MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
      // Ground speed -1 and yaw NaN: the vehicle's own.
      [-1, 0, 0, NaN],
      { x, y, z: point.alt },
    );
    if (result.status === 'accepted') this.targetTaken(point);
    if (result.status !== 'unsupported' || !this.isArduPilot()) return result;
    this.io.send('SET_POSITION_TARGET_GLOBAL_INT', {
      target_system: this.target.sysid,
      target_component: this.target.compid,
      coordinate_frame: MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
      type_mask: POSITION_ONLY,
      lat_int: x,
      lon_int: y,
      alt: point.alt,
    });
    this.targetTaken(point);
    return {
      status: 'accepted',
      command: 'SET_POSITION_TARGET_GLOBAL_INT',
      message:
        'the vehicle does not take MAV_CMD_DO_REPOSITION; the target went as ' +
        'SET_POSITION_TARGET_GLOBAL_INT, which it does not acknowledge',
    };
  }

  /** MISSION_CURRENT reported item `seq`. */
  currentReported(seq: number): void {
    const p = this.pendingSetCurrent;
    if (p === undefined || p.seq !== seq) return;
    this.finishSetCurrent(p, {
      status: 'accepted',
      command: 'MISSION_SET_CURRENT',
      message: `the vehicle reports item ${seq} as current`,
    });
  }

  dispose(reason = 'the vehicle was removed'): void {
    const p = this.pendingSetCurrent;
    if (p !== undefined)
      this.finishSetCurrent(p, {
        status: 'refused',
        command: 'MISSION_SET_CURRENT',
        message: `MISSION_SET_CURRENT: ${reason}`,
      });
  }

  private setCurrentByMessage(seq: number): Promise<CommandResult> {
    const busy = this.pendingSetCurrent;
    if (busy !== undefined && busy.seq !== seq)
      return refused('MISSION_SET_CURRENT', `item ${busy.seq} is still waiting to be confirmed`);
    return new Promise((resolve) => {
      const p: PendingSetCurrent = { seq, sends: 0, timer: undefined, resolve };
      this.pendingSetCurrent = p;
      this.sendSetCurrent(p);
    });
  }

  private sendSetCurrent(p: PendingSetCurrent): void {
    const tries = this.options.tries ?? 3;
    const retryMs = this.options.retryMs ?? 1500;
    this.io.send('MISSION_SET_CURRENT', {
      target_system: this.target.sysid,
      target_component: this.target.compid,
      seq: p.seq,
    });
    p.sends++;
    p.timer = this.io.setTimeout(() => {
      if (this.pendingSetCurrent !== p) return;
      if (p.sends < tries) {
        this.sendSetCurrent(p);
        return;
      }
      this.finishSetCurrent(p, {
        status: 'timed-out',
        command: 'MISSION_SET_CURRENT',
        tries: p.sends,
        message: `the vehicle did not report item ${p.seq} as current after ${p.sends} MISSION_SET_CURRENT`,
      });
    }, retryMs);
  }

  private finishSetCurrent(p: PendingSetCurrent, result: CommandResult): void {
    this.io.clearTimeout(p.timer);
    if (this.pendingSetCurrent === p) this.pendingSetCurrent = undefined;
    p.resolve(result);
  }
}

function checkPoint(p: FlyTo): string | undefined {
  if (!Number.isFinite(p.lat) || Math.abs(p.lat) > 90) return `latitude ${p.lat} is not -90..90`;
  if (!Number.isFinite(p.lon) || Math.abs(p.lon) > 180)
    return `longitude ${p.lon} is not -180..180`;
  if (!Number.isFinite(p.alt)) return `altitude ${p.alt} is not a number of metres`;
  return undefined;
}

function refused(command: string, message: string): Promise<CommandResult> {
  return Promise.resolve({ status: 'refused', command, message: `${command}: ${message}` });
}

// Everything mission-shaped on the simulated vehicle, behind one handler
// the message dispatch asks first: the mission protocol for the three
// plans (mission-server.ts), the mission flown in AUTO and the GUIDED
// target (auto-mission.ts), the commands that drive them
// (MISSION_START, DO_PAUSE_CONTINUE, DO_SET_MISSION_CURRENT, DO_REPOSITION,
// and the MISSION_SET_CURRENT and SET_POSITION_TARGET_GLOBAL_INT
// messages), and the geofence, whose breach turns the copter home.
//
// The plans outlive a reboot, as in ArduPilot's storage; the mission being
// flown, a GUIDED target and a fence breach belong to one boot, and start
// afresh with the copter that boots.

import {
  COPTER_MODE,
  MAV_CMD,
  MAV_FRAME,
  MAV_RESULT,
  MAV_SEVERITY,
  MSG_ID,
  type COMMAND_INT,
  type COMMAND_LONG,
  type MISSION_CURRENT,
  type MISSION_SET_CURRENT,
  type MessageMap,
  type MessageName,
  type SET_POSITION_TARGET_GLOBAL_INT,
} from '../mavlink/dialect';
import { itemWith, type MissionItem } from '../vehicle/mission-items';
import { MissionRunner } from './auto-mission';
import type { Fields, Sender } from './dispatch';
import { breaches, fenceNames, fenceZones, type Zones } from './fence';
import type { Copter } from './flight';
import { MissionServer, type MissionFaults, type MissionServerOptions } from './mission-server';
import { modeReturns } from './modes';
import type { ParamStore } from './params';
import type { StoredPlans } from './stored-plans';

export interface SimMissionsContext {
  /** The copter of the current boot. */
  readonly copter: Copter;
  readonly params: ParamStore;
  now(): number;
  isForUs(targetSystem: number, targetComponent?: number): boolean;
  countCommand(): void;
  send<N extends MessageName>(name: N, fields: Partial<MessageMap[N]>): void;
  sendText(severity: number, text: string): void;
  /** A plan changed: keep it with the vehicle's other state. */
  save(): void;
}

/** SET_POSITION_TARGET_GLOBAL_INT type_mask bits that ignore the position. */
const IGNORE_POSITION = 0b111;

export class SimMissions {
  readonly server: MissionServer;
  private runner: MissionRunner;
  private zones: Zones | undefined;
  private breached = 0;

  constructor(
    private readonly ctx: SimMissionsContext,
    stored: Partial<StoredPlans> = {},
    options: MissionServerOptions = {},
  ) {
    this.server = new MissionServer(
      {
        now: () => ctx.now(),
        isForUs: (system, component) => ctx.isForUs(system, component),
        send: (name, fields) => ctx.send(name, fields),
        sendText: (severity, text) => ctx.sendText(severity, text),
        home: () => homeItem(ctx.copter),
        changed: (type) => {
          if (type === 'mission') this.runner.missionChanged();
          if (type === 'fence') this.zones = undefined;
          ctx.save();
        },
      },
      stored,
      options,
    );
    this.runner = this.newRunner();
  }

  /**
   * After a reboot: the new copter flies no mission yet (item 0 is
   * current), and an upload that was under way is over, with what it wrote.
   */
  boot(): void {
    this.runner = this.newRunner();
    this.breached = 0;
    this.server.abandonUploads();
  }

  /** Test hook: requests lost, out of order or doubled. */
  get faults(): MissionFaults {
    return this.server.faults;
  }

  set faults(faults: MissionFaults) {
    this.server.faults = faults;
  }

  /** The plans, as they are kept across restarts. */
  stored(): StoredPlans {
    return this.server.stored();
  }

  /** Handles a mission message or command; false for anything else. */
  handle(msgid: number, fields: Fields, from: Sender): boolean {
    if (this.server.handle(msgid, fields, from)) return true;
    const ctx = this.ctx;
    switch (msgid) {
      case MSG_ID.MISSION_SET_CURRENT: {
        const m = fields as unknown as MISSION_SET_CURRENT;
        if (ctx.isForUs(m.target_system, m.target_component)) {
          this.runner.setCurrent(m.seq);
          // Sent whether or not it changed: it is the only answer this message gets.
          this.sendCurrent();
        }
        return true;
      }
      case MSG_ID.SET_POSITION_TARGET_GLOBAL_INT: {
        const t = fields as unknown as SET_POSITION_TARGET_GLOBAL_INT;
        if (!ctx.isForUs(t.target_system, t.target_component)) return true;
        if ((t.type_mask & IGNORE_POSITION) === 0)
          this.runner.flyTo(t.coordinate_frame, t.lat_int, t.lon_int, t.alt);
        return true;
      }
      case MSG_ID.COMMAND_LONG: {
        const c = fields as unknown as COMMAND_LONG;
        if (!OURS.has(c.command)) return false;
        if (!ctx.isForUs(c.target_system, c.target_component)) return true;
        const frame = MAV_FRAME.MAV_FRAME_GLOBAL;
        this.command(c.command, [c.param1, c.param2, c.param3, c.param4], false, frame, c, from);
        return true;
      }
      case MSG_ID.COMMAND_INT: {
        const c = fields as unknown as COMMAND_INT;
        if (!OURS.has(c.command)) return false;
        if (!ctx.isForUs(c.target_system, c.target_component)) return true;
        const position = { param5: c.x, param6: c.y, param7: c.z };
        this.command(
          c.command,
          [c.param1, c.param2, c.param3, c.param4],
          true,
          c.frame,
          position,
          from,
        );
        return true;
      }
    }
    return false;
  }

  /** Moves missions on: the flight by `dt` seconds, uploads' re-requests, the fence. */
  step(dt: number, nowMs: number): void {
    this.runner.step(dt);
    this.server.tick(nowMs);
    this.checkFence();
  }

  /** MISSION_CURRENT as it stands. */
  missionCurrent(): Partial<MISSION_CURRENT> {
    return this.runner.missionCurrent();
  }

  sendCurrent(): void {
    this.ctx.send('MISSION_CURRENT', this.runner.missionCurrent());
  }

  private newRunner(): MissionRunner {
    const ctx = this.ctx;
    const runner = new MissionRunner(
      ctx.copter,
      ctx.params,
      () => this.server.plan('mission'),
      () => this.server.plan('rally'),
      {
        sendText: (severity, text) => ctx.sendText(severity, text),
        currentChanged: () => this.sendCurrent(),
        itemReached: (seq) => ctx.send('MISSION_ITEM_REACHED', { seq }),
      },
    );
    ctx.copter.autopilot = runner;
    return runner;
  }

  private command(
    command: number,
    p: readonly number[],
    isInt: boolean,
    frame: number,
    position: { param5: number; param6: number; param7: number },
    from: Sender,
  ): void {
    this.ctx.countCommand();
    const result = this.run(command, p, isInt, frame, position);
    this.ctx.send('COMMAND_ACK', {
      command,
      result,
      target_system: from.sysid,
      target_component: from.compid,
    });
  }

  private run(
    command: number,
    p: readonly number[],
    isInt: boolean,
    frame: number,
    position: { param5: number; param6: number; param7: number },
  ): number {
    switch (command) {
      case MAV_CMD.MAV_CMD_MISSION_START:
        return this.runner.start();
      case MAV_CMD.MAV_CMD_DO_PAUSE_CONTINUE:
        return this.runner.pauseContinue(Math.round(p[0]!));
      case MAV_CMD.MAV_CMD_DO_SET_MISSION_CURRENT: {
        const result = this.runner.setCurrent(Math.round(p[0]!));
        if (result === MAV_RESULT.MAV_RESULT_ACCEPTED) this.sendCurrent();
        return result;
      }
      case MAV_CMD.MAV_CMD_DO_REPOSITION: {
        // ArduCopter takes a reposition only as COMMAND_INT, whose x and y are whole degrees * 1e7.
        if (!isInt) return MAV_RESULT.MAV_RESULT_UNSUPPORTED;
        const copter = this.ctx.copter;
        const changeMode = (Math.round(p[1]!) & 1) !== 0;
        if (copter.mode !== COPTER_MODE.COPTER_MODE_GUIDED && changeMode) {
          const changed = copter.setMode(COPTER_MODE.COPTER_MODE_GUIDED).result;
          if (changed !== MAV_RESULT.MAV_RESULT_ACCEPTED) return MAV_RESULT.MAV_RESULT_FAILED;
        }
        return this.runner.flyTo(frame, position.param5, position.param6, position.param7);
      }
    }
    return MAV_RESULT.MAV_RESULT_UNSUPPORTED;
  }

  /** ArduCopter's fence check: a new breach is told once and answered by FENCE_ACTION. */
  private checkFence(): void {
    const { copter, params } = this.ctx;
    if (!copter.armed || params.get('FENCE_ENABLE') !== 1) {
      this.breached = 0;
      return;
    }
    this.zones ??= fenceZones(this.server.plan('fence'), copter.home);
    const kin = copter.kin;
    const now = breaches({ north: kin.north, east: kin.east }, kin.alt, this.zones, {
      types: params.get('FENCE_TYPE'),
      altMax: params.get('FENCE_ALT_MAX'),
      altMin: params.get('FENCE_ALT_MIN'),
      radius: params.get('FENCE_RADIUS'),
    });
    const fresh = now & ~this.breached;
    this.breached = now;
    if (fresh === 0 || !copter.flying) return;
    this.ctx.sendText(MAV_SEVERITY.MAV_SEVERITY_NOTICE, `${fenceNames(fresh)} breached`);
    const action = params.get('FENCE_ACTION');
    if (action === 0) return;
    const mode = copter.mode;
    if (mode === COPTER_MODE.COPTER_MODE_LAND || (action !== 2 && modeReturns(mode))) return;
    const wanted = action === 2 ? COPTER_MODE.COPTER_MODE_LAND : COPTER_MODE.COPTER_MODE_RTL;
    if (copter.setMode(wanted).result !== MAV_RESULT.MAV_RESULT_ACCEPTED)
      copter.setMode(COPTER_MODE.COPTER_MODE_LAND);
  }
}

const OURS: ReadonlySet<number> = new Set([
  MAV_CMD.MAV_CMD_MISSION_START,
  MAV_CMD.MAV_CMD_DO_PAUSE_CONTINUE,
  MAV_CMD.MAV_CMD_DO_SET_MISSION_CURRENT,
  MAV_CMD.MAV_CMD_DO_REPOSITION,
]);

/** Item 0 of the mission: home, as ArduPilot reports it. */
function homeItem(copter: Copter): MissionItem {
  const home = copter.home;
  return itemWith({
    frame: MAV_FRAME.MAV_FRAME_GLOBAL,
    x: Math.round(home.lat * 1e7),
    y: Math.round(home.lon * 1e7),
    z: Math.fround(home.altMsl),
  });
}

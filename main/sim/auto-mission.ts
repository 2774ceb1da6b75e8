// The simulated copter flying its mission in AUTO, as ArduCopter does:
// item by item from item 1 (item 0 is home), takeoff, waypoints at the set
// speed, loiters, landing or RTL at the end; DO_CHANGE_SPEED and DO_JUMP
// act, other DO commands are passed over. It reports each item started
// ("Mission: 2 WP"), each navigation item reached (MISSION_ITEM_REACHED and
// "Reached command #2") and where it is (MISSION_CURRENT).
//
// It also steers GUIDED to a target set by DO_REPOSITION or
// SET_POSITION_TARGET_GLOBAL_INT, and picks where RTL goes: the nearest
// rally point when it is nearer than home (RALLY_INCL_HOME's default).

import {
  COPTER_MODE,
  MAV_CMD,
  MAV_FRAME,
  MAV_RESULT,
  MAV_SEVERITY,
  MISSION_STATE,
  type MISSION_CURRENT,
} from '../mavlink/dialect';
import type { MissionItem } from '../vehicle/mission-items';
import type { Autopilot, Copter, Outcome } from './flight';
import { pointOffset } from './geo';
import { NAV_COMMANDS } from './mission-check';
import type { ParamStore } from './params';
import type { Guidance } from './physics';

const C = MAV_CMD;
const AUTO = COPTER_MODE.COPTER_MODE_AUTO;
const GUIDED = COPTER_MODE.COPTER_MODE_GUIDED;

/** As ArduPilot's AP_Mission names its commands in "Mission: N ..." texts. */
const COMMAND_NAMES: ReadonlyMap<number, string> = new Map([
  [C.MAV_CMD_NAV_WAYPOINT, 'WP'],
  [C.MAV_CMD_NAV_LOITER_UNLIM, 'LoitUnlim'],
  [C.MAV_CMD_NAV_LOITER_TURNS, 'LoitTurns'],
  [C.MAV_CMD_NAV_LOITER_TIME, 'LoitTime'],
  [C.MAV_CMD_NAV_RETURN_TO_LAUNCH, 'RTL'],
  [C.MAV_CMD_NAV_LAND, 'Land'],
  [C.MAV_CMD_NAV_TAKEOFF, 'Takeoff'],
  [C.MAV_CMD_NAV_SPLINE_WAYPOINT, 'SplineWP'],
  [C.MAV_CMD_NAV_DELAY, 'Delay'],
  [C.MAV_CMD_CONDITION_DELAY, 'CondDelay'],
  [C.MAV_CMD_CONDITION_YAW, 'CondYaw'],
  [C.MAV_CMD_DO_JUMP, 'Jump'],
  [C.MAV_CMD_DO_CHANGE_SPEED, 'ChangeSpeed'],
  [C.MAV_CMD_DO_SET_HOME, 'SetHome'],
  [C.MAV_CMD_DO_SET_SERVO, 'SetServo'],
  [C.MAV_CMD_DO_SET_RELAY, 'SetRelay'],
  [C.MAV_CMD_DO_LAND_START, 'LandStart'],
  [C.MAV_CMD_DO_SET_ROI, 'SetROI'],
  [C.MAV_CMD_DO_DIGICAM_CONTROL, 'DigiCamCtrl'],
  [C.MAV_CMD_DO_SET_CAM_TRIGG_DIST, 'CamTrigDist'],
  [C.MAV_CMD_DO_FENCE_ENABLE, 'FenceEnable'],
  [C.MAV_CMD_DO_GRIPPER, 'Gripper'],
]);

interface Place {
  north: number;
  east: number;
  /** Metres above home. */
  altitude: number;
}

type Phase =
  | { kind: 'takeoff'; altitude: number }
  /** Fly to `to`, then stay `holdS` seconds (Infinity: for ever) or circle `turns` times. */
  | { kind: 'goto'; to: Place; holdS: number; turns: number; radius: number }
  | { kind: 'hold'; at: Place; untilS: number }
  | { kind: 'circle'; center: Place; radius: number; untilS: number }
  /** Land at `to` (null: where it is); `back`: return first at RTL altitude. */
  | { kind: 'land'; to: { north: number; east: number } | null; back: boolean };

type RunState = 'idle' | 'active' | 'paused' | 'stopped' | 'complete';

export interface MissionRunnerOut {
  sendText(severity: number, text: string): void;
  /** MISSION_CURRENT changed, or MISSION_ITEM_REACHED: the message to send now. */
  currentChanged(): void;
  itemReached(seq: number): void;
}

export class MissionRunner implements Autopilot {
  private current = 0;
  private state: RunState = 'idle';
  private phase: Phase | undefined;
  private pausedAt: Place | undefined;
  private guidedTarget: Place | undefined;
  private speed: number | undefined;
  private readonly jumps = new Map<number, number>();
  private timeS = 0;
  private lastMode: number;
  private reported = '';

  constructor(
    private readonly copter: Copter,
    private readonly params: ParamStore,
    private readonly mission: () => readonly MissionItem[],
    private readonly rally: () => readonly MissionItem[],
    private readonly out: MissionRunnerOut,
  ) {
    this.lastMode = copter.mode;
    // Where a boot starts is no news: it goes out when streamed or asked for.
    this.reported = this.currentKey();
  }

  /** MISSION_CURRENT as it stands. */
  missionCurrent(): Partial<MISSION_CURRENT> {
    const count = this.mission().length;
    return {
      seq: this.current,
      total: Math.max(0, count - 1),
      mission_state: count <= 1 ? MISSION_STATE.MISSION_STATE_NO_MISSION : STATES[this.state],
      mission_mode: this.copter.mode === AUTO ? 1 : 2,
    };
  }

  veto(mode: number): Outcome | undefined {
    if (mode !== AUTO) return undefined;
    const plan = this.mission();
    let problem: string | undefined;
    if (plan.length <= 1) problem = 'no mission';
    else if (this.copter.armed && !this.copter.flying && !startsWithTakeoff(plan)) {
      this.out.sendText(MAV_SEVERITY.MAV_SEVERITY_CRITICAL, 'Auto: Missing Takeoff Cmd');
      problem = 'missing takeoff command';
    }
    if (problem === undefined) return undefined;
    this.out.sendText(MAV_SEVERITY.MAV_SEVERITY_WARNING, 'Mode change to AUTO failed: init failed');
    return { result: MAV_RESULT.MAV_RESULT_FAILED, reason: problem };
  }

  guidance(): Guidance | undefined {
    const mode = this.copter.mode;
    if (mode === GUIDED && this.guidedTarget !== undefined) return this.goto(this.guidedTarget);
    if (mode !== AUTO) return undefined;
    if (this.state === 'paused' && this.pausedAt !== undefined) return this.goto(this.pausedAt);
    const phase = this.state === 'active' ? this.phase : undefined;
    if (phase === undefined)
      return this.copter.flying
        ? { kind: 'hold', altitude: this.copter.kin.alt }
        : { kind: 'ground' };
    switch (phase.kind) {
      case 'takeoff':
        return { kind: 'takeoff', altitude: phase.altitude, climbRate: this.climbRate() };
      case 'goto':
        return this.goto(phase.to);
      case 'hold':
        return this.goto(phase.at);
      case 'circle': {
        const rate = (this.params.get('CIRCLE_RATE') * Math.PI) / 180 || Math.PI / 10;
        return {
          kind: 'circle',
          centerNorth: phase.center.north,
          centerEast: phase.center.east,
          radius: phase.radius,
          speed: phase.radius * rate,
          altitude: phase.center.altitude,
        };
      }
      case 'land':
        return this.landing(phase);
    }
  }

  returnPoint(): { north: number; east: number } {
    const kin = this.copter.kin;
    let best = { north: 0, east: 0 };
    let bestDistance = Math.hypot(kin.north, kin.east);
    for (const item of this.rally()) {
      const p = this.offset(item);
      const distance = Math.hypot(kin.north - p.north, kin.east - p.east);
      if (distance < bestDistance) {
        best = p;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Moves the mission on by `dt` seconds of flight. */
  step(dt: number): void {
    this.timeS += dt;
    const mode = this.copter.mode;
    if (mode !== this.lastMode) this.modeChanged(this.lastMode, mode);
    this.lastMode = mode;
    if (mode === AUTO && this.state === 'active' && this.copter.armed) this.advance();
    this.report();
  }

  /** MAV_CMD_MISSION_START. */
  start(): number {
    const result = this.copter.setMode(AUTO).result;
    if (result === MAV_RESULT.MAV_RESULT_ACCEPTED && this.state !== 'active') this.startOrResume();
    return result;
  }

  /** MAV_CMD_DO_PAUSE_CONTINUE: 0 pauses, 1 continues. */
  pauseContinue(action: number): number {
    const here = this.stoppingPoint();
    const mode = this.copter.mode;
    if (action === 0) {
      if (mode === AUTO && this.state === 'active') {
        this.state = 'paused';
        this.pausedAt = here;
      } else if (mode === GUIDED && this.copter.flying) this.guidedTarget = here;
      else return MAV_RESULT.MAV_RESULT_FAILED;
      this.out.sendText(MAV_SEVERITY.MAV_SEVERITY_INFO, 'Paused');
      return MAV_RESULT.MAV_RESULT_ACCEPTED;
    }
    if (action === 1 && mode === AUTO && this.state === 'paused') {
      this.state = 'active';
      this.pausedAt = undefined;
      this.out.sendText(MAV_SEVERITY.MAV_SEVERITY_INFO, 'Resumed');
      return MAV_RESULT.MAV_RESULT_ACCEPTED;
    }
    return MAV_RESULT.MAV_RESULT_FAILED;
  }

  /** MAV_CMD_DO_SET_MISSION_CURRENT and MISSION_SET_CURRENT. Item 0 is home: it starts the mission over. */
  setCurrent(seq: number): number {
    const plan = this.mission();
    if (!Number.isInteger(seq) || seq < 0 || seq >= plan.length)
      return MAV_RESULT.MAV_RESULT_DENIED;
    const index = Math.max(1, seq);
    if (this.copter.mode === AUTO && (this.state === 'active' || this.state === 'paused')) {
      this.state = 'active';
      this.pausedAt = undefined;
      this.begin(index);
    } else {
      this.current = index;
      if (this.state === 'complete') this.state = 'idle';
    }
    this.report();
    return MAV_RESULT.MAV_RESULT_ACCEPTED;
  }

  /** A position target for GUIDED (DO_REPOSITION, SET_POSITION_TARGET_GLOBAL_INT). */
  flyTo(frame: number, lat: number, lon: number, z: number): number {
    if (this.copter.mode !== GUIDED) return MAV_RESULT.MAV_RESULT_DENIED;
    if (!this.copter.flying) return MAV_RESULT.MAV_RESULT_FAILED;
    const here = this.here();
    const at =
      lat === 0 && lon === 0
        ? here
        : pointOffset(this.copter.home, { lat: lat / 1e7, lon: lon / 1e7 });
    this.guidedTarget = { north: at.north, east: at.east, altitude: this.altitude(frame, z) };
    return MAV_RESULT.MAV_RESULT_ACCEPTED;
  }

  /** The mission was replaced: a running mission goes on from the same item number, if it still has it. */
  missionChanged(): void {
    const plan = this.mission();
    if (plan.length <= 1) {
      this.state = 'idle';
      this.current = 0;
      this.phase = undefined;
    } else if (this.current >= plan.length) {
      this.current = plan.length - 1;
    }
    if (this.state === 'active' && this.copter.mode === AUTO) this.begin(this.current);
    this.report();
  }

  private modeChanged(from: number, to: number): void {
    if (from === GUIDED) this.guidedTarget = undefined;
    if (from === AUTO && (this.state === 'active' || this.state === 'paused')) {
      this.state = 'stopped';
      this.pausedAt = undefined;
    }
    if (to === AUTO && this.state !== 'active') this.startOrResume();
  }

  private startOrResume(): void {
    const plan = this.mission();
    if (plan.length <= 1) return;
    if (this.state === 'complete' || this.state === 'idle' || this.current < 1) {
      if (this.state === 'complete' || this.current < 1) this.current = 1;
      this.jumps.clear();
      this.speed = undefined;
    }
    this.state = 'active';
    this.begin(this.current);
  }

  /** Runs DO commands from `index` on, up to the next navigation item, and starts that. */
  private begin(index: number): void {
    const plan = this.mission();
    for (let guard = 0; guard <= plan.length * 4; guard++) {
      const item = plan[index];
      if (item === undefined) {
        this.complete();
        return;
      }
      this.out.sendText(
        MAV_SEVERITY.MAV_SEVERITY_INFO,
        `Mission: ${index} ${COMMAND_NAMES.get(item.command) ?? 'Cmd'}`,
      );
      if (NAV_COMMANDS.has(item.command)) {
        this.current = index;
        this.phase = this.phaseOf(item);
        this.report();
        return;
      }
      index = this.doCommand(index, item);
    }
    this.complete();
  }

  /** Acts on a DO or CONDITION command; returns the next item to run. */
  private doCommand(index: number, item: MissionItem): number {
    if (item.command === C.MAV_CMD_DO_CHANGE_SPEED && item.param2 > 0) this.speed = item.param2;
    if (item.command === C.MAV_CMD_DO_JUMP) {
      const repeat = Math.round(item.param2);
      const left = this.jumps.get(index) ?? repeat;
      if (repeat < 0 || left > 0) {
        this.jumps.set(index, left - 1);
        return Math.round(item.param1);
      }
    }
    return index + 1;
  }

  private phaseOf(item: MissionItem): Phase {
    const kin = this.copter.kin;
    switch (item.command) {
      case C.MAV_CMD_NAV_TAKEOFF:
        return { kind: 'takeoff', altitude: Math.max(kin.alt, this.altitude(item.frame, item.z)) };
      case C.MAV_CMD_NAV_LAND:
        return {
          kind: 'land',
          to: item.x === 0 && item.y === 0 ? null : this.offset(item),
          back: false,
        };
      case C.MAV_CMD_NAV_RETURN_TO_LAUNCH:
        return { kind: 'land', to: this.returnPoint(), back: true };
      case C.MAV_CMD_NAV_DELAY:
        return { kind: 'hold', at: this.here(), untilS: this.timeS + Math.max(0, item.param1) };
      default: {
        const to = this.place(item);
        const holdS =
          item.command === C.MAV_CMD_NAV_LOITER_UNLIM
            ? Infinity
            : item.command === C.MAV_CMD_NAV_LOITER_TURNS
              ? 0
              : Math.max(0, item.param1);
        const turns = item.command === C.MAV_CMD_NAV_LOITER_TURNS ? Math.max(0, item.param1) : 0;
        const radius = Math.abs(item.param3) || this.params.get('CIRCLE_RADIUS') / 100;
        return { kind: 'goto', to, holdS, turns, radius };
      }
    }
  }

  private advance(): void {
    const phase = this.phase;
    if (phase === undefined) return;
    const kin = this.copter.kin;
    switch (phase.kind) {
      case 'takeoff':
        if (kin.alt >= phase.altitude - 0.5) this.reached();
        return;
      case 'goto': {
        const d = Math.hypot(
          kin.north - phase.to.north,
          kin.east - phase.to.east,
          kin.alt - phase.to.altitude,
        );
        if (d > Math.max(1, this.params.get('WPNAV_RADIUS') / 100)) return;
        if (phase.turns > 0) {
          const rate = (this.params.get('CIRCLE_RATE') * Math.PI) / 180 || Math.PI / 10;
          const seconds = (phase.turns * 2 * Math.PI) / Math.abs(rate);
          this.phase = {
            kind: 'circle',
            center: phase.to,
            radius: phase.radius,
            untilS: this.timeS + seconds,
          };
        } else if (phase.holdS > 0) {
          this.phase = { kind: 'hold', at: phase.to, untilS: this.timeS + phase.holdS };
        } else this.reached();
        return;
      }
      case 'hold':
      case 'circle':
        if (this.timeS >= phase.untilS) this.reached();
        return;
      case 'land':
        if (!kin.airborne && this.landingStarted(phase)) {
          this.reached();
          // ArduCopter disarms once it has landed in AUTO.
          if (this.copter.armed) this.copter.disarm(false);
        }
        return;
    }
  }

  private landingStarted(phase: Extract<Phase, { kind: 'land' }>): boolean {
    return (
      phase.to === null ||
      Math.hypot(this.copter.kin.north - phase.to.north, this.copter.kin.east - phase.to.east) < 2
    );
  }

  private reached(): void {
    const seq = this.current;
    this.out.itemReached(seq);
    this.out.sendText(MAV_SEVERITY.MAV_SEVERITY_INFO, `Reached command #${seq}`);
    this.begin(seq + 1);
  }

  private complete(): void {
    this.state = 'complete';
    this.phase = undefined;
    this.report();
  }

  private landing(phase: Extract<Phase, { kind: 'land' }>): Guidance {
    const kin = this.copter.kin;
    const rate = this.params.get('LAND_SPEED') / 100;
    if (phase.to === null || !kin.airborne)
      return kin.airborne ? { kind: 'descend', rate } : { kind: 'ground' };
    const away = Math.hypot(kin.north - phase.to.north, kin.east - phase.to.east);
    if (away < 1 && kin.groundSpeed < 0.5) return { kind: 'descend', rate };
    const rtlAlt = this.params.get('RTL_ALT') / 100;
    const rtlSpeed = this.params.get('RTL_SPEED') / 100;
    return {
      kind: 'goto',
      north: phase.to.north,
      east: phase.to.east,
      altitude: phase.back ? Math.max(kin.alt, rtlAlt) : kin.alt,
      speed: phase.back && rtlSpeed > 0 ? rtlSpeed : this.cruise(),
      climbRate: this.climbRate(),
    };
  }

  private goto(to: Place): Guidance {
    return {
      kind: 'goto',
      north: to.north,
      east: to.east,
      altitude: to.altitude,
      speed: this.cruise(),
      climbRate: this.climbRate(),
    };
  }

  private cruise(): number {
    return this.speed ?? this.params.get('WPNAV_SPEED') / 100;
  }

  private climbRate(): number {
    return this.params.get('WPNAV_SPEED_UP') / 100;
  }

  /** Where it comes to a stop if it brakes now (v^2 / 2a, at the kinematics' 2.5 m/s/s). */
  private stoppingPoint(): Place {
    const kin = this.copter.kin;
    const speed = kin.groundSpeed;
    const k = speed > 0.1 ? speed / (2 * 2.5) : 0;
    return { north: kin.north + kin.vn * k, east: kin.east + kin.ve * k, altitude: kin.alt };
  }

  private here(): Place {
    const kin = this.copter.kin;
    return { north: kin.north, east: kin.east, altitude: kin.alt };
  }

  /** Where an item points: 0, 0 is where the copter is, altitude 0 its own altitude. */
  private place(item: MissionItem): Place {
    const here = this.here();
    const at = item.x === 0 && item.y === 0 ? here : this.offset(item);
    const altitude = item.z === 0 ? here.altitude : this.altitude(item.frame, item.z);
    return { north: at.north, east: at.east, altitude };
  }

  private offset(item: MissionItem): { north: number; east: number } {
    return pointOffset(this.copter.home, { lat: item.x / 1e7, lon: item.y / 1e7 });
  }

  /** Metres above home of `z` in `frame` (terrain is flat at home's altitude here). */
  private altitude(frame: number, z: number): number {
    const amsl = frame === MAV_FRAME.MAV_FRAME_GLOBAL || frame === MAV_FRAME.MAV_FRAME_GLOBAL_INT;
    return amsl ? z - this.copter.home.altMsl : z;
  }

  private currentKey(): string {
    const c = this.missionCurrent();
    return `${c.seq}/${c.total}/${c.mission_state}/${c.mission_mode}`;
  }

  private report(): void {
    const key = this.currentKey();
    if (key === this.reported) return;
    this.reported = key;
    this.out.currentChanged();
  }
}

const STATES: { readonly [S in RunState]: number } = {
  idle: MISSION_STATE.MISSION_STATE_NOT_STARTED,
  active: MISSION_STATE.MISSION_STATE_ACTIVE,
  paused: MISSION_STATE.MISSION_STATE_PAUSED,
  stopped: MISSION_STATE.MISSION_STATE_PAUSED,
  complete: MISSION_STATE.MISSION_STATE_COMPLETE,
};

/** Whether the first navigation command after home is a takeoff. */
function startsWithTakeoff(plan: readonly MissionItem[]): boolean {
  const first = plan.slice(1).find((item) => NAV_COMMANDS.has(item.command));
  return first?.command === C.MAV_CMD_NAV_TAKEOFF;
}

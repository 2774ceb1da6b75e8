// The simulated copter's autopilot: arming, flight modes, takeoff, the
// circle, return to launch and landing, the battery and the GPS fix. It
// speaks in MAV_RESULT and status texts but knows nothing of frames.

import { COPTER_MODE, MAV_RESULT, MAV_SEVERITY } from '../mavlink/dialect';
import { DEFAULT_HOME, offsetPoint, type GeoPoint } from './geo';
import {
  isArmableMode,
  isSupportedMode,
  modeCircles,
  modeName,
  modeNeedsPosition,
  modeReturns,
} from './modes';
import type { ParamStore } from './params';
import { Kinematics, type Guidance } from './physics';

export type FlightEvent =
  | { readonly kind: 'text'; readonly severity: number; readonly text: string }
  | { readonly kind: 'armed' | 'disarmed' }
  | { readonly kind: 'mode'; readonly mode: number }
  | { readonly kind: 'home' };

/** MAV_RESULT of a command, with the reason when refused. */
export type Outcome = { readonly result: number; readonly reason?: string };

const ACCEPTED: Outcome = { result: MAV_RESULT.MAV_RESULT_ACCEPTED };

const CELLS = 4;
const CELL_FULL = 4.2;
const CELL_EMPTY = 3.5;
/** Volts lost per amp drawn: internal resistance of the pack and wiring. */
const SAG_PER_AMP = 0.012;

export interface Battery {
  voltage: number;
  /** Amps. */
  current: number;
  consumedMah: number;
  /** Percent, 0..100. */
  remaining: number;
  capacityMah: number;
}

export interface CopterOptions {
  home?: GeoPoint;
  /** When the GPS gets its 3D fix, after start. Default 3 s. */
  gpsFixDelayMs?: number;
  initialMode?: number;
}

type RtlPhase = 'return' | 'land';

/** Steering from outside the copter: the mission in AUTO, a target in GUIDED, where RTL goes. */
export interface Autopilot {
  /** Refuses a change to `mode` (AUTO without a mission, ...); undefined lets it happen. */
  veto(mode: number): Outcome | undefined;
  /** Guidance that replaces the copter's own while armed; undefined for none. */
  guidance(): Guidance | undefined;
  /** Where RTL flies to, metres north and east of home. */
  returnPoint(): { north: number; east: number };
}

export class Copter {
  readonly home: GeoPoint;
  readonly kin = new Kinematics();
  readonly battery: Battery = {
    voltage: CELLS * CELL_FULL,
    current: 0,
    consumedMah: 0,
    remaining: 100,
    capacityMah: 0,
  };
  armed = false;
  mode: number;
  /** Whether the GPS has a 3D fix and home is set. */
  hasFix = false;
  /** The circle being flown, when one is. */
  circleCenter: { north: number; east: number } | undefined;
  autopilot: Autopilot | undefined;
  private takeoffAltitude: number | undefined;
  private holdAltitude = 0;
  private rtlPhase: RtlPhase = 'return';
  private groundIdleS = 0;
  private elapsedS = 0;
  private lowBatteryWarned = false;
  private readonly fixAtS: number;

  constructor(
    private readonly params: ParamStore,
    private readonly emit: (event: FlightEvent) => void,
    options: CopterOptions = {},
  ) {
    this.home = options.home ?? DEFAULT_HOME;
    this.fixAtS = (options.gpsFixDelayMs ?? 3000) / 1000;
    this.mode = options.initialMode ?? COPTER_MODE.COPTER_MODE_STABILIZE;
    this.battery.capacityMah = params.get('BATT_CAPACITY');
  }

  get flying(): boolean {
    return this.kin.airborne;
  }

  /** Where it is now. */
  position(): { lat: number; lon: number; altMsl: number; relAlt: number } {
    const { lat, lon } = offsetPoint(this.home, this.kin.north, this.kin.east);
    return { lat, lon, altMsl: this.home.altMsl + this.kin.alt, relAlt: this.kin.alt };
  }

  arm(force: boolean): Outcome {
    if (this.armed) return ACCEPTED;
    if (!force) {
      const failure = this.prearmFailure();
      if (failure !== undefined) {
        this.text(MAV_SEVERITY.MAV_SEVERITY_CRITICAL, `PreArm: ${failure}`);
        return { result: MAV_RESULT.MAV_RESULT_FAILED, reason: failure };
      }
    }
    this.armed = true;
    this.groundIdleS = 0;
    this.text(MAV_SEVERITY.MAV_SEVERITY_INFO, 'Arming motors');
    this.emit({ kind: 'armed' });
    return ACCEPTED;
  }

  disarm(force: boolean): Outcome {
    if (!this.armed) return ACCEPTED;
    if (this.flying && !force) {
      const reason = 'Disarm: vehicle is flying';
      this.text(MAV_SEVERITY.MAV_SEVERITY_CRITICAL, reason);
      return { result: MAV_RESULT.MAV_RESULT_FAILED, reason };
    }
    this.disarmNow();
    return ACCEPTED;
  }

  setMode(mode: number): Outcome {
    if (!isSupportedMode(mode)) {
      return { result: MAV_RESULT.MAV_RESULT_FAILED, reason: `no mode ${mode}` };
    }
    if (mode === this.mode) return ACCEPTED;
    if (modeNeedsPosition(mode) && !this.hasFix) {
      const reason = `Mode change to ${modeName(mode)} failed: requires position`;
      this.text(MAV_SEVERITY.MAV_SEVERITY_WARNING, reason);
      return { result: MAV_RESULT.MAV_RESULT_FAILED, reason };
    }
    const veto = this.autopilot?.veto(mode);
    if (veto !== undefined) return veto;
    this.mode = mode;
    this.enterMode();
    this.text(MAV_SEVERITY.MAV_SEVERITY_INFO, `Mode ${modeName(mode)}`);
    this.emit({ kind: 'mode', mode });
    return ACCEPTED;
  }

  /** MAV_CMD_NAV_TAKEOFF: climb to `altitude` metres above home. */
  takeoff(altitude: number): Outcome {
    if (this.mode !== COPTER_MODE.COPTER_MODE_GUIDED) {
      return { result: MAV_RESULT.MAV_RESULT_DENIED, reason: 'takeoff needs GUIDED mode' };
    }
    if (!this.armed) {
      return { result: MAV_RESULT.MAV_RESULT_TEMPORARILY_REJECTED, reason: 'not armed' };
    }
    if (this.flying) return { result: MAV_RESULT.MAV_RESULT_FAILED, reason: 'already flying' };
    if (!Number.isFinite(altitude) || altitude < 1 || altitude > 1000) {
      return { result: MAV_RESULT.MAV_RESULT_DENIED, reason: `bad takeoff altitude ${altitude}` };
    }
    this.takeoffAltitude = altitude;
    this.text(MAV_SEVERITY.MAV_SEVERITY_INFO, `Takeoff to ${round1(altitude)} m`);
    return ACCEPTED;
  }

  /** Advances the vehicle by `dt` seconds. */
  step(dt: number): void {
    this.elapsedS += dt;
    if (!this.hasFix && this.elapsedS >= this.fixAtS) {
      this.hasFix = true;
      this.text(MAV_SEVERITY.MAV_SEVERITY_INFO, 'EKF3 IMU0 is using GPS');
      this.emit({ kind: 'home' });
    }
    const landed = this.kin.step(dt, this.guidance());
    if (landed) this.touchedDown();
    this.checkTakeoffDone();
    this.checkAutoDisarm(dt);
    this.drain(dt);
  }

  private prearmFailure(): string | undefined {
    if (!isArmableMode(this.mode)) return `${modeName(this.mode)} mode not armable`;
    if (modeNeedsPosition(this.mode) && !this.hasFix) return 'Need Position Estimate';
    if (this.battery.voltage < this.params.get('BATT_CRT_VOLT'))
      return 'Battery 1 below critical voltage';
    return undefined;
  }

  private guidance(): Guidance {
    const kin = this.kin;
    if (!this.armed) {
      // Disarmed in the air (a forced disarm): it falls.
      return kin.airborne ? { kind: 'descend', rate: 20 } : { kind: 'ground' };
    }
    const steered = this.autopilot?.guidance();
    if (steered !== undefined) return steered;
    if (this.mode === COPTER_MODE.COPTER_MODE_LAND) {
      return kin.airborne ? { kind: 'descend', rate: this.landSpeed() } : { kind: 'ground' };
    }
    if (modeReturns(this.mode)) {
      if (!kin.airborne) return { kind: 'ground' };
      return this.returnGuidance();
    }
    if (this.takeoffAltitude !== undefined) {
      return {
        kind: 'takeoff',
        altitude: this.takeoffAltitude,
        climbRate: this.params.get('WPNAV_SPEED_UP') / 100,
      };
    }
    if (!kin.airborne) return { kind: 'ground' };
    if (modeCircles(this.mode)) {
      if (this.circleCenter === undefined) this.startCircle();
      const radius = this.params.get('CIRCLE_RADIUS') / 100;
      const rate = (this.params.get('CIRCLE_RATE') * Math.PI) / 180;
      if (this.circleCenter !== undefined && radius > 0) {
        return {
          kind: 'circle',
          centerNorth: this.circleCenter.north,
          centerEast: this.circleCenter.east,
          radius,
          speed: radius * rate,
          altitude: this.holdAltitude,
        };
      }
    }
    return { kind: 'hold', altitude: this.holdAltitude };
  }

  private returnGuidance(): Guidance {
    const kin = this.kin;
    if (this.rtlPhase === 'return') {
      const back = this.autopilot?.returnPoint() ?? { north: 0, east: 0 };
      const arrived =
        Math.hypot(kin.north - back.north, kin.east - back.east) < 1 && kin.groundSpeed < 0.5;
      if (!arrived) {
        const rtlAlt = this.params.get('RTL_ALT') / 100;
        const rtlSpeed = this.params.get('RTL_SPEED');
        const speed = (rtlSpeed > 0 ? rtlSpeed : this.params.get('WPNAV_SPEED')) / 100;
        return {
          kind: 'goto',
          north: back.north,
          east: back.east,
          altitude: Math.max(kin.alt, rtlAlt),
          speed,
          climbRate: this.params.get('WPNAV_SPEED_UP') / 100,
        };
      }
      this.rtlPhase = 'land';
      this.text(MAV_SEVERITY.MAV_SEVERITY_INFO, 'RTL: landing at home');
    }
    return { kind: 'descend', rate: this.landSpeed() };
  }

  private landSpeed(): number {
    return this.params.get('LAND_SPEED') / 100;
  }

  private enterMode(): void {
    this.circleCenter = undefined;
    this.rtlPhase = 'return';
    this.holdAltitude = this.kin.alt;
    if (this.mode !== COPTER_MODE.COPTER_MODE_GUIDED) this.takeoffAltitude = undefined;
  }

  /** The circle starts one radius ahead of the nose, so the copter is already on it. */
  private startCircle(): void {
    const radius = this.params.get('CIRCLE_RADIUS') / 100;
    this.circleCenter = {
      north: this.kin.north + radius * Math.cos(this.kin.yaw),
      east: this.kin.east + radius * Math.sin(this.kin.yaw),
    };
  }

  private checkTakeoffDone(): void {
    const target = this.takeoffAltitude;
    if (target === undefined || this.kin.alt < target - 0.1) return;
    this.takeoffAltitude = undefined;
    this.holdAltitude = target;
    this.text(MAV_SEVERITY.MAV_SEVERITY_INFO, `Reached takeoff altitude ${round1(target)} m`);
  }

  private touchedDown(): void {
    this.text(MAV_SEVERITY.MAV_SEVERITY_INFO, 'Landed');
    this.circleCenter = undefined;
    if (this.armed && (this.mode === COPTER_MODE.COPTER_MODE_LAND || modeReturns(this.mode))) {
      this.disarmNow();
    }
  }

  // Copter disarms by itself when it sits armed on the ground (DISARM_DELAY).
  private checkAutoDisarm(dt: number): void {
    if (!this.armed || this.kin.airborne || this.takeoffAltitude !== undefined) {
      this.groundIdleS = 0;
      return;
    }
    this.groundIdleS += dt;
    const delay = this.params.get('DISARM_DELAY');
    if (delay > 0 && this.groundIdleS >= delay) this.disarmNow();
  }

  private disarmNow(): void {
    this.armed = false;
    this.takeoffAltitude = undefined;
    this.groundIdleS = 0;
    this.text(MAV_SEVERITY.MAV_SEVERITY_INFO, 'Disarming motors');
    this.emit({ kind: 'disarmed' });
  }

  private drain(dt: number): void {
    const b = this.battery;
    const kin = this.kin;
    // Avionics alone, idling motors, or hover plus what climbing and speed cost.
    b.current = !this.armed
      ? 0.6
      : !kin.airborne
        ? 3.5
        : 14 + 3 * Math.max(0, -kin.vd) + 0.4 * kin.groundSpeed;
    b.consumedMah += (b.current * dt * 1000) / 3600;
    const capacity = Math.max(1, this.params.get('BATT_CAPACITY'));
    b.capacityMah = capacity;
    b.remaining = Math.max(0, 100 * (1 - b.consumedMah / capacity));
    const fraction = b.remaining / 100;
    const cell = CELL_EMPTY + (CELL_FULL - CELL_EMPTY) * Math.pow(fraction, 0.7);
    b.voltage = CELLS * cell - SAG_PER_AMP * b.current;
    if (!this.lowBatteryWarned && this.armed && b.voltage < this.params.get('BATT_LOW_VOLT')) {
      this.lowBatteryWarned = true;
      this.text(MAV_SEVERITY.MAV_SEVERITY_WARNING, `Battery 1 is low ${b.voltage.toFixed(2)}V`);
    }
  }

  private text(severity: number, text: string): void {
    this.emit({ kind: 'text', severity, text });
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

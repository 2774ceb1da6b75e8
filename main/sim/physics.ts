// Kinematics of the simulated copter: a point that follows a commanded
// velocity under acceleration limits, with an attitude derived from that
// acceleration (it banks into a turn, pitches into its travel) and a nose
// that turns towards where it goes. Positions are metres north/east of home
// and metres above it; no I/O, no clock: `step` is given the elapsed time.

import { wrapPi } from './geo';

const GRAVITY = 9.80665;
/** Horizontal and vertical acceleration limits, m/s/s. */
const ACCEL_XY = 2.5;
const ACCEL_Z = 2.5;
/** Metres per second of ground speed that a level copter sheds to drag: why it pitches forward to cruise. */
const DRAG = 0.1;
const YAW_RATE_MAX = Math.PI / 3;
/** Longest integration step; longer ticks are split. */
const MAX_STEP_S = 0.02;

export type Guidance =
  /** On the ground, motors off or idle. */
  | { readonly kind: 'ground' }
  /** Climb straight up to `altitude` metres above home, then hold. */
  | { readonly kind: 'takeoff'; readonly altitude: number; readonly climbRate: number }
  /** Stop and hold this altitude where it is. */
  | { readonly kind: 'hold'; readonly altitude: number }
  /** Fly a clockwise circle (negative speed: anticlockwise). */
  | {
      readonly kind: 'circle';
      readonly centerNorth: number;
      readonly centerEast: number;
      readonly radius: number;
      readonly speed: number;
      readonly altitude: number;
    }
  /** Fly to a point at `altitude`, at most `speed` m/s. */
  | {
      readonly kind: 'goto';
      readonly north: number;
      readonly east: number;
      readonly altitude: number;
      readonly speed: number;
      readonly climbRate: number;
    }
  /** Descend where it is until it touches the ground. */
  | { readonly kind: 'descend'; readonly rate: number };

export class Kinematics {
  north = 0;
  east = 0;
  /** Metres above home; 0 is on the ground. */
  alt = 0;
  vn = 0;
  ve = 0;
  /** Down is positive, as in MAVLink's NED frame. */
  vd = 0;
  roll = 0;
  pitch = 0;
  /** Radians, 0 north, clockwise. */
  yaw = 0;
  rollRate = 0;
  pitchRate = 0;
  yawRate = 0;
  /** Whether it left the ground and has not touched it since. */
  airborne = false;

  constructor(heading = 0) {
    this.yaw = wrapPi(heading);
  }

  get groundSpeed(): number {
    return Math.hypot(this.vn, this.ve);
  }

  /** Metres from the home point, horizontally. */
  get distanceFromHome(): number {
    return Math.hypot(this.north, this.east);
  }

  /** Advances by `dt` seconds under `guidance`; returns true on the step it touched down. */
  step(dt: number, guidance: Guidance): boolean {
    let landed = false;
    let left = dt;
    while (left > 1e-9) {
      const h = Math.min(left, MAX_STEP_S);
      if (this.integrate(h, guidance)) landed = true;
      left -= h;
    }
    return landed;
  }

  private integrate(dt: number, guidance: Guidance): boolean {
    if (guidance.kind === 'ground' && !this.airborne) {
      this.settle(dt);
      return false;
    }
    const [wantN, wantE, wantD] = this.desiredVelocity(guidance);
    const an = limit(wantN - this.vn, ACCEL_XY * dt);
    const ae = limit(wantE - this.ve, ACCEL_XY * dt);
    // Two-dimensional limit, so a diagonal change is no faster than a straight one.
    const scale = Math.min(1, (ACCEL_XY * dt) / Math.max(Math.hypot(an, ae), 1e-12));
    const dvn = an * scale;
    const dve = ae * scale;
    const dvd = limit(wantD - this.vd, ACCEL_Z * dt);
    this.vn += dvn;
    this.ve += dve;
    this.vd += dvd;
    this.north += this.vn * dt;
    this.east += this.ve * dt;
    this.alt -= this.vd * dt;
    if (this.alt > 0.05) this.airborne = true;
    let landed = false;
    if (this.alt <= 0) {
      this.alt = 0;
      if (this.vd > 0) this.vd = 0;
      if (this.airborne && guidance.kind === 'descend') {
        this.airborne = false;
        this.vn = 0;
        this.ve = 0;
        landed = true;
      }
    }
    this.orient(dt, dvn / dt, dve / dt);
    return landed;
  }

  private desiredVelocity(g: Guidance): [number, number, number] {
    switch (g.kind) {
      case 'ground':
        return [0, 0, 0];
      case 'takeoff':
        return [0, 0, -climbTowards(g.altitude - this.alt, g.climbRate)];
      case 'hold':
        return [0, 0, -climbTowards(g.altitude - this.alt, 2.5)];
      case 'descend':
        return [0, 0, g.rate];
      case 'goto': {
        const dn = g.north - this.north;
        const de = g.east - this.east;
        const dist = Math.hypot(dn, de);
        // Slow down so it can stop at the point: v = sqrt(2 a d), and a gentle
        // proportional pull for the last metres.
        const speed = Math.min(g.speed, Math.sqrt(2 * ACCEL_XY * 0.8 * dist), dist);
        const k = dist > 1e-6 ? speed / dist : 0;
        return [dn * k, de * k, -climbTowards(g.altitude - this.alt, g.climbRate)];
      }
      case 'circle': {
        const rn = this.north - g.centerNorth;
        const re = this.east - g.centerEast;
        const dist = Math.hypot(rn, re);
        const climb = -climbTowards(g.altitude - this.alt, 2.5);
        if (dist < 1e-6) return [g.speed, 0, climb];
        const un = rn / dist;
        const ue = re / dist;
        // Clockwise tangent of the outward unit vector (un, ue) is (-ue, un).
        const tangentN = -ue * g.speed;
        const tangentE = un * g.speed;
        // Pull back onto the circle.
        const radial = limit(-(dist - g.radius) * 0.6, Math.abs(g.speed));
        return [tangentN + un * radial, tangentE + ue * radial, climb];
      }
    }
  }

  private orient(dt: number, an: number, ae: number): void {
    const speed = this.groundSpeed;
    let yawRate = 0;
    if (speed > 1) {
      const turn = wrapPi(Math.atan2(this.ve, this.vn) - this.yaw);
      yawRate = limit(turn * 2, YAW_RATE_MAX);
    }
    this.yaw = wrapPi(this.yaw + yawRate * dt);
    // The horizontal force the rotors must make: the acceleration plus what
    // drag takes away; in body axes it tilts the copter.
    const fn = an + DRAG * this.vn;
    const fe = ae + DRAG * this.ve;
    const cos = Math.cos(this.yaw);
    const sin = Math.sin(this.yaw);
    const forward = fn * cos + fe * sin;
    const right = -fn * sin + fe * cos;
    const targetPitch = -Math.atan2(forward, GRAVITY);
    const targetRoll = Math.atan2(right, GRAVITY);
    // First-order lag of ~0.3 s, like an attitude controller's response.
    const k = Math.min(1, dt / 0.3);
    const roll = this.roll + (targetRoll - this.roll) * k;
    const pitch = this.pitch + (targetPitch - this.pitch) * k;
    this.rollRate = (roll - this.roll) / dt;
    this.pitchRate = (pitch - this.pitch) / dt;
    this.yawRate = yawRate;
    this.roll = roll;
    this.pitch = pitch;
  }

  private settle(dt: number): void {
    this.vn = 0;
    this.ve = 0;
    this.vd = 0;
    const k = Math.min(1, dt / 0.3);
    this.rollRate = (-this.roll * k) / dt;
    this.pitchRate = (-this.pitch * k) / dt;
    this.yawRate = 0;
    this.roll -= this.roll * k;
    this.pitch -= this.pitch * k;
  }
}

function limit(value: number, max: number): number {
  return value > max ? max : value < -max ? -max : value;
}

/** Climb rate (up positive) to close `error` metres without overshoot. */
function climbTowards(error: number, rate: number): number {
  const stoppable = Math.sqrt(2 * ACCEL_Z * 0.8 * Math.abs(error));
  return Math.sign(error) * Math.min(rate, stoppable, Math.abs(error) * 2);
}

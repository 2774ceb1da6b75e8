// The point the pilot last sent the vehicle to ("fly here"), kept while it
// flies there so every view can show it: until the vehicle reports itself
// there (within a waypoint radius, as ArduPilot's WPNAV_RADIUS default, and
// near the altitude), changes mode, or reboots.

import type { GlobalPosition } from './telemetry';

export interface FlyToTarget {
  /** Degrees. */
  lat: number;
  lon: number;
  /** Metres above home. */
  alt: number;
  /** When the vehicle took it (the io's clock, ms). */
  atMs: number;
}

/** Horizontal distance that counts as there, metres. */
const ARRIVED_M = 2;
/** Vertical distance that counts as there, metres. */
const ARRIVED_ALT_M = 1.5;
const EARTH_RADIUS_M = 6_378_137;
const DEG = Math.PI / 180;

export class FlyToTracker {
  private current: FlyToTarget | undefined;
  /** The vehicle's custom mode when it took the target. */
  private mode: number | undefined;

  get target(): FlyToTarget | null {
    return this.current === undefined ? null : { ...this.current };
  }

  /** The vehicle took a target while in `mode`. */
  set(target: FlyToTarget, mode: number | undefined): void {
    this.current = { ...target };
    this.mode = mode;
  }

  /** A position report; true when it reached the target (which is then forgotten). */
  position(p: GlobalPosition): boolean {
    const t = this.current;
    if (t === undefined) return false;
    const north = (p.lat - t.lat) * DEG * EARTH_RADIUS_M;
    const east = (p.lon - t.lon) * DEG * EARTH_RADIUS_M * Math.cos(t.lat * DEG);
    if (Math.hypot(north, east) > ARRIVED_M || Math.abs(p.altRelative - t.alt) > ARRIVED_ALT_M)
      return false;
    return this.clear();
  }

  /** A heartbeat's mode; true when the vehicle left the mode it took the target in. */
  modeReported(mode: number): boolean {
    return this.current !== undefined && mode !== this.mode && this.clear();
  }

  /** Forgets the target; true if there was one. */
  clear(): boolean {
    const had = this.current !== undefined;
    this.current = undefined;
    this.mode = undefined;
    return had;
  }
}

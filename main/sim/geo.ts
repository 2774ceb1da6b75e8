// Flat-earth conversions around a home point: over the few kilometres a
// simulated copter flies, north/east metres map to latitude and longitude
// with an error far below what GPS reports.

const EARTH_RADIUS_M = 6_378_137;
const DEG = Math.PI / 180;

export interface GeoPoint {
  /** Degrees. */
  readonly lat: number;
  /** Degrees. */
  readonly lon: number;
  /** Metres above mean sea level. */
  readonly altMsl: number;
}

/** ArduPilot SITL's default home: a field near Canberra. */
export const DEFAULT_HOME: GeoPoint = { lat: -35.3632621, lon: 149.1652374, altMsl: 584 };

/** The point `north` and `east` metres from `origin`. */
export function offsetPoint(
  origin: GeoPoint,
  north: number,
  east: number,
): { lat: number; lon: number } {
  const lat = origin.lat + north / EARTH_RADIUS_M / DEG;
  const lon = origin.lon + east / (EARTH_RADIUS_M * Math.cos(origin.lat * DEG)) / DEG;
  return { lat, lon };
}

/** North/east metres of `point` from `origin`. */
export function pointOffset(
  origin: GeoPoint,
  point: { lat: number; lon: number },
): { north: number; east: number } {
  return {
    north: (point.lat - origin.lat) * DEG * EARTH_RADIUS_M,
    east: (point.lon - origin.lon) * DEG * EARTH_RADIUS_M * Math.cos(origin.lat * DEG),
  };
}

/** An angle in radians folded into [-pi, pi). */
export function wrapPi(angle: number): number {
  const a = (angle + Math.PI) % (2 * Math.PI);
  return (a < 0 ? a + 2 * Math.PI : a) - Math.PI;
}

/** An angle in radians as degrees in [0, 360). */
export function headingDegrees(angle: number): number {
  const d = (angle / DEG) % 360;
  return d < 0 ? d + 360 : d;
}

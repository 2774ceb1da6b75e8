// Places on the ground and the distances between them, for the map, the
// track and the plan.

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

const EARTH_RADIUS_M = 6_371_000;
const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine: good from centimetres to continents). */
export function distanceM(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The place `northM` metres north and `eastM` east of `from` (flat earth: fine over a few km). */
export function offsetM(from: LatLon, northM: number, eastM: number): LatLon {
  return {
    lat: from.lat + northM / EARTH_RADIUS_M / RAD,
    lon: from.lon + eastM / (EARTH_RADIUS_M * Math.cos(from.lat * RAD)) / RAD,
  };
}

/** The point halfway between two places (plenty for points a mission apart). */
export function midpoint(a: LatLon, b: LatLon): LatLon {
  return { lat: (a.lat + b.lat) / 2, lon: (a.lon + b.lon) / 2 };
}

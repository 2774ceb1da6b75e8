// The Offline maps panel's area: four edges and a zoom range as the pilot
// types them, read into an area the core can estimate and download, and a
// starting box around where the vehicle is.

import type { TileArea } from '../../../protocol/wire-types';

export interface AreaFields {
  south: string;
  west: string;
  north: string;
  east: string;
  minZoom: string;
  maxZoom: string;
}

export const DEFAULT_ZOOMS = { minZoom: '12', maxZoom: '17' } as const;
/** About 2 km across: a flying field and its surroundings. */
export const DEFAULT_HALF_SIDE_M = 1000;
const METRES_PER_DEGREE = 111_320;

export const EMPTY_AREA: AreaFields = {
  south: '',
  west: '',
  north: '',
  east: '',
  ...DEFAULT_ZOOMS,
};

const degrees = (value: number) => value.toFixed(5);

/** A box `halfSideM` metres each way from a position, with the zoom range kept. */
export function areaAround(
  lat: number,
  lon: number,
  zooms: Pick<AreaFields, 'minZoom' | 'maxZoom'> = DEFAULT_ZOOMS,
  halfSideM = DEFAULT_HALF_SIDE_M,
): AreaFields {
  const dLat = halfSideM / METRES_PER_DEGREE;
  const dLon = halfSideM / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return {
    south: degrees(Math.max(-85, lat - dLat)),
    north: degrees(Math.min(85, lat + dLat)),
    west: degrees(Math.max(-180, lon - dLon)),
    east: degrees(Math.min(180, lon + dLon)),
    ...zooms,
  };
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/;
const WHOLE = /^\d{1,2}$/;

/** The area the fields describe, or what is wrong with them, in the panel's words. */
export function readArea(
  fields: AreaFields,
): { ok: true; area: TileArea } | { ok: false; error: string } {
  const edges = ['south', 'west', 'north', 'east'] as const;
  for (const edge of edges) {
    if (!NUMBER.test(fields[edge].trim())) {
      return {
        ok: false,
        error: `${edge[0]!.toUpperCase()}${edge.slice(1)} must be a number of degrees.`,
      };
    }
  }
  const [south, west, north, east] = edges.map((e) => Number(fields[e])) as [
    number,
    number,
    number,
    number,
  ];
  if (south < -90 || north > 90) return { ok: false, error: 'Latitudes run from -90 to 90.' };
  if (west < -180 || east > 180) return { ok: false, error: 'Longitudes run from -180 to 180.' };
  if (south >= north) return { ok: false, error: 'South must be below north.' };
  if (west >= east) return { ok: false, error: 'West must be left of east.' };
  if (!WHOLE.test(fields.minZoom.trim()) || !WHOLE.test(fields.maxZoom.trim())) {
    return { ok: false, error: 'Zoom levels are whole numbers, 0 to 22.' };
  }
  const minZoom = Number(fields.minZoom);
  const maxZoom = Number(fields.maxZoom);
  if (maxZoom > 22) return { ok: false, error: 'Zoom levels are whole numbers, 0 to 22.' };
  if (minZoom > maxZoom)
    return { ok: false, error: 'The first zoom level must not be above the last.' };
  return { ok: true, area: { bounds: { south, west, north, east }, minZoom, maxZoom } };
}

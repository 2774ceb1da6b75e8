// Web Mercator as the OpenStreetMap tiles use it: the world is a square of
// 256 * 2^zoom pixels, x from longitude -180, y from latitude +85.0511 down.

export const TILE_SIZE = 256;
export const MIN_ZOOM = 2;
export const MAX_ZOOM = 19;
export const MAX_LATITUDE = 85.05112878;
const EARTH_CIRCUMFERENCE_M = 40_075_016.686;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Tile {
  readonly z: number;
  /** Tile column, wrapped into 0..2^z-1. */
  readonly x: number;
  readonly y: number;
  /** Position of the tile's top-left corner in the viewport, pixels. */
  readonly left: number;
  readonly top: number;
  readonly key: string;
}

export function worldSize(zoom: number): number {
  return TILE_SIZE * 2 ** zoom;
}

/** Latitude/longitude in degrees to world pixels at `zoom`. */
export function project(lat: number, lon: number, zoom: number): Point {
  const size = worldSize(zoom);
  const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return {
    x: ((lon + 180) / 360) * size,
    y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size,
  };
}

export function unproject(point: Point, zoom: number): { lat: number; lon: number } {
  const size = worldSize(zoom);
  const lon = (point.x / size) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * point.y) / size;
  const lat = (180 / Math.PI) * Math.atan(Math.sinh(n));
  return { lat, lon };
}

/** Tiles covering a viewport of `width` x `height` centred on world pixel `center`. */
export function visibleTiles(center: Point, width: number, height: number, zoom: number): Tile[] {
  const count = 2 ** zoom;
  const left = center.x - width / 2;
  const top = center.y - height / 2;
  const x0 = Math.floor(left / TILE_SIZE);
  const x1 = Math.floor((left + width - 1) / TILE_SIZE);
  const y0 = Math.max(0, Math.floor(top / TILE_SIZE));
  const y1 = Math.min(count - 1, Math.floor((top + height - 1) / TILE_SIZE));
  const tiles: Tile[] = [];
  for (let ty = y0; ty <= y1; ty++) {
    for (let tx = x0; tx <= x1; tx++) {
      const wrapped = ((tx % count) + count) % count;
      tiles.push({
        z: zoom,
        x: wrapped,
        y: ty,
        left: tx * TILE_SIZE - left,
        top: ty * TILE_SIZE - top,
        key: `${zoom}/${tx}/${ty}`,
      });
    }
  }
  return tiles;
}

/** Ground metres one pixel covers at `lat`. */
export function metresPerPixel(lat: number, zoom: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / worldSize(zoom);
}

/** A round grid step (1, 2 or 5 times a power of ten metres) about `targetPx` pixels wide. */
export function gridStepM(metresPerPx: number, targetPx = 80): number {
  const raw = metresPerPx * targetPx;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (power * m >= raw) return power * m;
  return power * 10;
}

export function formatDistance(m: number): string {
  return m >= 1000 ? `${m / 1000} km` : `${m} m`;
}

export function clampZoom(zoom: number): number {
  return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.round(zoom)));
}

// Tiles as slippy maps number them (Web Mercator, as OpenStreetMap's): at
// zoom z the world is 2^z by 2^z tiles, x eastward from longitude -180, y
// southward from latitude +85.0511. An area is a latitude/longitude box
// and a zoom range; the tiles it covers are counted and listed from here.

export interface TileCoords {
  readonly z: number;
  readonly x: number;
  readonly y: number;
}

/** Beyond this no tile source we know of has tiles, and 2^z stays a small integer. */
export const MAX_TILE_ZOOM = 22;
/** Where Web Mercator stops: the map is square. */
export const MAX_LATITUDE = 85.0511287798;

export interface Bounds {
  readonly south: number;
  readonly west: number;
  readonly north: number;
  readonly east: number;
}

export interface TileRange {
  readonly z: number;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

function isWhole(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Whether z/x/y names a tile: whole numbers, z up to MAX_TILE_ZOOM, x and y within 2^z. */
export function isTile({ z, x, y }: TileCoords): boolean {
  if (!isWhole(z, 0, MAX_TILE_ZOOM)) return false;
  const last = 2 ** z - 1;
  return isWhole(x, 0, last) && isWhole(y, 0, last);
}

export function tileKey({ z, x, y }: TileCoords): string {
  return `${z}/${x}/${y}`;
}

function clampIndex(value: number, z: number): number {
  return Math.min(2 ** z - 1, Math.max(0, Math.floor(value)));
}

/** The column holding longitude `lon` at zoom `z`. */
export function tileX(lon: number, z: number): number {
  return clampIndex(((lon + 180) / 360) * 2 ** z, z);
}

/** The row holding latitude `lat` at zoom `z` (clamped to the map's edge). */
export function tileY(lat: number, z: number): number {
  const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return clampIndex((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * 2 ** z, z);
}

/** Why `bounds` is not an area to download, or null when it is one. */
export function boundsProblem(bounds: Bounds): string | null {
  const { south, west, north, east } = bounds;
  if (![south, west, north, east].every(Number.isFinite)) return 'the bounds must be numbers';
  if (south < -90 || north > 90) return 'latitudes run from -90 to 90';
  if (west < -180 || east > 180) return 'longitudes run from -180 to 180';
  if (south >= north) return 'south must be below north';
  // A box across 180° would need two ranges of columns: two downloads say it more plainly.
  if (west >= east) return 'west must be left of east (an area across 180° is two downloads)';
  return null;
}

/** The columns and rows `bounds` covers at zoom `z`, inclusive. */
export function tileRange(bounds: Bounds, z: number): TileRange {
  return {
    z,
    x0: tileX(bounds.west, z),
    x1: tileX(bounds.east, z),
    // North is up: the northern edge has the smaller row.
    y0: tileY(bounds.north, z),
    y1: tileY(bounds.south, z),
  };
}

export function rangeSize(range: TileRange): number {
  return (range.x1 - range.x0 + 1) * (range.y1 - range.y0 + 1);
}

export function countTiles(bounds: Bounds, minZoom: number, maxZoom: number): number {
  let count = 0;
  for (let z = minZoom; z <= maxZoom; z++) count += rangeSize(tileRange(bounds, z));
  return count;
}

/** Every tile of the area, zoom by zoom, row by row. */
export function* tilesIn(bounds: Bounds, minZoom: number, maxZoom: number): Generator<TileCoords> {
  for (let z = minZoom; z <= maxZoom; z++) {
    const { x0, x1, y0, y1 } = tileRange(bounds, z);
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) yield { z, x, y };
  }
}

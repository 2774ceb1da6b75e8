// Where the map's tiles come from, said once: the URL template Leaflet
// fills in, the attribution the source asks for, and the zoom levels it has.

export const TILE_URL_TEMPLATE = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const TILE_ATTRIBUTION = '© OpenStreetMap contributors';
export const MIN_ZOOM = 2;
export const MAX_ZOOM = 19;

/** The URL of one tile, as the map asks for it. */
export function tileUrl(tile: { z: number; x: number; y: number }): string {
  return TILE_URL_TEMPLATE.replace('{z}', String(tile.z))
    .replace('{x}', String(tile.x))
    .replace('{y}', String(tile.y));
}

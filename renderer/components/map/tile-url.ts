// Where the page's maps take their tiles: the page's own origin (the
// headless host, or the desktop app's app:// protocol), which answers from
// its cache and fetches what it lacks from the tile source set in the
// Offline maps panel. A Leaflet tile layer takes TILE_URL_TEMPLATE as is.

import { TILE_URL_TEMPLATE } from '../../../protocol/tile-route';

export { TILE_URL_TEMPLATE };

export function tileUrl(tile: { z: number; x: number; y: number }): string {
  return TILE_URL_TEMPLATE.replace('{z}', String(tile.z))
    .replace('{x}', String(tile.x))
    .replace('{y}', String(tile.y));
}

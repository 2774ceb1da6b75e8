// The route the page takes map tiles from: its own origin (the headless
// host, or the desktop app's app:// protocol), never the tile source, so
// the host can keep every tile for offline use and the page's policy can
// keep images to 'self'. Leaflet and the hand-drawn map fill the same
// template.

export const TILE_ROUTE_PREFIX = '/tiles/';

/** `{z}`, `{x}`, `{y}` as slippy maps number tiles. */
export const TILE_URL_TEMPLATE = `${TILE_ROUTE_PREFIX}{z}/{x}/{y}.png`;

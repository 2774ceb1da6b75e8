// No scenario reaches the internet: every host and desktop app starts with
// a tile source on a loopback port where nothing listens, so its map draws
// without tiles (offline-map.spec.ts sets a tile server of its own instead).

import { DEFAULT_TILE_SETTINGS, saveTileSettings } from '../../main/tiles/tile-settings';
import { freeTcpPort } from '../../main/testing/ports';

export async function noTileSource(dataDir: string): Promise<void> {
  const port = await freeTcpPort();
  await saveTileSettings(dataDir, {
    ...DEFAULT_TILE_SETTINGS,
    source: {
      urlTemplate: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
      attribution: 'No tiles in the e2e scenarios',
      maxZoom: 19,
    },
  });
}

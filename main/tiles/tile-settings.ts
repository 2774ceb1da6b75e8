// The map's settings, kept in the data folder as tiles.json: the tile
// source and how much the tile cache may hold. A missing file is a first
// run (OpenStreetMap, 500 MiB); a file that cannot be used is left for a
// person to mend, the defaults serve this run, and the reason is kept to
// be shown. Saved whole or not at all.

import { join } from 'node:path';
import { writeFileAtomic } from '../storage/atomic-write';
import { readJsonRecord } from '../storage/json-record';
import { checkTileSource, OPENSTREETMAP, TileSourceError, type TileSource } from './tile-source';

export const TILE_SETTINGS_FILE = 'tiles.json';
export const DEFAULT_CACHE_LIMIT_BYTES = 500 * 1024 * 1024;

export interface TileSettings {
  readonly source: TileSource;
  readonly cacheLimitBytes: number;
}

export const DEFAULT_TILE_SETTINGS: TileSettings = {
  source: OPENSTREETMAP,
  cacheLimitBytes: DEFAULT_CACHE_LIMIT_BYTES,
};

export interface LoadedTileSettings {
  readonly settings: TileSettings;
  /** Why the file was not used, naming it; null when it was (or there was none). */
  readonly problem: string | null;
}

export function tileSettingsPath(dataDir: string): string {
  return join(dataDir, TILE_SETTINGS_FILE);
}

function parseSettings(data: unknown): TileSettings | string {
  if (data === null || typeof data !== 'object') return 'it is not a JSON object';
  const { source, cacheLimitBytes } = data as { source?: unknown; cacheLimitBytes?: unknown };
  if (!Number.isSafeInteger(cacheLimitBytes) || (cacheLimitBytes as number) <= 0) {
    return 'cacheLimitBytes must be a whole number of bytes above 0';
  }
  const s = source as Partial<Record<keyof TileSource, unknown>> | null | undefined;
  if (
    s === null ||
    typeof s !== 'object' ||
    typeof s.urlTemplate !== 'string' ||
    typeof s.attribution !== 'string' ||
    typeof s.maxZoom !== 'number'
  ) {
    return 'source must hold urlTemplate, attribution and maxZoom';
  }
  try {
    const checked = checkTileSource({
      urlTemplate: s.urlTemplate,
      attribution: s.attribution,
      maxZoom: s.maxZoom,
    });
    return { source: checked, cacheLimitBytes: cacheLimitBytes as number };
  } catch (error) {
    if (error instanceof TileSourceError) return error.message;
    throw error;
  }
}

export async function loadTileSettings(dataDir: string): Promise<LoadedTileSettings> {
  const path = tileSettingsPath(dataDir);
  const read = await readJsonRecord(path);
  if (read.state === 'missing') return { settings: DEFAULT_TILE_SETTINGS, problem: null };
  const parsed = read.state === 'corrupt' ? read.reason : parseSettings(read.data);
  if (typeof parsed !== 'string') return { settings: parsed, problem: null };
  return {
    settings: DEFAULT_TILE_SETTINGS,
    problem: `${path} is not used (${parsed}): the map uses OpenStreetMap and a 500 MiB cache until it is saved again`,
  };
}

export async function saveTileSettings(dataDir: string, settings: TileSettings): Promise<void> {
  await writeFileAtomic(tileSettingsPath(dataDir), JSON.stringify(settings, null, 2) + '\n', {
    createFolder: true,
  });
}

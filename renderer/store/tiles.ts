// The map's tiles as the page knows them: the tile source (the map shows
// its attribution), and the last area download the core told of
// (`tiles.progress`), whoever started it, which the Offline maps panel
// shows and picks up again after a reload from `tiles.stats`.

import { create } from 'zustand';
import type { TileDownloadProgress, TileSourceInfo } from '../../protocol/wire-types';

export interface TilesState {
  /** Null until asked (`tiles.source`). */
  source: TileSourceInfo | null;
  download: TileDownloadProgress | null;
}

export const useTiles = create<TilesState>()(() => ({ source: null, download: null }));

/** A newer download's progress replaces an older one's; an older never replaces a newer. */
export function setDownload(state: TilesState, download: TileDownloadProgress): TilesState {
  if (state.download !== null && state.download.id > download.id) return state;
  return { ...state, download };
}

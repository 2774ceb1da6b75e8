// The last area download the core told of (`tiles.progress`), whoever
// started it: the Offline maps panel shows it, and picks it up again
// after a reload from `tiles.stats`.

import { create } from 'zustand';
import type { TileDownloadProgress } from '../../protocol/wire-types';

export interface TilesState {
  download: TileDownloadProgress | null;
}

export const useTiles = create<TilesState>()(() => ({ download: null }));

/** A newer download's progress replaces an older one's; an older never replaces a newer. */
export function setDownload(state: TilesState, download: TileDownloadProgress): TilesState {
  if (state.download !== null && state.download.id > download.id) return state;
  return { download };
}

// tiles.*: the map's tile source, the tile cache in the data folder, and
// areas downloaded for offline use (progress goes out as `tiles.progress`
// events; the service listens). A source or an area that cannot be used
// is refused with the core's own sentence. The tiles themselves are not on
// the Api: the page reads them from its own origin (main/tiles/tile-route.ts).

import { tileAreaEstimate, tileCacheStats, tileDownloadProgress, tileSourceInfo } from '../wire';
import type { ApiContext, Handlers } from './context';

type TileHandlers = Pick<
  Handlers,
  | 'tiles.source'
  | 'tiles.setSource'
  | 'tiles.stats'
  | 'tiles.setCacheLimit'
  | 'tiles.clear'
  | 'tiles.estimate'
  | 'tiles.download'
  | 'tiles.cancelDownload'
>;

export function tileHandlers(ctx: ApiContext): TileHandlers {
  const { tiles } = ctx;
  return {
    async 'tiles.source'() {
      return { source: tileSourceInfo(await tiles.source()) };
    },

    async 'tiles.setSource'(source) {
      return { source: tileSourceInfo(await tiles.setSource(source)) };
    },

    async 'tiles.stats'() {
      const { cache, unreachable, download } = await tiles.status();
      return {
        cache: tileCacheStats(cache),
        unreachable,
        download: download === null ? null : tileDownloadProgress(download),
      };
    },

    async 'tiles.setCacheLimit'({ bytes }) {
      return { cache: tileCacheStats(await tiles.setCacheLimit(bytes)) };
    },

    async 'tiles.clear'() {
      return { cache: tileCacheStats(await tiles.clear()) };
    },

    async 'tiles.estimate'(area) {
      return { estimate: tileAreaEstimate(await tiles.estimate(area)) };
    },

    async 'tiles.download'(area) {
      return { download: tileDownloadProgress(await tiles.startDownload(area)) };
    },

    async 'tiles.cancelDownload'() {
      const download = tiles.cancelDownload();
      return { download: download === null ? null : tileDownloadProgress(download) };
    },
  };
}

// Map tiles as Sigil's own host hands them to the page: from the cache
// when it has them, else fetched from the tile source (a few at a time,
// one fetch per tile however many ask), stored and answered. Nothing here
// waits without end: a fetch and a wait for a turn each have a time
// limit, and once the source could not be reached, tiles the cache lacks
// are answered "unavailable" at once for a while rather than tried again
// one by one. It also keeps the source and the cache's bound (tiles.json)
// and runs one area download at a time.

import { join } from 'node:path';
import { systemClock, type Clock } from '../clock';
import { Emitter } from '../vehicle/emitter';
import { AreaDownload, type Area, type DownloadProgress, type TileOutcome } from './area-download';
import { Limiter, LimiterFullError } from './limiter';
import { TileCache, type CacheStats } from './tile-cache';
import {
  boundsProblem,
  countTiles,
  isTile,
  tileKey,
  tilesIn,
  type TileCoords,
} from './tile-coords';
import { decodeTileFile, encodeTileFile, type StoredTile } from './tile-file';
import { loadTileSettings, saveTileSettings, type TileSettings } from './tile-settings';
import {
  areaDownloadRefusal,
  checkTileSource,
  sourceId,
  tileUrl,
  type TileSource,
} from './tile-source';
import { fetchTile } from './upstream';

export const TILE_CACHE_DIR = 'tiles';
/** Fetches from the source at once: OpenStreetMap's policy has long asked for no more than two. */
export const DEFAULT_CONCURRENCY = 2;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRY_AFTER_MS = 15_000;
/** Requests waiting for a fetch; past it a request is answered "unavailable" at once. */
export const DEFAULT_MAX_QUEUED = 256;
/** The most tiles one area download may hold. */
export const MAX_AREA_TILES = 100_000;
/** What a tile is taken to weigh before the cache holds enough of the source's to tell. */
export const ASSUMED_TILE_BYTES = 20 * 1024;

export interface MapTilesOptions {
  dataDir: string;
  clock?: Clock;
  concurrency?: number;
  /** How long a tile may take to come from the source, and how long a request may wait for its turn. */
  timeoutMs?: number;
  /** After the source could not be reached, how long tiles the cache lacks are refused at once. */
  retryAfterMs?: number;
  maxQueued?: number;
  maxAreaTiles?: number;
}

export type TileAnswer =
  | { readonly kind: 'tile'; readonly tile: StoredTile }
  /** The source has no such tile, or the zoom is past the source's. */
  | { readonly kind: 'missing'; readonly reason: string }
  /** Not in the cache and the source cannot be asked now: offline, slow, or busy. */
  | { readonly kind: 'unavailable'; readonly reason: string }
  /** The source answered with something that is not a tile. */
  | { readonly kind: 'bad-source'; readonly reason: string };

export interface TileSourceInfo {
  readonly source: TileSource;
  /** Why areas may not be downloaded from it, or null. */
  readonly areaDownloadRefusal: string | null;
  /** Why tiles.json was not used, or null. */
  readonly problem: string | null;
}

export interface TileStatus {
  readonly cache: CacheStats;
  /** Why the source could not be reached lately, or null when it answers. */
  readonly unreachable: string | null;
  readonly download: DownloadProgress | null;
}

export interface AreaEstimate {
  readonly tiles: number;
  /** Of those, already in the cache. */
  readonly cached: number;
  /** What the rest will take, about. */
  readonly bytes: number;
  /** Why the area may not be downloaded, or null when it may. */
  readonly refusal: string | null;
}

/** An area request that makes no sense (south above north, zooms the wrong way round). */
export class TileAreaError extends Error {}

interface Opened {
  cache: TileCache;
}

export class MapTiles {
  readonly events = new Emitter<{ download: DownloadProgress }>();
  private readonly dataDir: string;
  private readonly clock: Clock;
  private readonly limiter: Limiter;
  private readonly timeoutMs: number;
  private readonly retryAfterMs: number;
  private readonly maxAreaTiles: number;
  private settings: TileSettings | undefined;
  private problem: string | null = null;
  private readonly opened: Promise<Opened>;
  /** One fetch per tile, whoever asks. */
  private readonly inFlight = new Map<string, Promise<TileAnswer>>();
  private unreachable: { reason: string; until: number } | null = null;
  private download: AreaDownload | null = null;
  private nextDownloadId = 1;
  private closed = false;

  constructor(options: MapTilesOptions) {
    this.dataDir = options.dataDir;
    this.clock = options.clock ?? systemClock;
    this.limiter = new Limiter(
      options.concurrency ?? DEFAULT_CONCURRENCY,
      options.maxQueued ?? DEFAULT_MAX_QUEUED,
    );
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retryAfterMs = options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
    this.maxAreaTiles = options.maxAreaTiles ?? MAX_AREA_TILES;
    this.opened = this.open();
  }

  private async open(): Promise<Opened> {
    const loaded = await loadTileSettings(this.dataDir);
    this.settings = loaded.settings;
    this.problem = loaded.problem;
    const cache = new TileCache({
      dir: join(this.dataDir, TILE_CACHE_DIR),
      limitBytes: loaded.settings.cacheLimitBytes,
      clock: this.clock,
    });
    await cache.opened();
    return { cache };
  }

  /** The tile at z/x/y of the current source. */
  async tile(coords: TileCoords): Promise<TileAnswer> {
    const { cache } = await this.opened;
    const source = this.settings!.source;
    if (!isTile(coords)) return { kind: 'missing', reason: `${tileKey(coords)} is not a tile` };
    if (coords.z > source.maxZoom) {
      return { kind: 'missing', reason: `the tile source goes to zoom ${source.maxZoom}` };
    }
    const id = sourceId(source);
    const cached = await cache.get(id, coords);
    if (cached !== null) return { kind: 'tile', tile: cached };
    const down = this.unreachableNow();
    if (down !== null) {
      return { kind: 'unavailable', reason: `${down}, and this tile is not in the cache` };
    }
    const answer = await this.fetchOnce(cache, source, coords);
    if (answer.kind === 'unavailable') {
      return { ...answer, reason: `${answer.reason}, and this tile is not in the cache` };
    }
    return answer;
  }

  async source(): Promise<TileSourceInfo> {
    await this.opened;
    const source = this.settings!.source;
    return { source, areaDownloadRefusal: areaDownloadRefusal(source), problem: this.problem };
  }

  /** Checks, saves and uses a new source; its tiles are kept apart from any other's. */
  async setSource(input: TileSource): Promise<TileSourceInfo> {
    await this.opened;
    const source = checkTileSource(input);
    await this.save({ ...this.settings!, source });
    this.unreachable = null;
    return this.source();
  }

  async setCacheLimit(limitBytes: number): Promise<CacheStats> {
    const { cache } = await this.opened;
    await this.save({ ...this.settings!, cacheLimitBytes: limitBytes });
    return cache.setLimit(limitBytes);
  }

  async status(): Promise<TileStatus> {
    const { cache } = await this.opened;
    return {
      cache: await cache.stats(),
      unreachable: this.unreachableNow(),
      download: this.download?.current ?? null,
    };
  }

  async clear(): Promise<CacheStats> {
    const { cache } = await this.opened;
    return cache.clear();
  }

  /**
   * How many tiles the area holds, how many are cached, what the rest
   * weigh, and whether it may be downloaded; from the current source, or
   * from `from` (checked, not saved).
   */
  async estimate(area: Area, from?: TileSource): Promise<AreaEstimate> {
    const { cache } = await this.opened;
    const source = from === undefined ? this.settings!.source : checkTileSource(from);
    checkArea(area);
    const tiles = countTiles(area.bounds, area.minZoom, area.maxZoom);
    const refusals = [areaDownloadRefusal(source)];
    if (area.maxZoom > source.maxZoom) {
      refusals.push(`the tile source goes to zoom ${source.maxZoom}, not ${area.maxZoom}`);
    }
    if (tiles > this.maxAreaTiles) {
      refusals.push(
        `${tiles} tiles are more than the ${this.maxAreaTiles} one download may hold: ` +
          'choose a smaller area or fewer zoom levels',
      );
      return { tiles, cached: 0, bytes: tiles * ASSUMED_TILE_BYTES, refusal: firstOf(refusals) };
    }
    const id = sourceId(source);
    let cached = 0;
    for (const coords of tilesIn(area.bounds, area.minZoom, area.maxZoom)) {
      if (cache.holds(id, coords)) cached++;
    }
    const perTile = (await cache.averageBytes(id)) ?? ASSUMED_TILE_BYTES;
    const bytes = Math.round((tiles - cached) * perTile);
    const { limitBytes } = await cache.stats();
    if (bytes > limitBytes) {
      refusals.push(
        `about ${mebibytes(bytes)} would not fit in the tile cache (${mebibytes(limitBytes)}): ` +
          'raise its limit, or choose a smaller area or fewer zoom levels',
      );
    }
    return { tiles, cached, bytes, refusal: firstOf(refusals) };
  }

  /**
   * Starts downloading an area, from the current source or from `from`;
   * progress comes as `download` events. One at a time.
   */
  async startDownload(area: Area, from?: TileSource): Promise<DownloadProgress> {
    const { cache } = await this.opened;
    if (this.closed) throw new TileAreaError('the map tiles are shut down');
    const running = this.download?.current;
    if (running?.state === 'running') {
      throw new TileAreaError(
        `an area download is under way (${running.done} of ${running.total}): cancel it first`,
      );
    }
    const source = from === undefined ? this.settings!.source : checkTileSource(from);
    const estimate = await this.estimate(area, source);
    if (estimate.refusal !== null) throw new TileAreaError(estimate.refusal);
    const download = new AreaDownload({
      id: this.nextDownloadId++,
      area,
      total: estimate.tiles,
      tiles: tilesIn(area.bounds, area.minZoom, area.maxZoom),
      fetchTile: (coords) => this.downloadTile(cache, source, coords),
      workers: this.limiter.concurrency,
      clock: this.clock,
      onProgress: (progress) => this.events.emit('download', progress),
    });
    this.download = download;
    return download.current;
  }

  /** Cancels the running download; the last download's progress, or null when there was none. */
  cancelDownload(): DownloadProgress | null {
    return this.download?.cancel() ?? null;
  }

  /** The running download, if any, to its end. */
  async downloadFinished(): Promise<DownloadProgress | null> {
    return (await this.download?.finished) ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.download?.cancel();
    await this.download?.finished;
    await this.opened.catch(() => undefined);
  }

  private async save(settings: TileSettings): Promise<void> {
    await saveTileSettings(this.dataDir, settings);
    this.settings = settings;
    this.problem = null;
  }

  private unreachableNow(): string | null {
    const down = this.unreachable;
    if (down === null) return null;
    if (this.clock.now() >= down.until) return null;
    return down.reason;
  }

  private async downloadTile(
    cache: TileCache,
    source: TileSource,
    coords: TileCoords,
  ): Promise<TileOutcome> {
    // Read, not just looked up: a tile that fails its checksum is fetched again now, while online.
    if ((await cache.get(sourceId(source), coords)) !== null) return { kind: 'cached' };
    // A download tries the source even while the map's requests are refused at once.
    const answer = await this.fetchOnce(cache, source, coords);
    switch (answer.kind) {
      case 'tile':
        return { kind: 'fetched', bytes: answer.tile.body.byteLength };
      case 'unavailable':
        return { kind: 'unreachable', reason: answer.reason };
      default:
        return { kind: 'failed', reason: `${tileKey(coords)}: ${answer.reason}` };
    }
  }

  /** Fetches and stores one tile, sharing the fetch with whoever asks for it meanwhile. */
  private fetchOnce(cache: TileCache, source: TileSource, coords: TileCoords): Promise<TileAnswer> {
    const id = sourceId(source);
    const key = `${id}/${tileKey(coords)}`;
    let answer = this.inFlight.get(key);
    if (answer === undefined) {
      answer = this.fetchAndStore(cache, source, id, coords).finally(() =>
        this.inFlight.delete(key),
      );
      this.inFlight.set(key, answer);
    }
    return answer;
  }

  private async fetchAndStore(
    cache: TileCache,
    source: TileSource,
    id: string,
    coords: TileCoords,
  ): Promise<TileAnswer> {
    const seconds = `${this.timeoutMs / 1000} s`;
    let fetched;
    try {
      fetched = await this.limiter.run(
        () => fetchTile(tileUrl(source, coords), { timeoutMs: this.timeoutMs }),
        AbortSignal.timeout(this.timeoutMs),
      );
    } catch (error) {
      if (error instanceof LimiterFullError) {
        return { kind: 'unavailable', reason: 'too many tiles are being fetched already' };
      }
      return {
        kind: 'unavailable',
        reason: `no turn to fetch from the tile source within ${seconds}`,
      };
    }
    switch (fetched.kind) {
      case 'tile': {
        this.unreachable = null;
        try {
          return { kind: 'tile', tile: await cache.put(id, coords, fetched.tile) };
        } catch {
          // A full disk costs the cache this tile, not the map.
          return { kind: 'tile', tile: decodeTileFile(encodeTileFile(fetched.tile))! };
        }
      }
      case 'missing':
        this.unreachable = null;
        return { kind: 'missing', reason: fetched.reason };
      case 'refused':
        this.unreachable = null;
        return { kind: 'bad-source', reason: fetched.reason };
      case 'unreachable':
        this.unreachable = {
          reason: `the tile source cannot be reached: ${fetched.reason}`,
          until: this.clock.now() + this.retryAfterMs,
        };
        return { kind: 'unavailable', reason: this.unreachable.reason };
    }
  }
}

function checkArea(area: Area): void {
  const problem = boundsProblem(area.bounds);
  if (problem !== null) throw new TileAreaError(problem);
  const { minZoom, maxZoom } = area;
  if (
    !Number.isInteger(minZoom) ||
    !Number.isInteger(maxZoom) ||
    minZoom < 0 ||
    minZoom > maxZoom
  ) {
    throw new TileAreaError(
      'the zoom range runs from a lower whole zoom to a higher one, as 12-16',
    );
  }
}

function firstOf(refusals: (string | null)[]): string | null {
  return refusals.find((r) => r !== null) ?? null;
}

/** Bytes as the cache's messages say them: `12.3 MiB`, `480 MiB`. */
export function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
}

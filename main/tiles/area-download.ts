// Downloading an area for offline use: every tile of a box over a zoom
// range, a few at a time, with its progress told as it goes (at most five
// times a second, and always at the start and the end). A tile the source
// does not have counts as failed and the rest go on; a source that cannot
// be reached stops the download, saying so, rather than fail every tile
// left one by one. Cancelling ends it at once; the few tiles already under
// way finish in the background and are kept.

import type { Clock } from '../clock';
import type { Bounds, TileCoords } from './tile-coords';

export interface Area {
  readonly bounds: Bounds;
  readonly minZoom: number;
  readonly maxZoom: number;
}

export type DownloadState = 'running' | 'finished' | 'cancelled' | 'stopped';

export interface DownloadProgress {
  readonly id: number;
  readonly area: Area;
  readonly state: DownloadState;
  readonly total: number;
  /** Tiles now in the cache: fetched, or there already. */
  readonly done: number;
  /** Tiles the source did not give. */
  readonly failed: number;
  /** Bytes fetched from the source. */
  readonly bytes: number;
  /** Why it stopped, or the last tile's failure; null when nothing went wrong. */
  readonly reason: string | null;
}

/** What became of one tile. */
export type TileOutcome =
  | { readonly kind: 'cached' }
  | { readonly kind: 'fetched'; readonly bytes: number }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'unreachable'; readonly reason: string };

export interface AreaDownloadOptions {
  id: number;
  area: Area;
  total: number;
  tiles: Iterator<TileCoords>;
  /** Gets one tile into the cache. */
  fetchTile: (coords: TileCoords) => Promise<TileOutcome>;
  /** Tiles at once. */
  workers: number;
  clock: Clock;
  onProgress: (progress: DownloadProgress) => void;
}

export const PROGRESS_INTERVAL_MS = 200;

export class AreaDownload {
  private progress: DownloadProgress;
  private readonly abort = new AbortController();
  private lastTold = Number.NEGATIVE_INFINITY;
  readonly finished: Promise<DownloadProgress>;

  constructor(private readonly options: AreaDownloadOptions) {
    this.progress = {
      id: options.id,
      area: options.area,
      state: 'running',
      total: options.total,
      done: 0,
      failed: 0,
      bytes: 0,
      reason: null,
    };
    this.tell(true);
    this.finished = this.run();
  }

  get current(): DownloadProgress {
    return this.progress;
  }

  cancel(): DownloadProgress {
    if (this.progress.state === 'running') this.end('cancelled', null);
    return this.progress;
  }

  private async run(): Promise<DownloadProgress> {
    const workers = Array.from({ length: this.options.workers }, () => this.work());
    await Promise.all(workers);
    if (this.progress.state === 'running') this.end('finished', this.progress.reason);
    return this.progress;
  }

  private async work(): Promise<void> {
    const { signal } = this.abort;
    while (!signal.aborted) {
      const next = this.options.tiles.next();
      if (next.done === true) return;
      // A tile under way finishes (its fetch has its own time limit) and is kept.
      const outcome = await this.options.fetchTile(next.value);
      if (signal.aborted) return;
      this.count(outcome);
    }
  }

  private count(outcome: TileOutcome): void {
    const p = this.progress;
    switch (outcome.kind) {
      case 'cached':
        this.progress = { ...p, done: p.done + 1 };
        break;
      case 'fetched':
        this.progress = { ...p, done: p.done + 1, bytes: p.bytes + outcome.bytes };
        break;
      case 'failed':
        this.progress = { ...p, failed: p.failed + 1, reason: outcome.reason };
        break;
      case 'unreachable':
        this.end(
          'stopped',
          `${outcome.reason}: stopped with ${p.total - p.done - p.failed} tiles to go`,
        );
        return;
    }
    this.tell(false);
  }

  private end(state: Exclude<DownloadState, 'running'>, reason: string | null): void {
    this.progress = { ...this.progress, state, reason };
    this.abort.abort();
    this.tell(true);
  }

  private tell(always: boolean): void {
    const now = this.options.clock.now();
    if (!always && now - this.lastTold < PROGRESS_INTERVAL_MS) return;
    this.lastTold = now;
    this.options.onProgress(this.progress);
  }
}

// `sigil tiles`: the map's tile cache in a data folder, from the command
// line. `download` fetches an area for offline use (what it will take is
// said first, progress goes to stderr, a JSON summary to stdout), `stats`
// and `clear` look after the cache, `source` shows or sets where tiles
// come from. The same cache a running Sigil serves from.

import type { Writable } from 'node:stream';
import { defaultDataDir } from '../../main/core/paths';
import type { DownloadProgress } from '../../main/tiles/area-download';
import { MapTiles, mebibytes, TileAreaError } from '../../main/tiles/map-tiles';
import type { Bounds } from '../../main/tiles/tile-coords';
import { OPENSTREETMAP, TileSourceError, type TileSource } from '../../main/tiles/tile-source';
import {
  CliError,
  UsageError,
  interruption,
  parseCommandLine,
  write,
  type Command,
  type Io,
} from './command';

export const tilesCommand: Command = {
  name: 'tiles',
  summary: "download map tiles for offline use, and look after the map's tile cache",
  help: `Usage: sigil tiles download --bounds S,W,N,E --zoom MIN-MAX [--source URL] [--estimate]
       sigil tiles stats
       sigil tiles clear
       sigil tiles source [--url TEMPLATE --attribution TEXT --max-zoom N]

The map's tiles are kept in the data folder (tiles/, within a size bound,
500 MiB unless changed in the Offline maps panel), so the map works where
there is no internet.

download   fetches every tile of an area, zoom by zoom, for offline use. It
           says first how many tiles that is, how many are cached already
           and about how much the rest will take; then its progress on
           stderr; at the end a JSON line on stdout:
             {"state":"finished","total":N,"done":N,"failed":N,"bytes":N,...}
           Ctrl-C stops it (what was fetched is kept). At most 100000 tiles
           at a time. OpenStreetMap's public servers forbid bulk
           downloading (their tile usage policy): download from a tile
           server of your own or a provider whose terms allow it.
stats      the cache's tiles, bytes and bound, and the tile source (JSON)
clear      removes every cached tile
source     the tile source (JSON); with --url, sets it (saved in the data
           folder's tiles.json, as the Offline maps panel does)

Options:
  --bounds S,W,N,E    the area, in degrees: south, west, north, east
                      (-35.40,149.10,-35.30,149.20)
  --zoom MIN-MAX      the zoom levels, as 12-16 (or one, as 14)
  --source URL        download from this URL template ({z}, {x}, {y}, and {s}
                      for a/b/c) rather than the source set; the map shows
                      those tiles while that source is the one set
  --estimate          say what the download would take, as JSON, and stop
  --url TEMPLATE      (source) the URL template to set
  --attribution TEXT  (source) what the map must show for the source's licence
  --max-zoom N        (source) the source's deepest zoom (default 19)
  --data-dir DIR      the data folder (default: ${defaultDataDir()})
  -h, --help          show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(withSouthernBounds(args), {
      bounds: { type: 'string' },
      zoom: { type: 'string' },
      source: { type: 'string' },
      estimate: { type: 'boolean' },
      url: { type: 'string' },
      attribution: { type: 'string' },
      'max-zoom': { type: 'string' },
      'data-dir': { type: 'string' },
    });
    const [action, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const only = (allowed: string[]) => {
      const given = Object.keys(values).filter((k) => k !== 'data-dir' && !allowed.includes(k));
      if (given.length > 0) throw new UsageError(`${action} takes no --${given[0]}`);
    };
    const dataDir = values['data-dir'] ?? defaultDataDir();
    switch (action) {
      case 'download': {
        only(['bounds', 'zoom', 'source', 'estimate']);
        if (values.bounds === undefined) throw new UsageError('download needs --bounds S,W,N,E');
        if (values.zoom === undefined) throw new UsageError('download needs --zoom MIN-MAX');
        const area = { bounds: parseBounds(values.bounds), ...parseZoom(values.zoom) };
        const from =
          values.source === undefined
            ? undefined
            : { urlTemplate: values.source, attribution: '', maxZoom: 22 };
        return withTiles(dataDir, (tiles) =>
          download(tiles, area, from, values.estimate === true, io),
        );
      }
      case 'stats':
        only([]);
        return withTiles(dataDir, async (tiles) => {
          const [{ cache }, { source }] = await Promise.all([tiles.status(), tiles.source()]);
          await write(io.stdout, JSON.stringify({ ...cache, source }) + '\n');
          return 0;
        });
      case 'clear':
        only([]);
        return withTiles(dataDir, async (tiles) => {
          const before = (await tiles.status()).cache;
          const after = await tiles.clear();
          const removed = { removedTiles: before.tiles, removedBytes: before.bytes };
          await write(io.stdout, JSON.stringify({ ...after, ...removed }) + '\n');
          return 0;
        });
      case 'source':
        only(['url', 'attribution', 'max-zoom']);
        return withTiles(dataDir, async (tiles) => {
          if (values.url !== undefined) {
            await tiles.setSource({
              urlTemplate: values.url,
              attribution: values.attribution ?? '',
              maxZoom: parseMaxZoom(values['max-zoom']),
            });
          } else if (values.attribution !== undefined || values['max-zoom'] !== undefined) {
            throw new UsageError('--attribution and --max-zoom go with --url');
          }
          const info = await tiles.source();
          await write(
            io.stdout,
            JSON.stringify({ ...info.source, areaDownloadRefusal: info.areaDownloadRefusal }) +
              '\n',
          );
          if (info.problem !== null) io.stderr.write(`sigil tiles: ${info.problem}\n`);
          return 0;
        });
      default:
        throw new UsageError(
          action === undefined
            ? "expected 'download', 'stats', 'clear' or 'source'"
            : `unknown action '${action}'`,
        );
    }
  },
};

/** Runs `work` on the data folder's tiles, closing them after; refusals become one-line failures. */
async function withTiles(dataDir: string, work: (tiles: MapTiles) => Promise<number>) {
  const tiles = new MapTiles({ dataDir });
  try {
    return await work(tiles);
  } catch (error) {
    if (error instanceof TileAreaError || error instanceof TileSourceError) {
      throw new CliError(error.message);
    }
    throw error;
  } finally {
    await tiles.close();
  }
}

/**
 * `--bounds -35.4,...`: a southern latitude starts with a minus sign, which
 * would read as an option; the value after --bounds is the value.
 */
function withSouthernBounds(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (args[i] === '--bounds' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`--bounds=${next}`);
      i++;
    } else joined.push(args[i]!);
  }
  return joined;
}

const DEGREES = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*$/;

export function parseBounds(text: string): Bounds {
  const parts = text.split(',');
  if (parts.length !== 4 || !parts.every((p) => DEGREES.test(p))) {
    throw new UsageError(`--bounds is south,west,north,east in degrees, not '${text}'`);
  }
  const [south, west, north, east] = parts.map(Number) as [number, number, number, number];
  return { south, west, north, east };
}

export function parseZoom(text: string): { minZoom: number; maxZoom: number } {
  const match = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(text.trim());
  if (match === null) throw new UsageError(`--zoom is MIN-MAX, as 12-16, not '${text}'`);
  const minZoom = Number(match[1]);
  const maxZoom = Number(match[2] ?? match[1]);
  return { minZoom, maxZoom };
}

function parseMaxZoom(text: string | undefined): number {
  if (text === undefined) return OPENSTREETMAP.maxZoom;
  if (!/^\d{1,2}$/.test(text)) throw new UsageError(`--max-zoom is a whole number, not '${text}'`);
  return Number(text);
}

async function download(
  tiles: MapTiles,
  area: { bounds: Bounds; minZoom: number; maxZoom: number },
  from: TileSource | undefined,
  estimateOnly: boolean,
  io: Io,
): Promise<number> {
  const estimate = await tiles.estimate(area, from);
  if (estimateOnly) {
    await write(io.stdout, JSON.stringify(estimate) + '\n');
    return estimate.refusal === null ? 0 : 1;
  }
  if (estimate.refusal !== null) throw new CliError(estimate.refusal);
  const { minZoom, maxZoom } = area;
  io.stderr.write(
    `sigil tiles: ${estimate.tiles} tiles at zoom ${minZoom === maxZoom ? minZoom : `${minZoom}-${maxZoom}`}` +
      ` (${estimate.cached} cached already), about ${mebibytes(estimate.bytes)} to fetch\n`,
  );
  const line = new ProgressLine(io.stderr);
  const off = tiles.events.on('download', (p) => line.show(p));
  const { signal, release } = interruption();
  const stop = () => tiles.cancelDownload();
  signal.addEventListener('abort', stop);
  let end: DownloadProgress;
  try {
    await tiles.startDownload(area, from);
    end = (await tiles.downloadFinished())!;
  } finally {
    signal.removeEventListener('abort', stop);
    release();
    off();
    line.done();
  }
  const { state, total, done, failed, bytes, reason } = end;
  await write(
    io.stdout,
    JSON.stringify({ state, total, done, failed, bytes, cached: estimate.cached, reason }) + '\n',
  );
  if (state === 'stopped') throw new CliError(reason ?? 'the download stopped');
  if (state === 'cancelled') throw new CliError(`cancelled: ${done} of ${total} tiles are cached`);
  if (failed > 0)
    io.stderr.write(`sigil tiles: ${failed} tiles could not be fetched (${reason})\n`);
  return 0;
}

/**
 * Progress on stderr: one line redrawn on a terminal; elsewhere (a pipe, a
 * log) a line at every tenth of the way.
 */
class ProgressLine {
  private readonly terminal: boolean;
  private tenths = -1;
  private drawn = false;

  constructor(private readonly stderr: Writable) {
    this.terminal = (stderr as { isTTY?: boolean }).isTTY === true;
  }

  show(p: DownloadProgress): void {
    const percent = p.total > 0 ? Math.floor((100 * (p.done + p.failed)) / p.total) : 100;
    const text = `${p.done + p.failed} of ${p.total} tiles (${percent}%), ${mebibytes(p.bytes)}, ${p.failed} failed`;
    if (this.terminal) {
      this.stderr.write(`\r${text}\x1b[K`);
      this.drawn = true;
      return;
    }
    const tenths = Math.floor(percent / 10);
    if (tenths === this.tenths) return;
    this.tenths = tenths;
    this.stderr.write(`${text}\n`);
  }

  done(): void {
    if (this.drawn) this.stderr.write('\r\x1b[K');
  }
}

// Where map tiles come from: a URL template ({z}, {x}, {y}, and {s} for a
// server's a/b/c hosts), the attribution the source's licence asks the map
// to show, and its deepest zoom. OpenStreetMap's public servers are the
// default; their tile usage policy asks every application to identify
// itself (upstream.ts sends Sigil's name and version) and forbids bulk
// downloading, so an offline area needs another source.

import { createHash } from 'node:crypto';
import { MAX_TILE_ZOOM, type TileCoords } from './tile-coords';

export interface TileSource {
  readonly urlTemplate: string;
  readonly attribution: string;
  readonly maxZoom: number;
}

export const OPENSTREETMAP: TileSource = {
  urlTemplate: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  attribution: '© OpenStreetMap contributors',
  maxZoom: 19,
};

export const MAX_TEMPLATE_LENGTH = 1024;
export const MAX_ATTRIBUTION_LENGTH = 300;
/** What {s} becomes, one host per tile, so a browser-style source spreads its load. */
const SUBDOMAINS = ['a', 'b', 'c'] as const;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN = new Set(['z', 'x', 'y', 's']);

/** A tile source that cannot be used, with the reason for a person. */
export class TileSourceError extends Error {}

function templateUrl(template: string): URL | null {
  try {
    return new URL(template.replace(PLACEHOLDER, (_, name: string) => (name === 's' ? 'a' : '0')));
  } catch {
    return null;
  }
}

/** The source, checked: a template Sigil can fill and fetch, an attribution and a zoom. */
export function checkTileSource(input: TileSource): TileSource {
  const urlTemplate = input.urlTemplate.trim();
  if (urlTemplate.length === 0 || urlTemplate.length > MAX_TEMPLATE_LENGTH) {
    throw new TileSourceError(`a URL template is 1 to ${MAX_TEMPLATE_LENGTH} characters`);
  }
  for (const [, name] of urlTemplate.matchAll(PLACEHOLDER)) {
    if (!KNOWN.has(name!)) {
      throw new TileSourceError(
        `the URL template has {${name}}: it may hold only {z}, {x}, {y} and {s}`,
      );
    }
  }
  for (const name of ['z', 'x', 'y']) {
    if (!urlTemplate.includes(`{${name}}`)) {
      throw new TileSourceError(`the URL template needs {${name}}, as in .../{z}/{x}/{y}.png`);
    }
  }
  const url = templateUrl(urlTemplate);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TileSourceError('the URL template must be an http:// or https:// address');
  }
  if (url.username !== '' || url.password !== '') {
    throw new TileSourceError(
      'the URL template must not carry a user name or password (a key goes in the query)',
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(input.attribution)) {
    throw new TileSourceError('the attribution is one line of text');
  }
  const attribution = input.attribution.trim();
  if (attribution.length > MAX_ATTRIBUTION_LENGTH) {
    throw new TileSourceError(`the attribution is at most ${MAX_ATTRIBUTION_LENGTH} characters`);
  }
  if (!Number.isInteger(input.maxZoom) || input.maxZoom < 0 || input.maxZoom > MAX_TILE_ZOOM) {
    throw new TileSourceError(`the maximum zoom is a whole number from 0 to ${MAX_TILE_ZOOM}`);
  }
  return { urlTemplate, attribution, maxZoom: input.maxZoom };
}

/** The address of one tile. */
export function tileUrl(source: TileSource, { z, x, y }: TileCoords): string {
  const values: Record<string, string> = {
    z: String(z),
    x: String(x),
    y: String(y),
    s: SUBDOMAINS[(x + y) % SUBDOMAINS.length]!,
  };
  return source.urlTemplate.replace(PLACEHOLDER, (_, name: string) => values[name]!);
}

/** Names the source's folder in the cache: tiles of two templates never mix. */
export function sourceId(source: TileSource): string {
  return createHash('sha256').update(source.urlTemplate).digest('hex').slice(0, 16);
}

function servedByOpenStreetMap(source: TileSource): boolean {
  const host = templateUrl(source.urlTemplate)?.hostname ?? '';
  return host === 'openstreetmap.org' || host.endsWith('.openstreetmap.org');
}

export const OPENSTREETMAP_BULK_REFUSAL =
  "OpenStreetMap's public tile servers forbid bulk downloading (their tile usage policy): " +
  'an offline area needs a tile source that allows it, such as a tile server of your own or ' +
  'a provider whose terms permit it. The tiles the map shows are kept for offline use all the same.';

/** Why an area may not be downloaded from `source`, or null when it may. */
export function areaDownloadRefusal(source: TileSource): string | null {
  return servedByOpenStreetMap(source) ? OPENSTREETMAP_BULK_REFUSAL : null;
}

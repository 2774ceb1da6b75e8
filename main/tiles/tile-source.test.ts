import { describe, expect, it } from 'vitest';
import {
  areaDownloadRefusal,
  checkTileSource,
  OPENSTREETMAP,
  OPENSTREETMAP_BULK_REFUSAL,
  sourceId,
  tileUrl,
} from './tile-source';

const source = (urlTemplate: string, more: Partial<typeof OPENSTREETMAP> = {}) => ({
  urlTemplate,
  attribution: 'Tiles: ours',
  maxZoom: 18,
  ...more,
});

describe('tile sources', () => {
  it('fill the template, spreading {s} over a, b and c', () => {
    expect(tileUrl(OPENSTREETMAP, { z: 15, x: 17161, y: 11476 })).toBe(
      'https://tile.openstreetmap.org/15/17161/11476.png',
    );
    const spread = source('https://{s}.tiles.example/{z}/{x}/{y}.png?key=k');
    const hosts = [0, 1, 2].map((x) => new URL(tileUrl(spread, { z: 3, x, y: 0 })).hostname);
    expect(hosts).toEqual(['a.tiles.example', 'b.tiles.example', 'c.tiles.example']);
  });

  it('accept http and https templates with {z}, {x} and {y}', () => {
    expect(checkTileSource(source(' http://127.0.0.1:8000/{z}/{x}/{y}.png '))).toEqual(
      source('http://127.0.0.1:8000/{z}/{x}/{y}.png'),
    );
  });

  it.each([
    ['http://tiles.example/{z}/{x}.png', 'the URL template needs {y}, as in .../{z}/{x}/{y}.png'],
    [
      'http://tiles.example/{z}/{x}/{y}{r}.png',
      'the URL template has {r}: it may hold only {z}, {x}, {y} and {s}',
    ],
    ['file:///tiles/{z}/{x}/{y}.png', 'the URL template must be an http:// or https:// address'],
    ['{z}/{x}/{y}', 'the URL template must be an http:// or https:// address'],
    [
      'http://me:pw@tiles.example/{z}/{x}/{y}.png',
      'the URL template must not carry a user name or password (a key goes in the query)',
    ],
  ])('refuse %s', (urlTemplate, reason) => {
    expect(() => checkTileSource(source(urlTemplate))).toThrow(reason);
  });

  it('refuse a zoom past 22 and an attribution of more than one line', () => {
    const ok = 'http://tiles.example/{z}/{x}/{y}.png';
    expect(() => checkTileSource(source(ok, { maxZoom: 23 }))).toThrow('from 0 to 22');
    expect(() => checkTileSource(source(ok, { attribution: 'a\nb' }))).toThrow('one line');
  });

  it('keep the tiles of two templates apart', () => {
    expect(sourceId(OPENSTREETMAP)).toMatch(/^[0-9a-f]{16}$/);
    expect(sourceId(source('http://a.example/{z}/{x}/{y}.png'))).not.toBe(sourceId(OPENSTREETMAP));
  });

  it("refuse area downloads from OpenStreetMap's public servers, whatever the host", () => {
    expect(areaDownloadRefusal(OPENSTREETMAP)).toBe(OPENSTREETMAP_BULK_REFUSAL);
    expect(OPENSTREETMAP_BULK_REFUSAL).toContain('forbid bulk downloading');
    expect(
      areaDownloadRefusal(source('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')),
    ).not.toBeNull();
    expect(areaDownloadRefusal(source('http://127.0.0.1:8000/{z}/{x}/{y}.png'))).toBeNull();
    expect(areaDownloadRefusal(source('https://notopenstreetmap.org/{z}/{x}/{y}.png'))).toBeNull();
  });
});

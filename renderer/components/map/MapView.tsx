// The map: Leaflet with its tiles from the page's own origin (tile-url.ts),
// a scale, the tile source's attribution, and the layers given as children (vehicle, track, mission,
// fence...). It can keep one point in view ("follow") until the pilot pans
// away, and reports clicks and long presses as places.

import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { LatLon } from '../geo';
import { MapContext } from './map-context';
import { useTileAttribution } from './attribution';
import { TILE_URL_TEMPLATE } from './tile-url';

const MIN_ZOOM = 2;
const MAX_ZOOM = 19;

/** Close enough to see a vehicle against the ground. */
const FOLLOW_ZOOM = 17;

interface Props {
  /** Kept in view while following; null or absent: nothing to follow. */
  follow?: LatLon | null;
  /** Where to look when there is nothing to follow yet. */
  start?: LatLon | null;
  /**
   * With no place to look at, show the whole world (planning without a
   * vehicle). Otherwise the map waits for a place: tiles of a view left at
   * once are fetched for nothing, and missing from the cache later.
   */
  worldUntilPlaced?: boolean;
  /** A click on the map (not on a marker), or a long press / right click; `viewM`: the shorter side of the view, metres. */
  onPick?: (at: LatLon, viewM: number) => void;
  /** Said to screen readers, with the keys the map takes. */
  label: string;
  testId?: string;
  children?: ReactNode;
}

/** Ground metres one screen pixel covers at the map's centre. */
function metresPerPixel(map: L.Map): number {
  const centre = map.getSize().divideBy(2);
  const a = map.containerPointToLatLng(centre);
  const b = map.containerPointToLatLng(centre.add([100, 0]));
  return a.distanceTo(b) / 100;
}

/** Leaflet needs its container's size: a map made while hidden or resized must be told. */
function useResizeFollower(box: React.RefObject<HTMLElement | null>, map: L.Map | null): void {
  useEffect(() => {
    const el = box.current;
    if (el === null || map === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => map.invalidateSize({ pan: false }));
    observer.observe(el);
    return () => observer.disconnect();
  }, [box, map]);
}

export function MapView({
  follow = null,
  start = null,
  worldUntilPlaced = false,
  onPick,
  label,
  testId,
  children,
}: Props): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const [following, setFollowing] = useState(true);
  const [tilesFailing, setTilesFailing] = useState(false);
  const attribution = useTileAttribution();
  const onPickRef = useRef(onPick);
  useLayoutEffect(() => {
    onPickRef.current = onPick;
  });

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const created = L.map(el, {
      minZoom: MIN_ZOOM,
      maxZoom: MAX_ZOOM,
      zoomControl: true,
      // The source's attribution is shown under the map, where it can change with the source.
      attributionControl: false,
      worldCopyJump: true,
    });
    L.tileLayer(TILE_URL_TEMPLATE, {
      minZoom: MIN_ZOOM,
      maxZoom: MAX_ZOOM,
    })
      .on('tileerror', () => setTilesFailing(true))
      .on('tileload', () => setTilesFailing(false))
      .addTo(created);
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(created);
    created.on('dragstart', () => setFollowing(false));
    const pick = (e: L.LeafletMouseEvent): void => {
      const size = created.getSize();
      const viewM = Math.min(size.x, size.y) * metresPerPixel(created);
      onPickRef.current?.({ lat: e.latlng.lat, lon: e.latlng.lng }, viewM);
    };
    created.on('click', pick);
    created.on('contextmenu', pick);
    setMap(created);
    return () => {
      created.remove();
      setMap(null);
    };
  }, []);
  useResizeFollower(box, map);

  // The first place known centres the map close in; following keeps it there.
  const centred = useRef(false);
  const target = follow ?? start;
  const targetLat = target?.lat ?? null;
  const targetLon = target?.lon ?? null;
  const followable = follow !== null;
  useEffect(() => {
    if (map === null) return;
    if (targetLat === null || targetLon === null) {
      if (worldUntilPlaced && !centred.current) map.setView([0, 0], MIN_ZOOM, { animate: false });
      return;
    }
    if (!centred.current) {
      map.setView([targetLat, targetLon], FOLLOW_ZOOM, { animate: false });
      centred.current = true;
    } else if (followable && following) {
      map.panTo([targetLat, targetLon], { animate: false });
    }
  }, [map, targetLat, targetLon, followable, following, worldUntilPlaced]);

  return (
    <div className="map">
      <div
        ref={box}
        className="map-canvas"
        role="application"
        aria-label={`${label}. Arrow keys pan, plus and minus zoom.`}
        data-testid={testId ?? 'map'}
        data-map-mode={tilesFailing ? 'no-tiles' : 'tiles'}
      />
      {map === null ? null : <MapContext.Provider value={map}>{children}</MapContext.Provider>}
      <div className="map-controls">
        {followable ? (
          <button type="button" aria-pressed={following} onClick={() => setFollowing(!following)}>
            {following ? 'Following vehicle' : 'Follow vehicle'}
          </button>
        ) : null}
        {tilesFailing ? (
          <span className="map-offline" data-testid="map-offline">
            Map tiles could not be loaded: the map draws without them.
          </span>
        ) : null}
        {attribution === null ? null : <span className="map-attribution">{attribution}</span>}
      </div>
    </div>
  );
}

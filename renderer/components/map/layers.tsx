// What the flight map draws of the vehicle: where it is and heads, where it
// has been, and home.

import L from 'leaflet';
import { useEffect, useMemo, type ReactNode } from 'react';
import { badgeIcon, vehicleIcon } from './icons';
import type { LatLon } from '../geo';
import { useMap } from './map-context';

/** A Leaflet layer on the map while the component is shown. */
export function useLayer<T extends L.Layer>(layer: T): T {
  const map = useMap();
  useEffect(() => {
    layer.addTo(map);
    return () => {
      layer.remove();
    };
  }, [map, layer]);
  return layer;
}

export function VehicleMarker({ at, heading }: { at: LatLon; heading: number | null }): ReactNode {
  const icon = useMemo(() => vehicleIcon(), []);
  const marker = useLayer(
    useMemo(
      () =>
        L.marker([0, 0], {
          icon: icon.icon,
          interactive: false,
          keyboard: false,
          zIndexOffset: 1000,
        }),
      [icon],
    ),
  );
  useEffect(() => {
    marker.setLatLng([at.lat, at.lon]);
  }, [marker, at.lat, at.lon]);
  useEffect(() => {
    icon.setHeading(heading ?? 0);
  }, [icon, heading]);
  return null;
}

export function HomeMarker({ at }: { at: LatLon }): ReactNode {
  const marker = useLayer(
    useMemo(
      () =>
        L.marker([0, 0], {
          icon: badgeIcon('H', 'map-home'),
          interactive: false,
          keyboard: false,
          title: 'Home',
        }),
      [],
    ),
  );
  useEffect(() => {
    marker.setLatLng([at.lat, at.lon]);
  }, [marker, at.lat, at.lon]);
  return null;
}

export function TrackLine({ points }: { points: readonly LatLon[] }): ReactNode {
  const line = useLayer(
    // Every point drawn: the track is already thinned to half-metre steps.
    useMemo(
      () => L.polyline([], { className: 'map-track', interactive: false, smoothFactor: 0 }),
      [],
    ),
  );
  useEffect(() => {
    line.setLatLngs(points.map((p) => [p.lat, p.lon]));
  }, [line, points]);
  return null;
}

/** A place the pilot picked, or the vehicle was sent to: a ring, with what it is as its title. */
export function TargetMarker({
  at,
  title,
  kind,
}: {
  at: LatLon;
  title: string;
  kind: string;
}): ReactNode {
  const marker = useLayer(
    useMemo(
      () =>
        L.marker([0, 0], {
          icon: badgeIcon('', `map-target map-target-${kind}`, { target: kind }),
          interactive: false,
          keyboard: false,
          title,
        }),
      [kind, title],
    ),
  );
  useEffect(() => {
    marker.setLatLng([at.lat, at.lon]);
  }, [marker, at.lat, at.lon]);
  return null;
}

// The Leaflet map a MapView made, for the layers drawn inside it.

import { createContext, useContext } from 'react';
import type { Map as LeafletMap } from 'leaflet';

export const MapContext = createContext<LeafletMap | null>(null);

/** The map this layer is drawn on; layers render only inside a MapView. */
export function useMap(): LeafletMap {
  const map = useContext(MapContext);
  if (map === null) throw new Error('a map layer is drawn outside a MapView');
  return map;
}

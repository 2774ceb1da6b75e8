// Marker icons built as DOM elements, not HTML strings: the page's policy
// allows no inline style, and an element can be turned (heading) or
// relabelled without Leaflet making the marker again.

import L from 'leaflet';

const SVG = 'http://www.w3.org/2000/svg';

/** A round badge with a short text (H for home, an item's number, R for a rally point). */
export function badgeIcon(
  text: string,
  className: string,
  data: Record<string, string> = {},
): L.DivIcon {
  const el = document.createElement('div');
  el.className = `map-badge ${className}`;
  el.textContent = text;
  for (const [name, value] of Object.entries(data)) el.dataset[name] = value;
  return L.divIcon({ html: el, className: 'map-icon', iconSize: [22, 22], iconAnchor: [11, 11] });
}

/** A small square handle: a polygon's corner, or (faint) the middle of its side. */
export function handleIcon(className: string): L.DivIcon {
  const el = document.createElement('div');
  el.className = `map-handle ${className}`;
  return L.divIcon({ html: el, className: 'map-icon', iconSize: [12, 12], iconAnchor: [6, 6] });
}

export interface VehicleIcon {
  icon: L.DivIcon;
  /** Points the arrow: degrees clockwise from north. */
  setHeading(degrees: number): void;
}

/** An arrow that points where the vehicle heads. */
export function vehicleIcon(): VehicleIcon {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '-16 -16 32 32');
  svg.setAttribute('width', '32');
  svg.setAttribute('height', '32');
  svg.setAttribute('class', 'map-vehicle');
  const arrow = document.createElementNS(SVG, 'path');
  arrow.setAttribute('d', 'M0,-13 L9,10 L0,5 L-9,10 Z');
  svg.appendChild(arrow);
  const holder = document.createElement('div');
  holder.appendChild(svg);
  return {
    icon: L.divIcon({
      html: holder,
      className: 'map-icon',
      iconSize: [32, 32],
      iconAnchor: [16, 16],
    }),
    setHeading: (degrees) => arrow.setAttribute('transform', `rotate(${degrees.toFixed(1)})`),
  };
}

// The plan on a map: the mission's path and numbered items with home, the
// geofence's polygons, circles and return point, and the rally points.
// Read-only on the flight map (with the item being flown marked); given
// the callbacks, the Plan view's map lets each be dragged, and a fence
// polygon's corners be added (the faint middle handles) and removed (right
// click or long press on a corner).

import L from 'leaflet';
import { useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import type { LatLon } from '../geo';
import { midpoint } from '../geo';
import { commandName, commandSpec } from '../../plan/commands';
import type { Fence } from '../../plan/fence';
import { homePlace, itemPlace, type Mission } from '../../plan/mission';
import type { RallyPoint } from '../../plan/rally';
import { badgeIcon, handleIcon } from './icons';
import { useLayer } from './layers';
import { useMap } from './map-context';

const toLatLng = (p: LatLon): L.LatLngExpression => [p.lat, p.lon];
const fromLatLng = (p: L.LatLng): LatLon => ({ lat: p.lat, lon: p.lng });

/** The latest props, for Leaflet handlers made once per drawing. */
function useLatest<T>(value: T): React.RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}

/** A group of layers on the map, drawn again whenever `draw` changes. */
function useDrawing(draw: (group: L.LayerGroup) => void): void {
  const group = useLayer(useMemo(() => L.layerGroup(), []));
  useEffect(() => {
    group.clearLayers();
    draw(group);
  }, [group, draw]);
}

/** A marker that may be dragged (when `onDrag` is given) and clicked. */
function marker(
  at: LatLon,
  icon: L.DivIcon,
  title: string,
  onDrag: ((to: LatLon) => void) | null,
  onClick?: () => void,
): L.Marker {
  const m = L.marker(toLatLng(at), { icon, title, draggable: onDrag !== null, keyboard: false });
  if (onDrag !== null) m.on('dragend', () => onDrag(fromLatLng(m.getLatLng())));
  if (onClick !== undefined) m.on('click', onClick);
  return m;
}

export interface MissionEdits {
  onMove(index: number, to: LatLon): void;
  onMoveHome(to: LatLon): void;
  onSelect(index: number): void;
}

export function MissionLayer(props: {
  mission: Mission;
  /** The item the vehicle flies to (MISSION_CURRENT), 1-based as the vehicle counts. */
  current?: number | null;
  /** Selected item, index into `mission.items`. */
  selected?: number | null;
  edits?: MissionEdits;
}): ReactNode {
  const { mission, current = null, selected = null } = props;
  const edits = useLatest(props.edits);
  const editable = props.edits !== undefined;
  const draw = useMemo(
    () => (group: L.LayerGroup) => {
      const home = homePlace(mission);
      const path: LatLon[] = home === null ? [] : [home];
      mission.items.forEach((item, index) => {
        const place = itemPlace(item);
        if (place === null) return;
        if (commandSpec(item.command)?.nav !== false) path.push(place);
        const seq = index + 1;
        const classes = ['map-item'];
        if (seq === current) classes.push('map-item-current');
        if (index === selected) classes.push('map-item-selected');
        const icon = badgeIcon(String(seq), classes.join(' '), { seq: String(seq) });
        const onDrag = editable ? (to: LatLon) => edits.current?.onMove(index, to) : null;
        marker(place, icon, `${seq}: ${commandName(item.command)}`, onDrag, () =>
          edits.current?.onSelect(index),
        ).addTo(group);
      });
      if (path.length > 1)
        L.polyline(path.map(toLatLng), { className: 'map-mission', interactive: false }).addTo(
          group,
        );
      if (home !== null) {
        const onDrag = editable ? (to: LatLon) => edits.current?.onMoveHome(to) : null;
        marker(home, badgeIcon('H', 'map-home map-plan-home'), 'Planned home', onDrag).addTo(group);
      }
    },
    [mission, current, selected, editable, edits],
  );
  useDrawing(draw);
  return null;
}

export interface FenceEdits {
  onMoveVertex(polygon: number, vertex: number, to: LatLon): void;
  onInsertVertex(polygon: number, before: number, at: LatLon): void;
  onDeleteVertex(polygon: number, vertex: number): void;
  onMoveCircle(circle: number, to: LatLon): void;
  onMoveReturn(to: LatLon): void;
}

export function FenceLayer(props: { fence: Fence; edits?: FenceEdits }): ReactNode {
  const { fence } = props;
  const edits = useLatest(props.edits);
  const editable = props.edits !== undefined;
  const draw = useMemo(
    () => (group: L.LayerGroup) => {
      fence.polygons.forEach((polygon, p) => {
        const kind = polygon.inclusion ? 'inclusion' : 'exclusion';
        L.polygon(polygon.vertices.map(toLatLng), {
          className: `map-fence map-fence-${kind}`,
          interactive: false,
        }).addTo(group);
        if (!editable) return;
        polygon.vertices.forEach((vertex, v) => {
          const corner = marker(vertex, handleIcon('map-vertex'), `Corner ${v + 1}`, (to) =>
            edits.current?.onMoveVertex(p, v, to),
          );
          corner.on('contextmenu', () => edits.current?.onDeleteVertex(p, v));
          corner.addTo(group);
          const next = polygon.vertices[(v + 1) % polygon.vertices.length]!;
          const middle = midpoint(vertex, next);
          marker(middle, handleIcon('map-vertex-new'), 'Add a corner here', null, () =>
            edits.current?.onInsertVertex(p, v + 1, middle),
          ).addTo(group);
        });
      });
      fence.circles.forEach((circle, c) => {
        const kind = circle.inclusion ? 'inclusion' : 'exclusion';
        L.circle(toLatLng(circle.center), {
          radius: circle.radiusM,
          className: `map-fence map-fence-${kind}`,
          interactive: false,
        }).addTo(group);
        if (editable)
          marker(circle.center, handleIcon('map-vertex'), `Circle ${c + 1}`, (to) =>
            edits.current?.onMoveCircle(c, to),
          ).addTo(group);
      });
      const ret = fence.returnPoint;
      if (ret !== null) {
        const onDrag = editable ? (to: LatLon) => edits.current?.onMoveReturn(to) : null;
        marker(ret, badgeIcon('RP', 'map-return'), 'Fence return point', onDrag).addTo(group);
      }
    },
    [fence, editable, edits],
  );
  useDrawing(draw);
  return null;
}

export function RallyLayer(props: {
  points: readonly RallyPoint[];
  onMove?: (index: number, to: LatLon) => void;
}): ReactNode {
  const { points } = props;
  const onMove = useLatest(props.onMove);
  const editable = props.onMove !== undefined;
  const draw = useMemo(
    () => (group: L.LayerGroup) => {
      points.forEach((point, i) => {
        const onDrag = editable ? (to: LatLon) => onMove.current?.(i, to) : null;
        marker(point, badgeIcon('R', 'map-rally'), `Rally point ${i + 1}`, onDrag).addTo(group);
      });
    },
    [points, editable, onMove],
  );
  useDrawing(draw);
  return null;
}

/** Every place of a plan, for showing it whole. */
function planPlaces(mission: Mission, fence: Fence, rally: readonly RallyPoint[]): L.LatLng[] {
  const places: L.LatLng[] = [];
  const add = (p: LatLon | null): void => {
    if (p !== null) places.push(L.latLng(p.lat, p.lon));
  };
  add(homePlace(mission));
  mission.items.forEach((item) => add(itemPlace(item)));
  fence.polygons.forEach((polygon) => polygon.vertices.forEach(add));
  fence.circles.forEach((circle) => {
    const bounds = L.latLng(circle.center.lat, circle.center.lon).toBounds(circle.radiusM * 2);
    places.push(bounds.getSouthWest(), bounds.getNorthEast());
  });
  add(fence.returnPoint);
  rally.forEach(add);
  return places;
}

/** Shows the whole plan each time `when` changes (a file read, a download), not at first. */
export function ShowPlan(props: {
  mission: Mission;
  fence: Fence;
  rally: readonly RallyPoint[];
  when: number;
}): ReactNode {
  const map = useMap();
  const latest = useLatest(props);
  const { when } = props;
  useEffect(() => {
    if (when === 0) return;
    const { mission, fence, rally } = latest.current;
    const places = planPlaces(mission, fence, rally);
    if (places.length === 1) map.panTo(places[0]!, { animate: false });
    else if (places.length > 1)
      map.fitBounds(L.latLngBounds(places), { padding: [40, 40], maxZoom: 18, animate: false });
  }, [map, when, latest]);
  return null;
}

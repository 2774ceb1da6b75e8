// A small slippy map: OpenStreetMap tiles when they load, a metric grid when
// the machine is offline or any tile fails, and over either the track, home
// and the vehicle. Drag or arrow keys pan, +/- or the wheel zoom.

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { TrackPoint } from '../../store/track';
import {
  clampZoom,
  formatDistance,
  gridStepM,
  metresPerPixel,
  project,
  unproject,
  visibleTiles,
  type Point,
} from './tiles';
import { useTileAttribution } from './attribution';
import { tileUrl } from './tile-url';

interface Props {
  track: readonly TrackPoint[];
  vehicle: { lat: number; lon: number; heading: number | null } | null;
  home: { lat: number; lon: number } | null;
}

const PAN_STEP_PX = 80;

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = (): void => setOnline(true);
    const off = (): void => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

function useSize(ref: React.RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const observer = new ResizeObserver(() => {
      setSize({ width: el.clientWidth, height: el.clientHeight });
    });
    observer.observe(el);
    setSize({ width: el.clientWidth, height: el.clientHeight });
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

export function MapView({ track, vehicle, home }: Props): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const online = useOnline();
  const attribution = useTileAttribution();
  const [zoom, setZoom] = useState(17);
  const [follow, setFollow] = useState(true);
  /** Where the pilot panned to, when not following. */
  const [manual, setManual] = useState<{ lat: number; lon: number } | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  const drag = useRef<{ x: number; y: number; center: Point } | null>(null);

  const target = vehicle ?? home ?? track[track.length - 1] ?? null;
  const centerLatLon = follow || manual === null ? target : manual;
  const center = useMemo(
    () => (centerLatLon === null ? null : project(centerLatLon.lat, centerLatLon.lon, zoom)),
    [centerLatLon, zoom],
  );
  const useTiles = online && !tilesFailed;

  const toScreen = (lat: number, lon: number): Point => {
    const p = project(lat, lon, zoom);
    return { x: p.x - center!.x + width / 2, y: p.y - center!.y + height / 2 };
  };

  const panBy = (dx: number, dy: number): void => {
    if (center === null) return;
    setFollow(false);
    setManual(unproject({ x: center.x + dx, y: center.y + dy }, zoom));
  };

  const zoomBy = (delta: number): void => {
    if (center !== null && !follow) setManual(unproject(center, zoom));
    setZoom((z) => clampZoom(z + delta));
  };

  const onKeyDown = (e: React.KeyboardEvent): void => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-PAN_STEP_PX, 0],
      ArrowRight: [PAN_STEP_PX, 0],
      ArrowUp: [0, -PAN_STEP_PX],
      ArrowDown: [0, PAN_STEP_PX],
    };
    const move = moves[e.key];
    if (move !== undefined) {
      panBy(move[0], move[1]);
      e.preventDefault();
    } else if (e.key === '+' || e.key === '=') {
      zoomBy(1);
      e.preventDefault();
    } else if (e.key === '-') {
      zoomBy(-1);
      e.preventDefault();
    } else if (e.key === 'f' || e.key === 'F') {
      setFollow(true);
    }
  };

  // The wheel listener is passive in React; zooming must not scroll the page.
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault();
      setZoom((z) => clampZoom(z + (e.deltaY < 0 ? 1 : -1)));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  // The track's points depend on the track and zoom only; following the
  // vehicle moves them with one transform. Relative to the first point, so
  // the numbers stay small (SVG coordinates may be single precision).
  const trackLine = useMemo(() => {
    const first = track[0];
    if (first === undefined || track.length < 2) return null;
    const origin = project(first.lat, first.lon, zoom);
    const points = track
      .map((p) => {
        const w = project(p.lat, p.lon, zoom);
        return `${(w.x - origin.x).toFixed(1)},${(w.y - origin.y).toFixed(1)}`;
      })
      .join(' ');
    return { origin, points };
  }, [track, zoom]);

  const scale = centerLatLon === null ? null : metresPerPixel(centerLatLon.lat, zoom);
  const step = scale === null ? null : gridStepM(scale);
  const stepPx = scale === null || step === null ? 0 : step / scale;

  return (
    <div className="map">
      <div
        ref={box}
        className="map-canvas"
        tabIndex={0}
        role="application"
        aria-label="Map. Arrow keys pan, plus and minus zoom, F follows the vehicle."
        data-testid="map"
        data-map-mode={useTiles ? 'tiles' : 'grid'}
        onKeyDown={onKeyDown}
        onPointerDown={(e) => {
          if (center === null) return;
          drag.current = { x: e.clientX, y: e.clientY, center };
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (d === null) return;
          const dx = e.clientX - d.x;
          const dy = e.clientY - d.y;
          if (Math.abs(dx) + Math.abs(dy) < 3) return;
          setFollow(false);
          setManual(unproject({ x: d.center.x - dx, y: d.center.y - dy }, zoom));
        }}
        onPointerUp={() => {
          drag.current = null;
        }}
      >
        {center !== null && useTiles
          ? visibleTiles(center, width, height, zoom).map((t) => (
              <img
                key={t.key}
                className="map-tile"
                src={tileUrl(t)}
                alt=""
                draggable={false}
                style={{ left: t.left, top: t.top }}
                onError={() => setTilesFailed(true)}
              />
            ))
          : null}
        {center !== null && width > 0 ? (
          <svg className="map-overlay" width={width} height={height} aria-hidden="true">
            {!useTiles && stepPx > 4 ? (
              <Grid width={width} height={height} center={center} stepPx={stepPx} />
            ) : null}
            {trackLine !== null ? (
              <polyline
                className="map-track"
                transform={`translate(${(trackLine.origin.x - center.x + width / 2).toFixed(1)} ${(
                  trackLine.origin.y -
                  center.y +
                  height / 2
                ).toFixed(1)})`}
                points={trackLine.points}
              />
            ) : null}
            {home !== null ? <HomeMarker at={toScreen(home.lat, home.lon)} /> : null}
            {vehicle !== null ? (
              <VehicleMarker
                at={toScreen(vehicle.lat, vehicle.lon)}
                heading={vehicle.heading ?? 0}
              />
            ) : null}
          </svg>
        ) : null}
        {center === null ? (
          <p className="map-empty">No position yet: the vehicle has not reported a GPS fix.</p>
        ) : null}
      </div>
      <div className="map-controls">
        <button type="button" onClick={() => zoomBy(1)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomBy(-1)} aria-label="Zoom out">
          −
        </button>
        <button type="button" aria-pressed={follow} onClick={() => setFollow(!follow)}>
          {follow ? 'Following vehicle' : 'Follow vehicle'}
        </button>
        {step !== null ? (
          <span className="map-scale" data-testid="map-scale">
            <span className="map-scale-bar" style={{ width: stepPx }} aria-hidden="true" />
            {useTiles ? '' : 'grid '}
            {formatDistance(step)}
          </span>
        ) : null}
        {useTiles ? (
          <span className="map-attribution">{attribution}</span>
        ) : (
          <span className="map-offline" data-testid="map-offline">
            {online ? 'Map tiles could not be loaded: showing a grid.' : 'Offline: showing a grid.'}
            {online ? (
              <button type="button" onClick={() => setTilesFailed(false)}>
                Try tiles again
              </button>
            ) : null}
          </span>
        )}
      </div>
    </div>
  );
}

function Grid(props: { width: number; height: number; center: Point; stepPx: number }): ReactNode {
  const { width, height, center, stepPx } = props;
  const lines: ReactNode[] = [];
  // Grid lines fixed to the ground: offsets follow the world position.
  const x0 = (((width / 2 - center.x) % stepPx) + stepPx) % stepPx;
  const y0 = (((height / 2 - center.y) % stepPx) + stepPx) % stepPx;
  for (let x = x0; x < width; x += stepPx)
    lines.push(<line key={`x${x}`} x1={x} y1={0} x2={x} y2={height} />);
  for (let y = y0; y < height; y += stepPx)
    lines.push(<line key={`y${y}`} x1={0} y1={y} x2={width} y2={y} />);
  return <g className="map-grid">{lines}</g>;
}

function HomeMarker({ at }: { at: Point }): ReactNode {
  return (
    <g className="map-home" transform={`translate(${at.x} ${at.y})`}>
      <circle r={9} />
      <text y={4} textAnchor="middle">
        H
      </text>
    </g>
  );
}

function VehicleMarker({ at, heading }: { at: Point; heading: number }): ReactNode {
  return (
    <g className="map-vehicle" transform={`translate(${at.x} ${at.y}) rotate(${heading})`}>
      <path d="M0,-13 L9,10 L0,5 L-9,10 Z" />
    </g>
  );
}

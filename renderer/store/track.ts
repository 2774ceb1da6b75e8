// The path a vehicle flew, for the map: a point when it moved far enough
// from the last one, bounded so a long flight does not grow without end.

import { distanceM, type LatLon } from '../components/geo';

export type TrackPoint = LatLon;

/** Least movement, metres, that adds a point. */
export const TRACK_MIN_STEP_M = 0.5;
export const TRACK_MAX_POINTS = 5000;

/** The same array when nothing is added (so selectors see no change). */
export function appendTrack(
  track: readonly TrackPoint[],
  point: TrackPoint | null,
): readonly TrackPoint[] {
  if (point === null || !Number.isFinite(point.lat) || !Number.isFinite(point.lon)) return track;
  // 0,0 is what a vehicle without a fix reports.
  if (point.lat === 0 && point.lon === 0) return track;
  const last = track[track.length - 1];
  if (last !== undefined && distanceM(last, point) < TRACK_MIN_STEP_M) return track;
  const next =
    track.length >= TRACK_MAX_POINTS
      ? track.slice(track.length - TRACK_MAX_POINTS + 1)
      : track.slice();
  next.push({ lat: point.lat, lon: point.lon });
  return next;
}

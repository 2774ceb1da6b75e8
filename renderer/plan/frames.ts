// What an item's altitude is measured from, in the pilot's words, and the
// MAV_FRAME that says it. Both the plain and the _INT frames are read (they
// mean the same with MISSION_ITEM_INT); an item keeps the kind it came with.

import { MISSION_FRAMES as F } from '../../protocol/mission-numbers';

/** Above home, above mean sea level, above the terrain below. */
export type AltitudeFrame = 'relative' | 'amsl' | 'terrain';

export const ALTITUDE_FRAMES: readonly AltitudeFrame[] = ['relative', 'amsl', 'terrain'];

export const ALTITUDE_FRAME_LABELS: Record<AltitudeFrame, string> = {
  relative: 'above home',
  amsl: 'above sea level',
  terrain: 'above terrain',
};

const PLAIN: Record<AltitudeFrame, number> = {
  relative: F.MAV_FRAME_GLOBAL_RELATIVE_ALT,
  amsl: F.MAV_FRAME_GLOBAL,
  terrain: F.MAV_FRAME_GLOBAL_TERRAIN_ALT,
};

const INT: Record<AltitudeFrame, number> = {
  relative: F.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
  amsl: F.MAV_FRAME_GLOBAL_INT,
  terrain: F.MAV_FRAME_GLOBAL_TERRAIN_ALT_INT,
};

/** The altitude frame of a MAV_FRAME; null when it is not a place on the globe. */
export function altitudeFrameOf(frame: number): AltitudeFrame | null {
  for (const kind of ALTITUDE_FRAMES) if (PLAIN[kind] === frame || INT[kind] === frame) return kind;
  return null;
}

/** Whether x and y of an item in `frame` are latitude and longitude. */
export function isGlobalFrame(frame: number): boolean {
  return altitudeFrameOf(frame) !== null;
}

/** The MAV_FRAME for `kind`, in the family (plain or _INT) of `like` when it has one. */
export function frameFor(kind: AltitudeFrame, like?: number): number {
  const isInt = like !== undefined && Object.values(INT).includes(like);
  return isInt ? INT[kind] : PLAIN[kind];
}

/** Items that are not places (speed changes, RTL) are in MAV_FRAME_MISSION. */
export const NO_PLACE_FRAME: number = F.MAV_FRAME_MISSION;

import { describe, expect, it } from 'vitest';
import { MISSION_FRAMES as F } from '../../protocol/mission-numbers';
import { altitudeFrameOf, frameFor, isGlobalFrame } from './frames';

describe('altitude frames', () => {
  it('reads the plain and the _INT frames alike', () => {
    expect(altitudeFrameOf(F.MAV_FRAME_GLOBAL_RELATIVE_ALT)).toBe('relative');
    expect(altitudeFrameOf(F.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT)).toBe('relative');
    expect(altitudeFrameOf(F.MAV_FRAME_GLOBAL)).toBe('amsl');
    expect(altitudeFrameOf(F.MAV_FRAME_GLOBAL_INT)).toBe('amsl');
    expect(altitudeFrameOf(F.MAV_FRAME_GLOBAL_TERRAIN_ALT)).toBe('terrain');
    expect(altitudeFrameOf(F.MAV_FRAME_GLOBAL_TERRAIN_ALT_INT)).toBe('terrain');
  });

  it('says a mission frame is no place', () => {
    expect(altitudeFrameOf(F.MAV_FRAME_MISSION)).toBeNull();
    expect(isGlobalFrame(F.MAV_FRAME_MISSION)).toBe(false);
  });

  it('gives the plain frame unless the item was in an _INT one', () => {
    expect(frameFor('terrain')).toBe(F.MAV_FRAME_GLOBAL_TERRAIN_ALT);
    expect(frameFor('amsl', F.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT)).toBe(F.MAV_FRAME_GLOBAL_INT);
    expect(frameFor('relative', F.MAV_FRAME_GLOBAL)).toBe(F.MAV_FRAME_GLOBAL_RELATIVE_ALT);
  });
});

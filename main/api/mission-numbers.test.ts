// The mission numbers the user interface names are the dialect's.

import { describe, expect, it } from 'vitest';
import { MISSION_COMMANDS, MISSION_FRAMES } from '../../protocol/mission-numbers';
import { MAV_CMD, MAV_FRAME } from '../mavlink/dialect/enums';

describe("the protocol's mission numbers", () => {
  it('are the MAV_CMD values of the dialect', () => {
    for (const [name, value] of Object.entries(MISSION_COMMANDS))
      expect([name, MAV_CMD[name as keyof typeof MAV_CMD]]).toEqual([name, value]);
  });

  it('are the MAV_FRAME values of the dialect', () => {
    for (const [name, value] of Object.entries(MISSION_FRAMES))
      expect([name, MAV_FRAME[name as keyof typeof MAV_FRAME]]).toEqual([name, value]);
  });
});

import { describe, expect, it } from 'vitest';
import { MAV_MISSION_RESULT } from '../mavlink/dialect/enums';
import { missionResultWords } from './mission-results';

describe('mission results in words', () => {
  it.each(Object.entries(MAV_MISSION_RESULT))('say what %s means, and name it', (name, value) => {
    const words = missionResultWords(value);
    expect(words).toMatch(new RegExp(` \\(${name}\\)$`));
    expect(words).not.toContain('does not know');
  });

  it('name a result the dialect does not know by its number', () => {
    expect(missionResultWords(99)).toBe(
      'it answered with a result this ground station does not know (MAV_MISSION_RESULT_99)',
    );
  });
});

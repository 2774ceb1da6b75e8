import { describe, expect, it } from 'vitest';
import type { SigningClockHealth } from '../../../protocol/wire-types';
import { clockBannerText } from './clock-banner';

const SOUND: SigningClockHealth = {
  state: 'ok',
  holding: false,
  held: 0,
  files: ['signing-timestamp.json', 'signing-timestamp.alt.json'],
  problems: [],
  summary: '',
};

describe('the signing clock banner', () => {
  it('is not shown while the clock is sound, nor before its state is known', () => {
    expect(clockBannerText(SOUND)).toBeNull();
    expect(clockBannerText(null)).toBeNull();
  });

  it('names each unusable file and its reason when the clock could not be read', () => {
    const text = clockBannerText({
      ...SOUND,
      state: 'unproven',
      holding: true,
      held: 3,
      problems: [
        { file: 'signing-timestamp.json', reason: 'bad checksum' },
        { file: 'signing-timestamp.alt.json', reason: 'cannot read: EACCES' },
      ],
    })!;
    expect(text.title).toBe('The signing clock could not be read');
    expect(text.problems).toEqual([
      'signing-timestamp.json: bad checksum',
      'signing-timestamp.alt.json: cannot read: EACCES',
    ]);
    expect(text.held).toBe(
      'Signed frames (commands, heartbeats) are held, not sent, until a signed frame from a vehicle is accepted (3 so far).',
    );
    expect(text.why).toContain('used twice');
  });

  it('says signed frames still go out while an unsaved clock has room', () => {
    const text = clockBannerText({
      ...SOUND,
      state: 'unsaved',
      problems: [{ file: 'signing-timestamp.json', reason: 'cannot write: EROFS' }],
    })!;
    expect(text.title).toBe('The signing clock cannot be saved');
    expect(text.held).toMatch(/^Signed frames still go out, up to 60 s/);
  });

  it('says signed frames are held once an unsaved clock has none', () => {
    const text = clockBannerText({ ...SOUND, state: 'unsaved', holding: true, held: 1 })!;
    expect(text.held).toContain('held, not sent, until the clock can be saved (1 so far)');
  });
});

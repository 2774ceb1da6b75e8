import { describe, expect, it } from 'vitest';
import { outcomeText, plainError } from './transfer-words';

describe('what the Plan view says of transfers', () => {
  it('leaves the request type off a refusal', () => {
    expect(
      plainError(new Error('missions.upload: the vehicle refused the mission: it said no')),
    ).toBe('the vehicle refused the mission: it said no');
    expect(plainError(new Error('no link'))).toBe('no link');
  });

  it('says how many items went each way, and none as none', () => {
    expect(outcomeText({ type: 'fence', ok: true, count: 5 }, 'upload')).toBe(
      'Uploaded the geofence: 5 items.',
    );
    expect(outcomeText({ type: 'rally', ok: true, count: 0 }, 'download')).toBe(
      'Downloaded the rally points: none, the vehicle holds no rally points now.',
    );
  });

  it('says which plan failed and why', () => {
    expect(outcomeText({ type: 'mission', ok: false, error: 'it timed out' }, 'upload')).toBe(
      'The mission was not uploaded: it timed out',
    );
  });
});

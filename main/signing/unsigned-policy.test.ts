import { describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { AllowListError, parseAllowList } from './unsigned-policy';

const codec = createCodec();

describe('parseAllowList', () => {
  it('reads message names and decimal ids, comma-separated', () => {
    expect(parseAllowList('RADIO_STATUS, 166,HEARTBEAT', codec)).toEqual([109, 166, 0]);
  });

  it('matches names whatever their case', () => {
    expect(parseAllowList('radio_status', codec)).toEqual([109]);
  });

  it('allows none for an empty string', () => {
    expect(parseAllowList('', codec)).toEqual([]);
  });

  it('names an unknown message', () => {
    expect(() => parseAllowList('RADIO_STATUS,NOT_A_MESSAGE', codec)).toThrow(
      new AllowListError("unknown message name 'NOT_A_MESSAGE'"),
    );
  });

  it('refuses an empty entry and an id beyond 24 bits', () => {
    expect(() => parseAllowList('109,,166', codec)).toThrow('empty entry');
    expect(() => parseAllowList('16777216', codec)).toThrow('above 16777215');
  });
});

// Events into the stores: a session that drops and comes back (the core
// may have restarted meanwhile) does not turn the counters it then finds
// into a burst on the rejections chart.

import { beforeEach, describe, expect, it } from 'vitest';
import type { EventPacket, SigilApi } from '../../protocol/contract';
import type { LinkInfo } from '../../protocol/wire-types';
import { dispatchEvent, sessionStatus } from './feed';
import { initialTelemetry, useTelemetry } from './telemetry';

const api = {} as SigilApi;

function snapshot(timeMs: number, replays: number): EventPacket<'telemetry.snapshot'> {
  const link = {
    id: 0,
    stats: {
      verdicts: {
        ok: 0,
        'unsigned-allowed': 0,
        'bad-signature': 0,
        replay: replays,
        stale: 0,
        future: 0,
        'too-many-streams': 0,
        unsigned: 0,
      },
      dropped: { impersonation: 0, 'own-identity': 0 },
    },
  } as LinkInfo;
  return {
    packetType: 'telemetry.snapshot',
    timeMs,
    vehicles: [],
    links: [link],
    signing: {
      fingerprint: null,
      localTimestamp: 0,
      clock: { state: 'ok', holding: false, held: 0, files: [], problems: [], summary: '' },
    },
  };
}

beforeEach(() => useTelemetry.setState(initialTelemetry(), true));

describe('the rejections chart across sessions', () => {
  it('sets its base again at the first snapshot after the session dropped', () => {
    dispatchEvent(api, snapshot(1_000, 5));
    dispatchEvent(api, snapshot(1_500, 6));
    sessionStatus({ state: 'connecting' });
    dispatchEvent(api, snapshot(30_000, 900));
    dispatchEvent(api, snapshot(31_200, 900));
    const { rejections } = useTelemetry.getState();
    expect(Math.max(...rejections.series.replay)).toBe(1);
    expect(rejections.counted).toBe(1);
  });

  it('goes on counting while the session stays ready', () => {
    dispatchEvent(api, snapshot(1_000, 5));
    sessionStatus({ state: 'ready' });
    dispatchEvent(api, snapshot(1_500, 9));
    expect(useTelemetry.getState().rejections.counted).toBe(4);
  });
});

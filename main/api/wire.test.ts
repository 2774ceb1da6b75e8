// The mapping onto the wire types copies what the wire names and nothing
// else: what the core adds stays off the wire until it is mapped.

import { describe, expect, it } from 'vitest';
import type { LinkStatsSnapshot } from '../core/link';
import { zeroCounts, type Rejection } from '../signing/link-verifier';
import { coreMissionItem, linkStats, missionItem, rejection } from './wire';

describe('the wire mapping', () => {
  it('leaves off a field the core has and the wire does not name', () => {
    const stats: LinkStatsSnapshot & { internal: string } = {
      bytesIn: 1,
      bytesOut: 2,
      framesIn: 3,
      framesOut: 4,
      rates: { bytesIn: 5, bytesOut: 6, framesIn: 7, framesOut: 8 },
      parser: { frames: 3, badCrc: 0, unknown: 0, discardedBytes: 9 },
      loss: [{ sysid: 1, compid: 1, received: 3, lost: 0 }],
      verdicts: zeroCounts(),
      internal: 'not for the wire',
    };
    const wire = linkStats(stats);
    expect(wire).not.toHaveProperty('internal');
    expect({ ...wire, internal: stats.internal }).toStrictEqual(stats);
  });

  it('gives an unsigned rejection no link id or timestamp, and a known message its name', () => {
    const unsigned: Rejection = { verdict: 'unsigned', timeMs: 10, sysid: 1, compid: 1, msgid: 0 };
    expect(rejection(unsigned, undefined)).toStrictEqual(unsigned);
    const signed: Rejection = { ...unsigned, verdict: 'replay', linkId: 2, timestamp: 99 };
    expect(rejection(signed, 'HEARTBEAT')).toStrictEqual({ ...signed, name: 'HEARTBEAT' });
  });

  it("sends a mission item's NaN as null, which JSON carries, and takes null back as NaN", () => {
    const item = {
      frame: 3,
      command: 16,
      current: false,
      autocontinue: true,
      param1: 0,
      param2: 1.5,
      param3: 0,
      param4: NaN,
      x: -353632621,
      y: 1491652374,
      z: 20,
    };
    const wire = missionItem(item);
    expect(wire.param4).toBeNull();
    expect(JSON.parse(JSON.stringify(wire))).toStrictEqual(wire);
    expect(coreMissionItem(wire)).toStrictEqual(item);
  });
});

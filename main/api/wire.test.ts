// The mapping onto the wire types copies what the wire names and nothing
// else: what the core adds stays off the wire until it is mapped.

import { describe, expect, it } from 'vitest';
import type { LinkStatsSnapshot } from '../core/link';
import { zeroCounts, type Rejection } from '../signing/link-verifier';
import { linkStats, rejection, statusTextEntry, telemetryAges } from './wire';

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

  it("carries each telemetry group's age, null for one never received", () => {
    const fresh = { ageMs: 120, stale: false };
    const ages = {
      attitude: fresh,
      position: { ageMs: 4000, stale: true },
      gps: null,
      battery: null,
      hud: fresh,
      sysStatus: fresh,
      home: { ageMs: 60_000, stale: false },
    };
    expect(telemetryAges(ages)).toStrictEqual(ages);
  });

  it('marks a status text written by the GCS, and only that', () => {
    const entry = {
      time: 1,
      severity: 'WARNING',
      severityId: 4,
      text: 'Vehicle rebooted',
      compid: 1,
      incomplete: false,
    };
    expect(statusTextEntry(entry)).toStrictEqual(entry);
    expect(statusTextEntry({ ...entry, fromGcs: true })).toStrictEqual({ ...entry, fromGcs: true });
  });
});

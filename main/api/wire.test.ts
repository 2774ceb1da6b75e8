// The mapping onto the wire types copies what the wire names and nothing
// else: what the core adds stays off the wire until it is mapped.

import { describe, expect, it } from 'vitest';
import type { LinkStats } from '../core/link';
import type { DropRecord } from '../core/link-drops';
import { zeroCounts, type Rejection } from '../signing/link-verifier';
import type { ClockHealth } from '../signing/persistent-clock';
import { clockHealth, linkStats, rejection, statusTextEntry, telemetryAges } from './wire';

describe('the wire mapping', () => {
  it('leaves off a field the core has and the wire does not name', () => {
    const stats: LinkStats & { internal: string } = {
      bytesIn: 1,
      bytesOut: 2,
      framesIn: 3,
      framesOut: 4,
      rates: { bytesIn: 5, bytesOut: 6, framesIn: 7, framesOut: 8 },
      parser: { frames: 3, badCrc: 0, unknown: 0, discardedBytes: 9 },
      loss: [{ sysid: 1, compid: 1, received: 3, lost: 0 }],
      verdicts: zeroCounts(),
      framesRejected: 10,
      rejectedRate: 2.5,
      dropped: { impersonation: 4, 'own-identity': 6 },
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

  it('carries a drop with its reason, like a rejection', () => {
    const drop: DropRecord = {
      verdict: 'own-identity',
      timeMs: 5,
      sysid: 255,
      compid: 190,
      msgid: 0,
    };
    expect(rejection(drop, 'HEARTBEAT')).toStrictEqual({ ...drop, name: 'HEARTBEAT' });
  });

  it("names the clock's files without the folder they are in, in the problems and the summary", () => {
    const health: ClockHealth = {
      state: 'unsaved',
      holding: true,
      start: 'restored',
      files: ['/home/pilot/.local/share/sigil/a.json', '/home/pilot/.local/share/sigil/b.json'],
      problems: [{ file: '/home/pilot/.local/share/sigil/a.json', reason: 'cannot write: EROFS' }],
      held: 3,
      saves: 1,
      saveErrors: 2,
      lastSaved: 100,
    };
    const wire = clockHealth(health);
    expect(wire).toStrictEqual({
      state: 'unsaved',
      holding: true,
      held: 3,
      files: ['a.json', 'b.json'],
      problems: [{ file: 'a.json', reason: 'cannot write: EROFS' }],
      summary:
        'the signing clock cannot be saved (a.json: cannot write: EROFS): signed frames are held until it can',
    });
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

// The mapping onto the wire types copies what the wire names and nothing
// else: what the core adds stays off the wire until it is mapped.

import { describe, expect, it } from 'vitest';
import type { LinkStats } from '../core/link';
import type { DropRecord } from '../core/link-drops';
import { zeroCounts, type Rejection } from '../signing/link-verifier';
import type { ClockHealth } from '../signing/persistent-clock';
import {
  clockHealth,
  coreMissionItem,
  linkStats,
  missionItem,
  rejection,
  statusTextEntry,
  telemetryAges,
  vehicleMission,
} from './wire';

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

  it("carries a vehicle's mission state, its plans, transfers and fly-to target, and only those", () => {
    const plan = { count: 4, source: 'upload', atMs: 9, uncertain: false, changed: false } as const;
    const core = {
      current: 2,
      total: 3,
      state: 'ACTIVE',
      inMissionMode: true,
      lastReached: 1,
      plans: { mission: plan, fence: { ...plan, count: null, source: null }, rally: plan },
      transfers: [{ type: 'rally', direction: 'upload', done: 1, total: 4 }] as const,
      flyTo: { lat: -35.36, lon: 149.16, alt: 20, atMs: 12 },
    };
    const wire = vehicleMission({
      ...core,
      transfers: [...core.transfers],
      plans: { ...core.plans, mission: { ...plan, internal: 1 } as typeof plan },
    });
    expect(wire).toStrictEqual({
      ...core,
      transfers: [{ missionType: 'rally', direction: 'upload', done: 1, total: 4 }],
    });
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

import { describe, expect, it } from 'vitest';
import type { VehicleState } from '../../protocol/wire-types';
import { applySnapshot, initialTelemetry, mergeLink, type Snapshot } from './telemetry';
import { appendTrack, distanceM, TRACK_MAX_POINTS } from './track';

function vehicle(sysid: number, lat: number | null, lon = 8.5): VehicleState {
  return {
    sysid,
    compid: 1,
    type: 'QUADROTOR',
    typeId: 2,
    autopilot: 'ARDUPILOTMEGA',
    autopilotId: 3,
    mode: 'STABILIZE',
    modes: ['STABILIZE', 'GUIDED'],
    baseMode: 0,
    customMode: 0,
    armed: false,
    systemStatus: 'STANDBY',
    lastHeard: 0,
    linkLost: false,
    heartbeatSigned: false,
    params: { received: 0, total: 0, downloading: false },
    attitude: null,
    position:
      lat === null
        ? null
        : { lat, lon, altAmsl: 500, altRelative: 0, vx: 0, vy: 0, vz: 0, heading: 90 },
    home: null,
    gps: null,
    battery: null,
    batteries: [],
    hud: null,
    sensors: null,
    load: null,
    ages: {
      attitude: null,
      position: null,
      gps: null,
      battery: null,
      hud: null,
      sysStatus: null,
      home: null,
    },
    rebootedAt: null,
  };
}

function snapshot(timeMs: number, vehicles: VehicleState[]): Snapshot {
  return {
    packetType: 'telemetry.snapshot',
    timeMs,
    vehicles,
    links: [],
    signing: { fingerprint: null, localTimestamp: 0 },
  };
}

describe('applySnapshot', () => {
  it('selects the first vehicle heard and keeps the choice while it is there', () => {
    let s = applySnapshot(initialTelemetry(), snapshot(0, [vehicle(1, null), vehicle(2, null)]));
    expect(s.selected).toEqual({ sysid: 1, compid: 1 });
    s = { ...s, selected: { sysid: 2, compid: 1 } };
    s = applySnapshot(s, snapshot(33, [vehicle(1, null), vehicle(2, null)]));
    expect(s.selected).toEqual({ sysid: 2, compid: 1 });
    s = applySnapshot(s, snapshot(66, [vehicle(1, null)]));
    expect(s.selected).toEqual({ sysid: 1, compid: 1 });
  });

  it('grows the track only when the vehicle moved', () => {
    let s = applySnapshot(initialTelemetry(), snapshot(0, [vehicle(1, 47)]));
    const first = s.tracks['1:1'];
    s = applySnapshot(s, snapshot(33, [vehicle(1, 47)]));
    expect(s.tracks['1:1']).toBe(first);
    s = applySnapshot(s, snapshot(66, [vehicle(1, 47.0001)]));
    expect(s.tracks['1:1']).toHaveLength(2);
  });

  it('keeps the signing object while nothing in it changed', () => {
    const s1 = applySnapshot(initialTelemetry(), snapshot(0, []));
    const s2 = applySnapshot(s1, snapshot(33, []));
    expect(s2.signing).toBe(s1.signing);
  });

  it('merges a link from an answer by id', () => {
    const a = { id: 0 } as never;
    const b = { id: 1 } as never;
    const a2 = { id: 0, connection: 'x' } as never;
    expect(mergeLink([a, b], a2)).toEqual([a2, b]);
    expect(mergeLink([a], b)).toEqual([a, b]);
  });
});

describe('tracks', () => {
  it('measures metres between nearby points', () => {
    // 0.001° of latitude is about 111 m.
    expect(distanceM({ lat: 47, lon: 8 }, { lat: 47.001, lon: 8 })).toBeCloseTo(111.2, 0);
  });

  it('ignores 0,0 and non-finite positions and stays bounded', () => {
    expect(appendTrack([], { lat: 0, lon: 0 })).toEqual([]);
    expect(appendTrack([], { lat: NaN, lon: 1 })).toEqual([]);
    let t: ReturnType<typeof appendTrack> = [];
    for (let i = 0; i < TRACK_MAX_POINTS + 10; i++)
      t = appendTrack(t, { lat: 47 + i * 0.0001, lon: 8 });
    expect(t).toHaveLength(TRACK_MAX_POINTS);
    expect(t[t.length - 1]!.lat).toBeCloseTo(47 + (TRACK_MAX_POINTS + 9) * 0.0001, 9);
  });
});

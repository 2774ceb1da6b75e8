import { describe, expect, it } from 'vitest';
import type { SigningClockHealth, VehicleState } from '../../protocol/wire-types';
import {
  applySnapshot,
  initialTelemetry,
  mergeLink,
  selectedVehicle,
  type Snapshot,
} from './telemetry';
import { appendTrack, TRACK_MAX_POINTS } from './track';
import { vehicleState } from '../testing/vehicle-state';

function vehicle(
  sysid: number,
  lat: number | null,
  lon = 8.5,
  replay?: VehicleState['replay'],
): VehicleState {
  return vehicleState({
    ...(replay === undefined ? {} : { replay }),
    sysid,
    position:
      lat === null
        ? null
        : { lat, lon, altAmsl: 500, altRelative: 0, vx: 0, vy: 0, vz: 0, heading: 90 },
  });
}

const SOUND: SigningClockHealth = {
  state: 'ok',
  holding: false,
  held: 0,
  files: ['signing-timestamp.json', 'signing-timestamp.alt.json'],
  problems: [],
  summary: 'the signing clock is sound again: signed frames go out',
};

function snapshot(timeMs: number, vehicles: VehicleState[], clock = SOUND): Snapshot {
  return {
    packetType: 'telemetry.snapshot',
    timeMs,
    vehicles,
    links: [],
    signing: { fingerprint: null, localTimestamp: 0, clock },
  };
}

const REPLAY = { linkId: 3, file: 'old-flight.tlog' };

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

  it('selects a live vehicle before a replay heard first', () => {
    const s = applySnapshot(
      initialTelemetry(),
      snapshot(0, [vehicle(1, null, 8.5, REPLAY), vehicle(1, null)]),
    );
    expect(s.selected).toEqual({ sysid: 1, compid: 1 });
  });

  it('keeps a replay picked by the pilot, apart from the live vehicle of its identity', () => {
    let s = applySnapshot(
      initialTelemetry(),
      snapshot(0, [vehicle(1, 47), vehicle(1, 10, 8.5, REPLAY)]),
    );
    s = { ...s, selected: { sysid: 1, compid: 1, replay: { linkId: 3 } } };
    s = applySnapshot(s, snapshot(33, [vehicle(1, 47), vehicle(1, 10, 8.5, REPLAY)]));
    expect(selectedVehicle(s)!.replay).toEqual(REPLAY);
    expect(selectedVehicle(s)!.position!.lat).toBe(10);
  });

  it("gives a replay's vehicle a track of its own", () => {
    const s = applySnapshot(
      initialTelemetry(),
      snapshot(0, [vehicle(1, 47), vehicle(1, 10, 8.5, REPLAY)]),
    );
    expect(s.tracks['1:1']).toEqual([{ lat: 47, lon: 8.5 }]);
    expect(s.tracks['1:1@3']).toEqual([{ lat: 10, lon: 8.5 }]);
  });

  it("takes the signing clock's new state", () => {
    const s1 = applySnapshot(initialTelemetry(), snapshot(0, []));
    const held = { ...SOUND, state: 'unproven' as const, holding: true, held: 4 };
    const s2 = applySnapshot(s1, snapshot(33, [], held));
    expect(s2.signing.clock).toEqual(held);
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

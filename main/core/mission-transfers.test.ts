// Mission, geofence and rally point transfers between the GCS and the
// simulated vehicle over real UDP on loopback, unsigned and signed: round
// trips compared field by field, a vehicle that loses, repeats and
// reorders requests, and refusals.

import { afterEach, describe, expect, it } from 'vitest';
import { MAV_CMD, MAV_FRAME } from '../mavlink/dialect';
import { keyFromPassphrase } from '../signing/key';
import { DEFAULT_HOME } from '../sim/geo';
import { itemAt } from '../sim/testing/scripted-missions';
import type { RunningSim } from '../sim/run-sim';
import type { MissionItem, MissionType } from '../vehicle/mission-items';
import type { Vehicle } from '../vehicle/vehicle';
import type { Link } from './link';
import { freeUdpPort } from '../testing/ports';
import { waitFor } from '../testing/wait-for';
import { startGcs, startSimAt } from './testing/gcs-and-sim';

const key = keyFromPassphrase('mission transfers over udp');

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const at = (command: number, north: number, east: number, fields: Partial<MissionItem> = {}) =>
  itemAt(command, north, east, 0, fields);

/** What each plan is sent as: every field with something in it, NaN and float32 fractions too. */
const PLANS: { readonly [T in MissionType]: MissionItem[] } = {
  mission: [
    at(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 0, 0, {
      frame: MAV_FRAME.MAV_FRAME_GLOBAL,
      z: DEFAULT_HOME.altMsl,
    }),
    at(MAV_CMD.MAV_CMD_NAV_TAKEOFF, 0, 0, { z: 15, param4: NaN }),
    at(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 40, 10, { param1: 2.5, param2: 1, z: Math.fround(22.7) }),
    at(MAV_CMD.MAV_CMD_DO_CHANGE_SPEED, 0, 0, {
      frame: MAV_FRAME.MAV_FRAME_MISSION,
      x: 0,
      y: 0,
      param1: 1,
      param2: 6.5,
      param3: -1,
    }),
    at(MAV_CMD.MAV_CMD_NAV_LOITER_TIME, 40, 60, {
      frame: MAV_FRAME.MAV_FRAME_GLOBAL,
      param1: 20,
      z: Math.fround(610.25),
    }),
    at(MAV_CMD.MAV_CMD_NAV_LAND, 0, 60, { autocontinue: false, param4: NaN }),
  ],
  fence: [
    ...[
      [-80, -80],
      [80, -80],
      [80, 80],
      [-80, 80],
    ].map(([n, e]) =>
      at(MAV_CMD.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, n!, e!, {
        frame: MAV_FRAME.MAV_FRAME_GLOBAL,
        param1: 4,
      }),
    ),
    at(MAV_CMD.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION, 20, 20, {
      frame: MAV_FRAME.MAV_FRAME_GLOBAL,
      param1: 7.5,
    }),
    at(MAV_CMD.MAV_CMD_NAV_FENCE_RETURN_POINT, 5, 5, { z: 30 }),
  ],
  rally: [
    at(MAV_CMD.MAV_CMD_NAV_RALLY_POINT, 60, 0, { z: 25 }),
    at(MAV_CMD.MAV_CMD_NAV_RALLY_POINT, -60, 30, { z: Math.fround(40.1) }),
  ],
};

interface Setup {
  sim: RunningSim;
  vehicle: Vehicle;
  link: Link;
}

async function connect(signed: boolean): Promise<Setup> {
  const port = await freeUdpPort();
  const gcs = await startGcs({ record: false });
  cleanup.push(() => gcs.close());
  if (signed) gcs.setKey(key);
  const link = gcs.openLink(`udpin:127.0.0.1:${port}`, { sign: signed, require: signed });
  const sim = await startSimAt(`udpout:127.0.0.1:${port}`, signed ? { key } : {});
  cleanup.push(() => sim.stop());
  const entry = await waitFor('the vehicle', () => gcs.router.find(1, 1));
  return { sim, vehicle: entry.vehicle, link };
}

const FIELDS = [
  'frame',
  'command',
  'current',
  'autocontinue',
  'param1',
  'param2',
  'param3',
  'param4',
  'x',
  'y',
  'z',
] as const;

/** Compares two plans field by field, naming the item and field that differ. */
function expectSameItems(got: readonly MissionItem[], sent: readonly MissionItem[]): void {
  expect(got).toHaveLength(sent.length);
  sent.forEach((item, i) => {
    for (const field of FIELDS)
      expect({ item: i, field, value: got[i]![field] }).toEqual({
        item: i,
        field,
        value: item[field],
      });
  });
}

describe.each([
  ['unsigned', false],
  ['signed', true],
])('mission transfers over UDP, %s', (_name, signed) => {
  it.each(['mission', 'fence', 'rally'] as const)(
    'upload and download the %s, every field kept',
    async (type) => {
      const { sim, vehicle, link } = await connect(signed);
      expect(await vehicle.missions.upload(type, PLANS[type])).toEqual({
        count: PLANS[type].length,
      });
      expectSameItems(await vehicle.missions.download(type), PLANS[type]);
      if (signed) {
        expect(link.stats().verdicts.unsigned).toBe(0);
        expect(sim.vehicle.signingCounts.ok).toBeGreaterThan(PLANS[type].length * 2);
        expect(sim.vehicle.stats.ignored).toBe(0);
      }
    },
  );

  it('carry on when the vehicle loses its own requests and asks again', async () => {
    const { sim, vehicle } = await connect(signed);
    sim.vehicle.missions.faults = {
      dropRequest: (transfer, seq, attempt) =>
        transfer === 'upload' && seq % 2 === 1 && attempt === 1,
    };
    expect(await vehicle.missions.upload('rally', PLANS.rally)).toEqual({ count: 2 });
    expectSameItems(sim.vehicle.missions.server.plan('rally'), PLANS.rally);
  });

  it('answer requests that come twice and out of order', async () => {
    const { sim, vehicle } = await connect(signed);
    sim.vehicle.missions.faults = { reorder: true, duplicate: true };
    expect(await vehicle.missions.upload('mission', PLANS.mission)).toEqual({ count: 6 });
    sim.vehicle.missions.faults = {};
    expectSameItems(await vehicle.missions.download('mission'), PLANS.mission);
  });

  it('ask again for items of a download the vehicle does not answer', async () => {
    const { sim, vehicle } = await connect(signed);
    await vehicle.missions.upload('fence', PLANS.fence);
    sim.vehicle.missions.faults = {
      dropRequest: (transfer, _seq, attempt) => transfer === 'download' && attempt <= 2,
    };
    expectSameItems(await vehicle.missions.download('fence'), PLANS.fence);
  });

  it("report a refused upload in the vehicle's words, and an item refused part-way as a half plan", async () => {
    const { sim, vehicle } = await connect(signed);
    const tooMany = Array.from({ length: 21 }, () => PLANS.rally[0]!);
    await expect(vehicle.missions.upload('rally', tooMany)).rejects.toMatchObject({
      message:
        'the vehicle refused the rally points upload: the plan has more items than it can store (MAV_MISSION_NO_SPACE)',
      partial: false,
    });
    const bad = [...PLANS.mission];
    bad[4] = { ...bad[4]!, command: 31_000 };
    await expect(vehicle.missions.upload('mission', bad)).rejects.toMatchObject({
      result: 'MAV_MISSION_UNSUPPORTED',
      partial: true,
    });
    expect(vehicle.missions.known('mission')).toMatchObject({ items: null, uncertain: true });
    expect(vehicle.snapshot(Date.now()).statusTexts.at(-1)).toMatchObject({
      severity: 'WARNING',
      fromGcs: true,
      text: expect.stringMatching(
        /^The vehicle refused item 4 .* The vehicle may now hold part of the new mission and part of the old/,
      ),
    });
    // What the vehicle holds now: the new items up to the refused one.
    expectSameItems(sim.vehicle.missions.server.plan('mission').slice(1), bad.slice(1, 4));
  });
});

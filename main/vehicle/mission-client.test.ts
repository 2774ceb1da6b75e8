import { describe, expect, it } from 'vitest';
import { MAV_FRAME, MAV_MISSION_RESULT as R } from '../mavlink/dialect/enums';
import type { MessageMap, MessageName } from '../mavlink/dialect/types';
import { FakeIo, incoming, type SentMessage } from './testing/fake-io';
import { MissionClient } from './mission-client';
import {
  itemFields,
  itemWith,
  missionTypeId,
  type MissionItem,
  type MissionType,
} from './mission-items';
import type { MissionProgress } from './mission-transfer';

function waypoint(i: number): MissionItem {
  return itemWith({
    frame: MAV_FRAME.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
    param1: i % 3,
    param4: NaN,
    x: -353632621 + i * 100,
    y: 1491652374 + i * 100,
    z: 20 + i,
  });
}

const PLAN = Array.from({ length: 8 }, (_, i) => waypoint(i));

interface Script {
  /** Items the vehicle holds, per type. */
  plans?: Partial<Record<MissionType, MissionItem[]>>;
  /** Whether a message from the GCS is lost on its way (attempt counts per seq). */
  lose?: (m: SentMessage, attempt: number) => boolean;
  /** Answers the vehicle sends instead of its own to an upload item. */
  refuseItem?: (seq: number) => number | undefined;
  /** The vehicle's answer to MISSION_COUNT when it refuses the upload. */
  refuseCount?: number;
  /** Order in which an upload's items are asked for (default 0, 1, 2, ...). */
  requestOrder?: (count: number) => number[];
  /** The vehicle asks for each upload item this many times. */
  askTwice?: boolean;
  /** The vehicle stops asking after this many items. */
  stopAfter?: number;
}

/**
 * A MissionClient with a scripted vehicle behind a FakeIo: answers come
 * 10 ms after each message, as from a real link.
 */
function setup(script: Script = {}) {
  const io = new FakeIo();
  const progress: MissionProgress[] = [];
  const plans: Record<MissionType, MissionItem[]> = {
    mission: [...(script.plans?.mission ?? PLAN)],
    fence: [...(script.plans?.fence ?? [])],
    rally: [...(script.plans?.rally ?? [])],
  };
  const client = new MissionClient(
    io,
    { sysid: 1, compid: 1 },
    { progress: (p) => progress.push(p), plan: () => undefined, halfPlan: () => undefined },
    { timeoutMs: 1500, itemTimeoutMs: 250, retries: 5, progressIntervalMs: 100 },
  );
  const deliver = <N extends MessageName>(name: N, fields: Partial<MessageMap[N]>) =>
    io.setTimeout(() => {
      const m = incoming(name, { target_system: 255, target_component: 190, ...fields });
      client.handle(name, m.fields!);
    }, 10);
  const attempts = new Map<string, number>();
  let upload: { type: MissionType; order: number[]; at: number; items: MissionItem[] } | undefined;
  const askNext = () => {
    const u = upload!;
    if (script.stopAfter !== undefined && u.at >= script.stopAfter) return;
    const seq = u.order[u.at]!;
    const times = script.askTwice ? 2 : 1;
    for (let i = 0; i < times; i++)
      deliver('MISSION_REQUEST_INT', { seq, mission_type: missionTypeId(u.type) });
  };
  io.onSend = (m) => {
    const key = `${m.name}:${String(m.fields.seq ?? '')}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    if (script.lose?.(m, attempt)) return;
    const typeId = m.fields.mission_type as number;
    const type = (['mission', 'fence', 'rally'] as const)[typeId]!;
    switch (m.name) {
      case 'MISSION_REQUEST_LIST':
        deliver('MISSION_COUNT', { count: plans[type].length, mission_type: typeId });
        return;
      case 'MISSION_REQUEST_INT': {
        const seq = m.fields.seq as number;
        deliver(
          'MISSION_ITEM_INT',
          itemFields(plans[type][seq]!, seq, type, { sysid: 255, compid: 190 }),
        );
        return;
      }
      case 'MISSION_CLEAR_ALL':
        plans[type] = [];
        deliver('MISSION_ACK', { type: R.MAV_MISSION_ACCEPTED, mission_type: typeId });
        return;
      case 'MISSION_COUNT': {
        const count = m.fields.count as number;
        if (script.refuseCount !== undefined) {
          deliver('MISSION_ACK', { type: script.refuseCount, mission_type: typeId });
          return;
        }
        if (count === 0) {
          plans[type] = [];
          deliver('MISSION_ACK', { type: R.MAV_MISSION_ACCEPTED, mission_type: typeId });
          return;
        }
        const order = script.requestOrder?.(count) ?? [...Array(count).keys()];
        upload = { type, order, at: 0, items: new Array<MissionItem>(count) };
        askNext();
        return;
      }
      case 'MISSION_ITEM_INT': {
        const u = upload;
        if (u === undefined) return;
        const seq = m.fields.seq as number;
        if (seq !== u.order[u.at]) {
          deliver('MISSION_ACK', { type: R.MAV_MISSION_INVALID_SEQUENCE, mission_type: typeId });
          return;
        }
        const refusal = script.refuseItem?.(seq);
        if (refusal !== undefined) {
          deliver('MISSION_ACK', { type: refusal, mission_type: typeId });
          upload = undefined;
          return;
        }
        u.items[seq] = incomingItem(m.fields);
        u.at++;
        if (u.at < u.order.length) askNext();
        else {
          plans[u.type] = u.items;
          upload = undefined;
          deliver('MISSION_ACK', { type: R.MAV_MISSION_ACCEPTED, mission_type: typeId });
        }
        return;
      }
    }
  };
  return { io, client, progress, plans };
}

function incomingItem(fields: Record<string, unknown>): MissionItem {
  const f = incoming('MISSION_ITEM_INT', fields).fields!;
  return {
    frame: f.frame as number,
    command: f.command as number,
    current: f.current !== 0,
    autocontinue: f.autocontinue !== 0,
    param1: f.param1 as number,
    param2: f.param2 as number,
    param3: f.param3 as number,
    param4: f.param4 as number,
    x: f.x as number,
    y: f.y as number,
    z: f.z as number,
  };
}

/** Settles `promise` while moving the clock on in steps. */
async function run<T>(io: FakeIo, promise: Promise<T>, ms = 60_000): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let t = 0; t < ms && !settled; t += 10) await io.advanceAsync(10);
  return promise;
}

describe('MissionClient download', () => {
  it('asks for the list, then each item in turn, and acknowledges the last', async () => {
    const { io, client } = setup();
    const items = await run(io, client.download('mission'));
    expect(items).toEqual(PLAN.map((i) => ({ ...i, param4: NaN })));
    expect(io.sentNamed('MISSION_REQUEST_LIST')).toEqual([
      { target_system: 1, target_component: 1, mission_type: 0 },
    ]);
    expect(io.sentNamed('MISSION_REQUEST_INT').map((f) => f.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(io.sentNamed('MISSION_ACK')).toEqual([
      { target_system: 1, target_component: 1, type: R.MAV_MISSION_ACCEPTED, mission_type: 0 },
    ]);
  });

  it('reads an empty plan as no items and acknowledges it', async () => {
    const { io, client } = setup({ plans: { rally: [] } });
    expect(await run(io, client.download('rally'))).toEqual([]);
    expect(io.sentNamed('MISSION_ACK')).toHaveLength(1);
    expect(io.sentNamed('MISSION_REQUEST_INT')).toEqual([]);
  });

  it('asks again for an item that does not come', async () => {
    const { io, client } = setup({
      lose: (m, attempt) => m.name === 'MISSION_REQUEST_INT' && m.fields.seq === 3 && attempt <= 2,
    });
    const items = await run(io, client.download('mission'));
    expect(items).toHaveLength(8);
    const asked = io.sentNamed('MISSION_REQUEST_INT').map((f) => f.seq);
    expect(asked.filter((s) => s === 3)).toHaveLength(3);
    const [first, second] = io.sent.filter(
      (m) => m.name === 'MISSION_REQUEST_INT' && m.fields.seq === 3,
    );
    expect(second!.at - first!.at).toBe(250);
  });

  it('keeps an item that comes out of turn and ignores one that comes twice', async () => {
    const { io, client } = setup({ plans: { mission: PLAN.slice(0, 3) } });
    const done = client.download('mission');
    await io.advanceAsync(15);
    const unasked = (seq: number) =>
      client.handle(
        'MISSION_ITEM_INT',
        incoming(
          'MISSION_ITEM_INT',
          itemFields(PLAN[seq]!, seq, 'mission', { sysid: 255, compid: 190 }),
        ).fields!,
      );
    unasked(2);
    unasked(2);
    const items = await run(io, done);
    expect(items.map((i) => i.z)).toEqual([20, 21, 22]);
    expect(io.sentNamed('MISSION_REQUEST_INT').map((f) => f.seq)).toEqual([0, 1]);
  });

  it('asks for the list again when no count comes, then gives up saying so', async () => {
    const { io, client } = setup({ lose: (m) => m.name === 'MISSION_REQUEST_LIST' });
    const failure = expect(run(io, client.download('fence'))).rejects.toThrow(
      'the geofence download: no MISSION_COUNT from the vehicle after 6 MISSION_REQUEST_LIST',
    );
    await failure;
    expect(io.sentNamed('MISSION_REQUEST_LIST')).toHaveLength(6);
  });

  it('gives up on an item after the retries and tells the vehicle it stopped', async () => {
    const { io, client } = setup({
      lose: (m) => m.name === 'MISSION_REQUEST_INT' && m.fields.seq === 5,
    });
    await expect(run(io, client.download('mission'))).rejects.toThrow(
      'the mission download stopped at item 5 of 8: no answer to 6 MISSION_REQUEST_INT',
    );
    expect(io.sentNamed('MISSION_ACK').map((f) => f.type)).toEqual([
      R.MAV_MISSION_OPERATION_CANCELLED,
    ]);
  });

  it("ends with the vehicle's words when it answers an error", async () => {
    const { io, client } = setup({ lose: (m) => m.name === 'MISSION_REQUEST_LIST' });
    const done = client.download('mission');
    await io.advanceAsync(5);
    client.handle(
      'MISSION_ACK',
      incoming('MISSION_ACK', { target_system: 255, type: R.MAV_MISSION_DENIED }).fields!,
    );
    await expect(done).rejects.toThrow(
      'the vehicle refused the mission download: it is not accepting mission commands now',
    );
  });

  it('ignores answers meant for another ground station or another plan', async () => {
    const { io, client } = setup({ lose: (m) => m.name === 'MISSION_REQUEST_LIST' });
    const done = client.download('mission');
    await io.advanceAsync(5);
    client.handle(
      'MISSION_COUNT',
      incoming('MISSION_COUNT', { target_system: 254, target_component: 190, count: 3 }).fields!,
    );
    client.handle(
      'MISSION_COUNT',
      incoming('MISSION_COUNT', { target_system: 255, count: 3, mission_type: 1 }).fields!,
    );
    expect(client.transfers()).toEqual([
      { type: 'mission', direction: 'download', done: 0, total: 0 },
    ]);
    client.dispose('test over');
    await expect(done).rejects.toThrow('the mission download was cancelled: test over');
  });

  it('shares a download that is already running', () => {
    const { client } = setup();
    expect(client.download('mission')).toBe(client.download('mission'));
  });

  it('reports progress throttled, and always the last count', async () => {
    const plan = Array.from({ length: 100 }, (_, i) => waypoint(i));
    const { io, client, progress } = setup({ plans: { mission: plan } });
    await run(io, client.download('mission'));
    expect(progress[0]).toEqual({ type: 'mission', direction: 'download', done: 0, total: 100 });
    expect(progress.at(-1)).toEqual({
      type: 'mission',
      direction: 'download',
      done: 100,
      total: 100,
    });
    // 100 items 20 ms apart take 2 s: about one event per 100 ms.
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.length).toBeLessThan(40);
  });

  it('knows the plan it downloaded', async () => {
    const { io, client } = setup();
    expect(client.known('mission')).toEqual({
      items: null,
      source: null,
      atMs: null,
      uncertain: false,
    });
    await run(io, client.download('mission'));
    expect(client.known('mission')).toMatchObject({ source: 'download', uncertain: false });
    expect(client.known('mission').items).toHaveLength(8);
  });
});

describe('MissionClient upload', () => {
  it('sends the count and answers each request with its item', async () => {
    const { io, client, plans } = setup({ plans: { mission: [] } });
    expect(await run(io, client.upload('mission', PLAN))).toEqual({ count: 8 });
    expect(io.sentNamed('MISSION_COUNT')).toEqual([
      { target_system: 1, target_component: 1, count: 8, mission_type: 0 },
    ]);
    expect(io.sentNamed('MISSION_ITEM_INT')[2]).toEqual(
      itemFields(PLAN[2]!, 2, 'mission', { sysid: 1, compid: 1 }),
    );
    expect(plans.mission.map((i) => i.z)).toEqual(PLAN.map((i) => i.z));
    expect(client.known('mission')).toMatchObject({ source: 'upload', uncertain: false });
  });

  it('answers requests in whatever order they come', async () => {
    const swapped = (n: number) =>
      [...Array(n).keys()].map((i) => (i % 2 === 0 ? Math.min(i + 1, n - 1) : i - 1));
    const { io, client, plans } = setup({ requestOrder: swapped });
    await run(io, client.upload('mission', PLAN));
    expect(io.sentNamed('MISSION_ITEM_INT').map((f) => f.seq)).toEqual([1, 0, 3, 2, 5, 4, 7, 6]);
    expect(plans.mission.map((i) => i.z)).toEqual(PLAN.map((i) => i.z));
  });

  it('answers a duplicated request again and carries on past INVALID_SEQUENCE', async () => {
    const { io, client } = setup({ askTwice: true });
    expect(await run(io, client.upload('mission', PLAN))).toEqual({ count: 8 });
    expect(io.sentNamed('MISSION_ITEM_INT')).toHaveLength(16);
  });

  it('sends the count again while the vehicle is silent', async () => {
    const { io, client } = setup({
      lose: (m, attempt) => m.name === 'MISSION_COUNT' && attempt <= 2,
    });
    await run(io, client.upload('fence', PLAN.slice(0, 2)));
    const counts = io.sent.filter((m) => m.name === 'MISSION_COUNT');
    expect(counts).toHaveLength(3);
    expect(counts[1]!.at - counts[0]!.at).toBe(1500);
  });

  it('says what the vehicle refused when it refuses the count, and nothing of a half plan', async () => {
    const { io, client } = setup({ refuseCount: R.MAV_MISSION_NO_SPACE });
    const error = await run(io, client.upload('rally', PLAN)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      message:
        'the vehicle refused the rally points upload: the plan has more items than it can store (MAV_MISSION_NO_SPACE)',
      result: 'MAV_MISSION_NO_SPACE',
      partial: false,
    });
  });

  it('tells the pilot the vehicle may hold half a plan when it refuses an item', async () => {
    const { io, client } = setup({
      refuseItem: (seq) => (seq === 4 ? R.MAV_MISSION_UNSUPPORTED : undefined),
    });
    const error = await run(io, client.upload('mission', PLAN)).catch((e: unknown) => e);
    expect(error).toMatchObject({ result: 'MAV_MISSION_UNSUPPORTED', partial: true });
    expect((error as Error).message).toBe(
      'the vehicle refused item 4 (MAV_CMD_NAV_WAYPOINT) of the mission upload: it does not support a command in the plan (MAV_MISSION_UNSUPPORTED). ' +
        'The vehicle may now hold part of the new mission and part of the old: upload it again, or download to see what it holds',
    );
    expect(client.known('mission')).toMatchObject({ items: null, uncertain: true });
  });

  it('gives up when the vehicle stops asking, cancels, and says the plan may be half there', async () => {
    const { io, client } = setup({ stopAfter: 3 });
    const error = await run(io, client.upload('mission', PLAN)).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^the mission upload failed: the vehicle stopped asking for items after 3 of 8 \(nothing for 9 s\)\. The vehicle may now hold part/,
    );
    expect(io.sentNamed('MISSION_ACK').map((f) => f.type)).toEqual([
      R.MAV_MISSION_OPERATION_CANCELLED,
    ]);
  });

  it('fails when the vehicle asks for an item the plan does not have', async () => {
    const { io, client } = setup({ requestOrder: () => [0, 9] });
    await expect(run(io, client.upload('mission', PLAN.slice(0, 2)))).rejects.toThrow(
      'the mission upload failed: the vehicle asked for item 9, but the plan has 2',
    );
  });

  it('uploads an empty plan with a count of 0', async () => {
    const { io, client, plans } = setup();
    expect(await run(io, client.upload('mission', []))).toEqual({ count: 0 });
    expect(plans.mission).toEqual([]);
  });

  it('sends floats as float32 and knows the plan as the vehicle holds it', async () => {
    const { io, client } = setup();
    await run(io, client.upload('mission', [{ ...waypoint(0), z: 0.1 }]));
    expect(client.known('mission').items![0]!.z).toBe(Math.fround(0.1));
  });

  it('refuses a second transfer of the same plan while one runs', async () => {
    const { io, client } = setup();
    const download = client.download('mission');
    await expect(client.upload('mission', PLAN)).rejects.toThrow(
      'a download of the mission is already under way; try again when it ends',
    );
    // Another plan goes on at the same time.
    await run(io, Promise.all([download, client.upload('fence', PLAN.slice(0, 2))]));
  });
});

describe('MissionClient clear', () => {
  it('sends MISSION_CLEAR_ALL and knows the plan is empty', async () => {
    const { io, client, plans } = setup();
    await run(io, client.clear('mission'));
    expect(io.sentNamed('MISSION_CLEAR_ALL')).toEqual([
      { target_system: 1, target_component: 1, mission_type: 0 },
    ]);
    expect(plans.mission).toEqual([]);
    expect(client.known('mission')).toMatchObject({ items: [], source: 'clear' });
  });

  it('sends it again when no answer comes, then gives up', async () => {
    const { io, client } = setup({ lose: (m) => m.name === 'MISSION_CLEAR_ALL' });
    await expect(run(io, client.clear('rally'))).rejects.toThrow(
      'clearing the rally points: no MISSION_ACK after 6 MISSION_CLEAR_ALL',
    );
  });
});

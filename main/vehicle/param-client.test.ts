import { describe, expect, it } from 'vitest';
import { MAV_PARAM_TYPE } from '../mavlink/dialect/enums';
import type { PARAM_VALUE } from '../mavlink/dialect/types';
import { FakeIo, incoming, type SentMessage } from './testing/fake-io';
import { ParamClient, type ParamEntry, type ParamProgress } from './param-client';

const T = MAV_PARAM_TYPE;

interface FakeParam {
  name: string;
  value: number;
  type: number;
}

const PARAMS: FakeParam[] = Array.from({ length: 50 }, (_, i) => ({
  name: `P${String(i).padStart(2, '0')}`,
  value: i % 3 === 0 ? i * 1.5 : i,
  type: i % 3 === 0 ? T.MAV_PARAM_TYPE_REAL32 : T.MAV_PARAM_TYPE_INT16,
}));

/**
 * A ParamClient talking to a scripted vehicle that holds PARAMS. `drop`
 * decides which PARAM_VALUEs get lost; `accept` which sets take effect.
 */
function setup(
  options: {
    drop?: (index: number, attempt: number) => boolean;
    accept?: (name: string) => boolean;
    params?: FakeParam[];
  } = {},
) {
  const io = new FakeIo();
  const params = (options.params ?? PARAMS).map((p) => ({ ...p }));
  const progress: ParamProgress[] = [];
  const changed: ParamEntry[] = [];
  const client = new ParamClient(
    io,
    { sysid: 1, compid: 1 },
    { progress: (p) => progress.push(p), param: (e) => changed.push(e) },
    { quietMs: 1000, retries: 3, batch: 10 },
  );
  const attempts = new Map<number, number>();
  const deliver = (index: number, indexField = index) => {
    const p = params[index]!;
    const attempt = (attempts.get(index) ?? 0) + 1;
    attempts.set(index, attempt);
    if (options.drop?.(index, attempt)) return;
    const fields = incoming('PARAM_VALUE', {
      param_id: p.name,
      param_value: p.value,
      param_type: p.type,
      param_count: params.length,
      param_index: indexField,
    }).fields as unknown as PARAM_VALUE;
    client.handleParamValue(fields);
  };
  io.onSend = (m: SentMessage) => {
    // Answers arrive a little later, as from a real link.
    if (m.name === 'PARAM_REQUEST_LIST')
      io.setTimeout(() => params.forEach((_, i) => deliver(i)), 10);
    if (m.name === 'PARAM_REQUEST_READ') {
      // By index, or (index -1) by name; an unknown name gets no answer.
      const byIndex = m.fields.param_index as number;
      const index = byIndex >= 0 ? byIndex : params.findIndex((p) => p.name === m.fields.param_id);
      if (index >= 0) io.setTimeout(() => deliver(index, byIndex >= 0 ? byIndex : 0xffff), 10);
    }
    if (m.name === 'PARAM_SET') {
      const index = params.findIndex((p) => p.name === m.fields.param_id);
      if (options.accept?.(params[index]!.name) ?? true)
        params[index]!.value = m.fields.param_value as number;
      io.setTimeout(() => deliver(index, 0xffff), 10);
    }
  };
  return { io, client, progress, changed, params };
}

describe('ParamClient download', () => {
  it('downloads every parameter with PARAM_REQUEST_LIST', async () => {
    const { io, client } = setup();
    const done = client.downloadAll();
    io.advance(20);
    expect(await done).toEqual({ count: 50 });
    expect(io.sentNamed('PARAM_REQUEST_LIST')).toEqual([{ target_system: 1, target_component: 1 }]);
    expect(client.list().map((p) => p.name)).toEqual(PARAMS.map((p) => p.name));
    expect(client.get('P03')).toEqual({
      name: 'P03',
      value: 4.5,
      type: 'REAL32',
      typeId: 9,
      index: 3,
    });
    expect(client.get('P04')).toMatchObject({ value: 4, type: 'INT16' });
  });

  it('re-requests dropped values by index after a quiet period', async () => {
    const dropped = new Set([5, 17, 42]);
    const { io, client } = setup({ drop: (i, attempt) => dropped.has(i) && attempt === 1 });
    const done = client.downloadAll();
    io.advance(999);
    expect(io.sentNamed('PARAM_REQUEST_READ')).toEqual([]);
    io.advance(100);
    expect(io.sentNamed('PARAM_REQUEST_READ')).toEqual(
      [5, 17, 42].map((i) => ({
        target_system: 1,
        target_component: 1,
        param_id: '',
        param_index: i,
      })),
    );
    io.advance(20);
    expect(await done).toEqual({ count: 50 });
    expect(client.list()).toHaveLength(50);
  });

  it('keeps re-requesting in batches while each round brings something', async () => {
    // 30 values lost on the first pass, every re-request answered: three rounds of 10.
    const { io, client } = setup({ drop: (i, attempt) => i >= 20 && attempt === 1 });
    const done = client.downloadAll();
    io.advance(5000);
    expect(await done).toEqual({ count: 50 });
    expect(io.sentNamed('PARAM_REQUEST_READ')).toHaveLength(30);
  });

  it('gives up when the retries bring nothing, saying how many are missing', async () => {
    const { io, client } = setup({ drop: (i) => i === 7 || i === 8 });
    const done = client.downloadAll();
    const failure = expect(done).rejects.toThrow(
      'parameter download incomplete: 2 of 50 missing after 3 re-requests without an answer',
    );
    io.advance(10_000);
    await failure;
    expect(io.sentNamed('PARAM_REQUEST_READ')).toHaveLength(6);
  });

  it('asks for the list again when nothing answers, then gives up', async () => {
    const { io, client } = setup({ drop: () => true });
    const done = client.downloadAll();
    const failure = expect(done).rejects.toThrow('no PARAM_VALUE from the vehicle');
    io.advance(10_000);
    await failure;
    expect(io.sentNamed('PARAM_REQUEST_LIST')).toHaveLength(4);
  });

  it('reports progress throttled, and always the final count', async () => {
    const { io, client, progress } = setup();
    const done = client.downloadAll();
    io.advance(20);
    await done;
    expect(progress[0]).toEqual({ received: 1, total: 50 });
    expect(progress.at(-1)).toEqual({ received: 50, total: 50 });
    expect(progress.length).toBeLessThan(5);
  });

  it('shares a download that is already running', () => {
    const { client } = setup();
    expect(client.downloadAll()).toBe(client.downloadAll());
  });
});

describe('ParamClient set', () => {
  async function downloaded(options: Parameters<typeof setup>[0] = {}) {
    const s = setup(options);
    const done = s.client.downloadAll();
    s.io.advance(20);
    await done;
    s.io.sent.length = 0;
    return s;
  }

  it('sets a value with its own type and resolves on the echo', async () => {
    const { io, client, changed } = await downloaded();
    const result = client.set('P04', -12);
    expect(io.sentNamed('PARAM_SET')).toEqual([
      {
        target_system: 1,
        target_component: 1,
        param_id: 'P04',
        param_value: -12,
        param_type: T.MAV_PARAM_TYPE_INT16,
      },
    ]);
    io.advance(10);
    expect(await result).toMatchObject({ name: 'P04', value: -12, type: 'INT16', index: 4 });
    expect(client.get('P04')!.value).toBe(-12);
    expect(changed.map((e) => [e.name, e.value])).toEqual([['P04', -12]]);
  });

  it('confirms a REAL32 value by its float32 echo', async () => {
    const { io, client } = await downloaded();
    const result = client.set('P03', 0.1);
    io.advance(10);
    expect((await result).value).toBe(Math.fround(0.1));
  });

  it('retries and fails when the vehicle keeps the old value', async () => {
    const { io, client } = await downloaded({ accept: () => false });
    const result = client.set('P04', 99);
    const failure = expect(result).rejects.toThrow(
      'setting P04 to 99 was not confirmed after 3 tries: the vehicle still reports P04 = 4',
    );
    io.advance(5000);
    await failure;
    expect(io.sentNamed('PARAM_SET')).toHaveLength(3);
  });

  it('fails when nothing comes back', async () => {
    const { io, client } = await downloaded();
    io.onSend = undefined;
    const failure = expect(client.set('P04', 5)).rejects.toThrow('no PARAM_VALUE came back');
    io.advance(5000);
    await failure;
  });

  it('says so when the vehicle has no parameter of that name, and sets nothing', async () => {
    const { io, client } = await downloaded();
    const result = client.set('NOPE', 1);
    const settled = expect(result).rejects.toThrow(
      'no PARAM_VALUE for NOPE after 3 tries: the vehicle has no such parameter',
    );
    io.advance(5000);
    await settled;
    expect(io.sentNamed('PARAM_SET')).toEqual([]);
  });

  it('refuses what cannot be a parameter name without sending', async () => {
    const { io, client } = setup();
    await expect(client.read('NOT A NAME')).rejects.toThrow('is not a parameter name');
    expect(io.sent).toEqual([]);
  });

  it('reads one parameter by name, without a download', async () => {
    const { io, client } = setup();
    const read = client.read('P07');
    expect(io.sentNamed('PARAM_REQUEST_READ')).toEqual([
      { target_system: 1, target_component: 1, param_id: 'P07', param_index: -1 },
    ]);
    io.advance(20);
    expect(await read).toMatchObject({ name: 'P07', value: PARAMS[7]!.value });
    expect(client.summary().downloading).toBe(false);
  });

  it('sets a parameter before any download, reading its type first', async () => {
    const { io, client, params } = setup();
    const index = params.findIndex((p) => p.type === T.MAV_PARAM_TYPE_REAL32);
    const name = params[index]!.name;
    const result = client.set(name, 0.5);
    await io.advanceAsync(20);
    await io.advanceAsync(20);
    expect(await result).toMatchObject({ name, value: 0.5 });
    expect(io.sentNamed('PARAM_SET')).toHaveLength(1);
  });

  it.each([
    ['P04', 40_000, 'P04 is INT16: 40000 is outside -32768..32767'],
    ['P04', 1.5, 'P04 is INT16: 1.5 is not a whole number'],
    ['P03', Infinity, 'P03 is REAL32: Infinity is not a finite 32-bit float'],
    ['P03', NaN, 'P03 needs a number'],
  ])('refuses %s = %s locally', async (name, value, message) => {
    const { io, client } = await downloaded();
    await expect(client.set(name, value)).rejects.toThrow(message);
    expect(io.sent).toEqual([]);
  });

  it('refuses an integer a float cannot carry exactly', async () => {
    const big: FakeParam = { name: 'BIG', value: 0, type: T.MAV_PARAM_TYPE_INT32 };
    const { client } = await downloaded({ params: [big] });
    await expect(client.set('BIG', 16_777_217)).rejects.toThrow('cannot be sent exactly');
    await expect(client.set('BIG', 2 ** 31)).rejects.toThrow('outside');
  });
});

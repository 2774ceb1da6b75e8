import { describe, expect, it } from 'vitest';
import type { ParamEntry } from '../../protocol/wire-types';
import { filterParams, paramsOf, parseParamValue, setList, setParam, setProgress } from './params';

const p = (name: string, value = 0): ParamEntry => ({
  name,
  value,
  type: 'REAL32',
  typeId: 9,
  index: 0,
});
const v = { sysid: 1, compid: 1 };

describe('parameter values', () => {
  it('takes plain decimals and exponents', () => {
    expect(parseParamValue(' 12.5 ')).toEqual({ ok: true, value: 12.5 });
    expect(parseParamValue('-3')).toEqual({ ok: true, value: -3 });
    expect(parseParamValue('1e3')).toEqual({ ok: true, value: 1000 });
    expect(parseParamValue('.5')).toEqual({ ok: true, value: 0.5 });
  });

  it('says why anything else is refused', () => {
    expect(parseParamValue('')).toEqual({ ok: false, error: 'Enter a number.' });
    expect(parseParamValue('abc')).toMatchObject({ ok: false, error: "'abc' is not a number." });
    expect(parseParamValue('0x10').ok).toBe(false);
    expect(parseParamValue('Infinity').ok).toBe(false);
    expect(parseParamValue('1e999')).toEqual({
      ok: false,
      error: 'The value must be a finite number.',
    });
  });
});

describe('parameter store', () => {
  it('keeps the list sorted and replaces a confirmed value', () => {
    let s = setList({ byVehicle: {} }, v, [p('RTL_ALT', 1500), p('ARMING_CHECK', 1)]);
    expect(paramsOf(s, v).list.map((x) => x.name)).toEqual(['ARMING_CHECK', 'RTL_ALT']);
    s = setParam(s, v, p('RTL_ALT', 2500));
    expect(paramsOf(s, v).list[1]!.value).toBe(2500);
    s = setParam(s, v, p('BATT_MONITOR', 4));
    expect(paramsOf(s, v).list.map((x) => x.name)).toEqual([
      'ARMING_CHECK',
      'BATT_MONITOR',
      'RTL_ALT',
    ]);
    s = setProgress(s, v, { received: 3, total: 3 });
    expect(paramsOf(s, v).progress).toEqual({ received: 3, total: 3 });
    expect(paramsOf(s, { sysid: 2, compid: 1 }).list).toEqual([]);
  });

  it('filters by a piece of the name, any case', () => {
    const list = [p('RTL_ALT'), p('RTL_SPEED'), p('WPNAV_SPEED')];
    expect(filterParams(list, 'speed').map((x) => x.name)).toEqual(['RTL_SPEED', 'WPNAV_SPEED']);
    expect(filterParams(list, '  ')).toBe(list);
  });
});

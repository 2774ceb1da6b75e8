import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAV_PARAM_TYPE } from '../mavlink/dialect/enums';
import {
  checkParamValue,
  decodeParamValue,
  encodeParamValue,
  FLOAT_EXACT_INTEGER,
} from './param-value';

const T = MAV_PARAM_TYPE;
const INTEGER_TYPES: [number, number, number][] = [
  [T.MAV_PARAM_TYPE_UINT8, 0, 255],
  [T.MAV_PARAM_TYPE_INT8, -128, 127],
  [T.MAV_PARAM_TYPE_UINT16, 0, 65535],
  [T.MAV_PARAM_TYPE_INT16, -32768, 32767],
  [T.MAV_PARAM_TYPE_UINT32, 0, FLOAT_EXACT_INTEGER],
  [T.MAV_PARAM_TYPE_INT32, -FLOAT_EXACT_INTEGER, FLOAT_EXACT_INTEGER],
];

describe('parameter values', () => {
  it('carries every in-range integer through the float by value (ArduPilot cast)', () => {
    for (const [type, min, max] of INTEGER_TYPES) {
      fc.assert(
        fc.property(fc.integer({ min, max }), (v) => {
          expect(checkParamValue('X', v, type)).toBeUndefined();
          const wire = Math.fround(encodeParamValue(v));
          expect(wire).toBe(v);
          expect(decodeParamValue(wire, type)).toBe(v);
        }),
      );
    }
  });

  it('refuses integers one past either end of the type', () => {
    for (const [type, min, max] of INTEGER_TYPES.slice(0, 4)) {
      expect(checkParamValue('X', min - 1, type)).toContain('outside');
      expect(checkParamValue('X', max + 1, type)).toContain('outside');
    }
  });

  it('refuses 64-bit types, which PARAM_SET cannot carry', () => {
    expect(checkParamValue('X', 1, T.MAV_PARAM_TYPE_INT64)).toBe(
      'X is INT64, which PARAM_SET cannot carry',
    );
  });
});

// Parameter values on the wire. PARAM_VALUE and PARAM_SET carry every value
// in a float; ArduPilot converts integers to and from that float by value
// (a C cast), not by copying bytes as PX4 does. Sigil follows ArduPilot, so
// integers travel exactly up to 2^24, and 64-bit types cannot be set.

import { MAV_PARAM_TYPE } from '../mavlink/dialect/enums';
import { enumLabel } from './enum-names';

const T = MAV_PARAM_TYPE;

const INTEGER_RANGES = new Map<number, readonly [number, number]>([
  [T.MAV_PARAM_TYPE_UINT8, [0, 0xff]],
  [T.MAV_PARAM_TYPE_INT8, [-0x80, 0x7f]],
  [T.MAV_PARAM_TYPE_UINT16, [0, 0xffff]],
  [T.MAV_PARAM_TYPE_INT16, [-0x8000, 0x7fff]],
  [T.MAV_PARAM_TYPE_UINT32, [0, 0xffff_ffff]],
  [T.MAV_PARAM_TYPE_INT32, [-0x8000_0000, 0x7fff_ffff]],
]);

const FLOAT32_MAX = 3.4028234663852886e38;
/** The largest integer a float carries exactly (and every one below it). */
export const FLOAT_EXACT_INTEGER = 2 ** 24;

/** MAV_PARAM_TYPE without its prefix: UINT8 ... REAL64. */
export function paramTypeName(type: number): string {
  return enumLabel(MAV_PARAM_TYPE, type, ['MAV_PARAM_TYPE_']);
}

export function isIntegerParamType(type: number): boolean {
  return INTEGER_RANGES.has(type);
}

/** The value a PARAM_VALUE's float stands for. */
export function decodeParamValue(raw: number, type: number): number {
  return isIntegerParamType(type) ? Math.trunc(raw) : raw;
}

/** The float to put in PARAM_SET for `value` (already checked). */
export function encodeParamValue(value: number): number {
  return Math.fround(value);
}

/** The value the vehicle will echo once `value` is set. */
export function expectedParamValue(value: number, type: number): number {
  return decodeParamValue(encodeParamValue(value), type);
}

/** Why `value` cannot be set on a parameter of `type`, or undefined if it can. */
export function checkParamValue(name: string, value: number, type: number): string | undefined {
  const typeName = paramTypeName(type);
  if (typeof value !== 'number' || Number.isNaN(value))
    return `${name} needs a number, not ${String(value)}`;
  const range = INTEGER_RANGES.get(type);
  if (range !== undefined) {
    const [min, max] = range;
    if (!Number.isInteger(value)) return `${name} is ${typeName}: ${value} is not a whole number`;
    if (value < min || value > max)
      return `${name} is ${typeName}: ${value} is outside ${min}..${max}`;
    if (Math.abs(value) > FLOAT_EXACT_INTEGER && Math.fround(value) !== value)
      return `${name} is ${typeName}: ${value} cannot be sent exactly (PARAM_SET carries a float, exact only up to ${FLOAT_EXACT_INTEGER})`;
    return undefined;
  }
  if (type === T.MAV_PARAM_TYPE_REAL32) {
    if (!Number.isFinite(value) || Math.abs(value) > FLOAT32_MAX)
      return `${name} is REAL32: ${value} is not a finite 32-bit float`;
    return undefined;
  }
  return `${name} is ${typeName}, which PARAM_SET cannot carry`;
}

// Numbers of mission items as files write them. The vehicle holds
// param1-4 and z as float32: a file value is rounded to float32 when read,
// and written back as the shortest decimal that reads as the same float32
// ("0.1", not "0.10000000149011612"), so a plan read and written again is
// the same text, and a plan written and read again the same items.

import { positionFromUnits, positionToUnits } from './mission-items';

/** The float32 a file's number stands for. */
export function toFloat32(value: number): number {
  return Math.fround(value);
}

/** The shortest decimal that reads back as the same float32 (NaN stays NaN). */
export function float32Decimal(value: number): number {
  if (!Number.isFinite(value)) return value;
  const f = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const shorter = Number(f.toPrecision(digits));
    if (Math.fround(shorter) === f) return shorter;
  }
  return f;
}

/** x or y of an item in a file's units (degrees in global frames). */
export function positionText(value: number, frame: number): number {
  return positionToUnits(value, frame);
}

/** x or y from a file; undefined when it does not fit the message's int32. */
export function positionValue(units: number, frame: number): number | undefined {
  const value = positionFromUnits(units, frame);
  return Number.isFinite(value) && value >= -0x80000000 && value <= 0x7fffffff ? value : undefined;
}

// Decoded fields as JSON-safe values: 64-bit integers become decimal
// strings (JSON numbers lose precision past 2^53), NaN and infinities null.

import type { FieldValue, Fields } from './codec';

export type JsonValue = number | string | null | JsonValue[];

function jsonValue(value: FieldValue): JsonValue {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value;
  return (value as (number | bigint)[]).map((v) => jsonValue(v));
}

export function fieldsToJson(fields: Fields): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(fields)) out[key] = jsonValue(fields[key]!);
  return out;
}

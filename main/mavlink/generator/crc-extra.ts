// CRC_EXTRA: one byte that fingerprints a message's name and base fields, so
// two ends with different definitions of the same id reject each other's
// frames instead of misreading them. Extension fields are left out on purpose:
// adding one must not break older peers.

import { crcAccumulate, crcString } from '../crc';
import type { FieldDef } from '../definition';

/** `wireOrder` is the message's fields in wire order; extensions are skipped. */
export function crcExtra(name: string, wireOrder: readonly FieldDef[]): number {
  let crc = crcString(`${name} `);
  for (const field of wireOrder) {
    if (field.extension) continue;
    crc = crcString(`${field.type} `, crc);
    crc = crcString(`${field.name} `, crc);
    if (field.arrayLength > 0) crc = crcAccumulate(field.arrayLength & 0xff, crc);
  }
  return (crc & 0xff) ^ (crc >> 8);
}

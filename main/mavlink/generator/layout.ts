// Wire layout of a message: field types, wire order, offsets and lengths.
// MAVLink sorts the base fields by element size (largest first, stable) so
// every field is naturally aligned; extension fields follow in XML order so
// that older receivers can ignore them.

import { SCALAR_SIZE, type FieldDef, type ScalarType } from '../definition';
import { DefinitionError } from './errors';
import type { XmlField, XmlMessage } from './read-xml';

export interface FieldType {
  readonly type: ScalarType;
  /** 0 for a scalar, otherwise the element count. */
  readonly arrayLength: number;
}

/** A message's fields, placed on the wire. */
export interface MessageLayout {
  /** XML order, each with its wire offset. */
  readonly fields: readonly FieldDef[];
  /** The same fields in wire order. */
  readonly wireOrder: readonly FieldDef[];
  readonly baseLength: number;
  readonly length: number;
}

function isScalarType(text: string): text is ScalarType {
  return Object.hasOwn(SCALAR_SIZE, text);
}

/** `uint16_t`, `char[16]`, `uint8_t_mavlink_version`...; undefined when not a MAVLink type. */
export function parseFieldType(text: string): FieldType | undefined {
  // The version byte is an ordinary uint8_t on the wire (and in CRC_EXTRA).
  if (text === 'uint8_t_mavlink_version') return { type: 'uint8_t', arrayLength: 0 };
  const match = /^([a-z0-9_]+)(?:\[(\d+)\])?$/.exec(text);
  if (match === null) return undefined;
  const [, base = '', count] = match;
  if (!isScalarType(base)) return undefined;
  if (count === undefined) return { type: base, arrayLength: 0 };
  const arrayLength = Number(count);
  return arrayLength > 0 ? { type: base, arrayLength } : undefined;
}

function sizeOf(field: FieldType): number {
  return SCALAR_SIZE[field.type] * Math.max(1, field.arrayLength);
}

function toFieldType(field: XmlField, message: XmlMessage): FieldType {
  const parsed = parseFieldType(field.type);
  if (parsed === undefined) {
    throw new DefinitionError(
      `${message.file}: message ${message.name}: field ${field.name}: unknown type "${field.type}"`,
    );
  }
  return parsed;
}

function toDisplay(field: XmlField, message: XmlMessage): 'bitmask' | undefined {
  if (field.display === undefined || field.display === 'bitmask') return field.display;
  throw new DefinitionError(
    `${message.file}: message ${message.name}: field ${field.name}: unsupported display "${field.display}"`,
  );
}

export function layoutMessage(message: XmlMessage): MessageLayout {
  const typed = message.fields.map((field) => ({ field, ...toFieldType(field, message) }));
  const base = typed.filter((entry) => !entry.field.extension);
  const extensions = typed.filter((entry) => entry.field.extension);
  // Array.prototype.sort is stable, which keeps XML order among equal sizes.
  const wire = [...base.sort((a, b) => SCALAR_SIZE[b.type] - SCALAR_SIZE[a.type]), ...extensions];

  const placed = new Map<XmlField, FieldDef>();
  let offset = 0;
  let baseLength = 0;
  for (const entry of wire) {
    const { field, type, arrayLength } = entry;
    const display = toDisplay(field, message);
    placed.set(field, {
      name: field.name,
      type,
      arrayLength,
      offset,
      extension: field.extension,
      ...(field.units !== undefined && { units: field.units }),
      ...(field.enum !== undefined && { enum: field.enum }),
      ...(display !== undefined && { display }),
    });
    offset += sizeOf(entry);
    if (!field.extension) baseLength = offset;
  }

  const inWireOrder = wire.map((entry) => placed.get(entry.field)!);
  const inXmlOrder = message.fields.map((field) => placed.get(field)!);
  return { fields: inXmlOrder, wireOrder: inWireOrder, baseLength, length: offset };
}

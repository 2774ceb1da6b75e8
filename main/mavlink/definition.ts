// The shape of the generated dialect tables (main/mavlink/dialect/). The
// generator writes data of these types; the codec compiles readers and
// writers from it. Facts only: no description prose.

export type ScalarType =
  | 'char'
  | 'uint8_t'
  | 'int8_t'
  | 'uint16_t'
  | 'int16_t'
  | 'uint32_t'
  | 'int32_t'
  | 'uint64_t'
  | 'int64_t'
  | 'float'
  | 'double';

export interface FieldDef {
  /** The XML field name, e.g. `custom_mode`. */
  readonly name: string;
  readonly type: ScalarType;
  /** 0 for a scalar, otherwise the array length in elements. */
  readonly arrayLength: number;
  /** Byte offset of the field in the wire-ordered payload. */
  readonly offset: number;
  /** True for fields after `<extensions/>`: not part of CRC_EXTRA, may be absent on the wire. */
  readonly extension: boolean;
  readonly units?: string;
  /** Name of the enum the field's values come from. */
  readonly enum?: string;
  /** `bitmask` when the field is a set of flags. */
  readonly display?: 'bitmask';
}

export interface MessageDef {
  readonly id: number;
  readonly name: string;
  readonly crcExtra: number;
  /** Payload length of the base fields (the MAVLink 1 length). */
  readonly baseLength: number;
  /** Payload length including extension fields (the MAVLink 2 maximum). */
  readonly length: number;
  /** Fields in XML order; `offset` gives each one's wire position. */
  readonly fields: readonly FieldDef[];
}

export interface EnumEntryDef {
  readonly name: string;
  readonly value: number;
}

export interface EnumDef {
  readonly name: string;
  readonly bitmask: boolean;
  readonly entries: readonly EnumEntryDef[];
}

export const SCALAR_SIZE: Readonly<Record<ScalarType, number>> = {
  char: 1,
  uint8_t: 1,
  int8_t: 1,
  uint16_t: 2,
  int16_t: 2,
  uint32_t: 4,
  int32_t: 4,
  uint64_t: 8,
  int64_t: 8,
  float: 4,
  double: 8,
};

// Payload decode and encode, compiled once per message from the dialect
// tables into straight-line functions (no per-field loop or lookup on the
// hot path), and frame assembly for sending.

import { crcAccumulate, crcBytes } from './crc';
import type { FieldDef, MessageDef, ScalarType } from './definition';
import {
  CHECKSUM_LENGTH,
  HEADER_V1,
  HEADER_V2,
  INCOMPAT_SIGNED,
  MAGIC_V1,
  MAGIC_V2,
  SIGNATURE_LENGTH,
  type FrameView,
  type MessageLookup,
} from './frame';

export type FieldValue = number | bigint | string | number[] | bigint[];
export type Fields = Record<string, FieldValue>;

/** A compiled function that reads one message's payload at `o` of `dv`. */
export type PayloadReader<T> = (dv: DataView, o: number, h: PayloadHelpers) => T;
export type PayloadHelpers = typeof helpers;
type Decoder = PayloadReader<Fields>;
type Encoder = (
  dv: DataView,
  o: number,
  f: Readonly<Record<string, unknown>>,
  h: typeof helpers,
) => void;

const utf8 = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

// Helpers the compiled functions call for the few field kinds that need a loop.
const helpers = {
  str(dv: DataView, o: number, n: number): string {
    let end = 0;
    let ascii = true;
    while (end < n) {
      const c = dv.getUint8(o + end);
      if (c === 0) break;
      if (c > 0x7f) ascii = false;
      end++;
    }
    if (ascii) {
      let s = '';
      for (let i = 0; i < end; i++) s += String.fromCharCode(dv.getUint8(o + i));
      return s;
    }
    return utf8.decode(new Uint8Array(dv.buffer, dv.byteOffset + o, end));
  },
  writeStr(dv: DataView, o: number, n: number, v: unknown): void {
    if (typeof v !== 'string' || v.length === 0) return;
    const bytes = utf8Encoder.encode(v);
    const count = Math.min(n, bytes.length);
    for (let i = 0; i < count; i++) dv.setUint8(o + i, bytes[i]!);
  },
  num(v: unknown): number {
    return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0;
  },
  big(v: unknown): bigint {
    if (typeof v === 'bigint') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
    return 0n;
  },
  at(v: unknown, i: number): unknown {
    return Array.isArray(v) ? v[i] : undefined;
  },
};

/** Code that reads one scalar of each type at the offset expression `at`. */
export const READ: Record<Exclude<ScalarType, 'char'>, (at: string) => string> = {
  uint8_t: (at) => `dv.getUint8(${at})`,
  int8_t: (at) => `dv.getInt8(${at})`,
  uint16_t: (at) => `dv.getUint16(${at}, true)`,
  int16_t: (at) => `dv.getInt16(${at}, true)`,
  uint32_t: (at) => `dv.getUint32(${at}, true)`,
  int32_t: (at) => `dv.getInt32(${at}, true)`,
  uint64_t: (at) => `dv.getBigUint64(${at}, true)`,
  int64_t: (at) => `dv.getBigInt64(${at}, true)`,
  float: (at) => `dv.getFloat32(${at}, true)`,
  double: (at) => `dv.getFloat64(${at}, true)`,
};

const WRITE: Record<Exclude<ScalarType, 'char'>, (at: string, v: string) => string> = {
  uint8_t: (at, v) => `dv.setUint8(${at}, h.num(${v}))`,
  int8_t: (at, v) => `dv.setInt8(${at}, h.num(${v}))`,
  uint16_t: (at, v) => `dv.setUint16(${at}, h.num(${v}), true)`,
  int16_t: (at, v) => `dv.setInt16(${at}, h.num(${v}), true)`,
  uint32_t: (at, v) => `dv.setUint32(${at}, h.num(${v}), true)`,
  int32_t: (at, v) => `dv.setInt32(${at}, h.num(${v}), true)`,
  uint64_t: (at, v) => `dv.setBigUint64(${at}, BigInt.asUintN(64, h.big(${v})), true)`,
  int64_t: (at, v) => `dv.setBigInt64(${at}, BigInt.asIntN(64, h.big(${v})), true)`,
  float: (at, v) => `dv.setFloat32(${at}, h.num(${v}), true)`,
  double: (at, v) => `dv.setFloat64(${at}, h.num(${v}), true)`,
};

export function size(type: ScalarType): number {
  switch (type) {
    case 'uint64_t':
    case 'int64_t':
    case 'double':
      return 8;
    case 'uint32_t':
    case 'int32_t':
    case 'float':
      return 4;
    case 'uint16_t':
    case 'int16_t':
      return 2;
    default:
      return 1;
  }
}

function readExpression(field: FieldDef): string {
  const at = `o + ${field.offset}`;
  if (field.type === 'char') return `h.str(dv, ${at}, ${Math.max(1, field.arrayLength)})`;
  const read = READ[field.type];
  if (field.arrayLength === 0) return read(at);
  const step = size(field.type);
  const items: string[] = [];
  for (let i = 0; i < field.arrayLength; i++) items.push(read(`o + ${field.offset + i * step}`));
  return `[${items.join(', ')}]`;
}

function writeStatements(field: FieldDef): string {
  const value = `f[${JSON.stringify(field.name)}]`;
  if (field.type === 'char') {
    return `h.writeStr(dv, o + ${field.offset}, ${Math.max(1, field.arrayLength)}, ${value});`;
  }
  const write = WRITE[field.type];
  if (field.arrayLength === 0) return `${write(`o + ${field.offset}`, value)};`;
  const step = size(field.type);
  const lines: string[] = [];
  for (let i = 0; i < field.arrayLength; i++) {
    lines.push(`${write(`o + ${field.offset + i * step}`, `h.at(${value}, ${i})`)};`);
  }
  return lines.join('\n');
}

// Compiled once per message definition in the process, whichever codec
// asks first: every codec (one per link) then runs the same optimised code.
const sharedDecoders = new WeakMap<MessageDef, Decoder>();
const sharedEncoders = new WeakMap<MessageDef, Encoder>();

function shared<F>(
  cache: WeakMap<MessageDef, F>,
  def: MessageDef,
  compile: (d: MessageDef) => F,
): F {
  let fn = cache.get(def);
  if (fn === undefined) {
    fn = compile(def);
    cache.set(def, fn);
  }
  return fn;
}

function compileDecoder(def: MessageDef): Decoder {
  const body = def.fields.map((f) => `${JSON.stringify(f.name)}: ${readExpression(f)}`);
  // Straight-line code per message: V8 gives every message its own object shape.
  return new Function('dv', 'o', 'h', `return { ${body.join(',\n')} };`) as Decoder;
}

function compileEncoder(def: MessageDef): Encoder {
  return new Function('dv', 'o', 'f', 'h', def.fields.map(writeStatements).join('\n')) as Encoder;
}

export interface FrameHeader {
  version: 1 | 2;
  seq: number;
  sysid: number;
  compid: number;
  /** Incompat flags to set; with INCOMPAT_SIGNED the frame gets 13 zeroed bytes for the signer. */
  incompatFlags?: number;
  compatFlags?: number;
}

// Message ids of every dialect in use stay below this (MAVLink 2 allows 24
// bits); ids are looked up through a dense index, as a sparse array of
// definitions would fall back to a hash table.
const INDEXED_IDS = 1 << 16;

export class Codec implements MessageLookup {
  // id -> position in `defs` (0: unknown), for ids below INDEXED_IDS.
  private readonly slots = new Uint16Array(INDEXED_IDS);
  private readonly defs: (MessageDef | undefined)[] = [undefined];
  private readonly names = new Map<string, MessageDef>();
  private readonly decoders: (Decoder | undefined)[] = [undefined];
  private readonly encoders: (Encoder | undefined)[] = [undefined];
  // Zero-filled room for MAVLink 2 payloads that arrive truncated.
  private readonly scratchBytes = new Uint8Array(256);
  private readonly scratch = new DataView(this.scratchBytes.buffer);
  // The DataView over the last buffer decoded from, kept while frames keep
  // coming from the same array (asking an array for its .buffer is not free).
  private lastArray: Uint8Array | null = null;
  private lastView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  constructor(readonly messages: readonly MessageDef[]) {
    for (const def of messages) {
      if (def.id >= INDEXED_IDS)
        throw new RangeError(`message id ${def.id} is past ${INDEXED_IDS - 1}`);
      this.slots[def.id] = this.defs.length;
      this.defs.push(def);
      this.decoders.push(undefined);
      this.encoders.push(undefined);
      this.names.set(def.name, def);
    }
  }

  byId(id: number): MessageDef | undefined {
    return id < INDEXED_IDS ? this.defs[this.slots[id]!] : undefined;
  }

  byName(name: string): MessageDef | undefined {
    return this.names.get(name);
  }

  /** Decodes a parsed frame's payload; undefined for an unknown message id. */
  decode(frame: FrameView): Fields | undefined {
    const def = frame.def ?? this.byId(frame.msgid);
    if (def === undefined) return undefined;
    const header = frame.version === 2 ? HEADER_V2 : HEADER_V1;
    return this.decodePayload(def, frame.buffer, frame.offset + header, frame.payloadLength);
  }

  /** Decodes `length` payload bytes at `offset`; missing trailing bytes read as zero. */
  decodePayload(def: MessageDef, buffer: Uint8Array, offset: number, length: number): Fields {
    return this.readPayload(def, buffer, offset, length, this.decoderOf(def));
  }

  /** Runs `reader` over `length` payload bytes at `offset`, zero-filled to the message's length. */
  readPayload<T>(
    def: MessageDef,
    buffer: Uint8Array,
    offset: number,
    length: number,
    reader: PayloadReader<T>,
  ): T {
    if (length >= def.length) {
      return reader(this.viewOf(buffer), buffer.byteOffset + offset, helpers);
    }
    // A byte loop: subarray() would allocate a view per frame.
    const bytes = this.scratchBytes;
    for (let i = 0; i < length; i++) bytes[i] = buffer[offset + i]!;
    bytes.fill(0, length, def.length);
    return reader(this.scratch, 0, helpers);
  }

  /** Writes a payload of `def.length` bytes at `offset` of `out`; absent fields are zero. */
  encodePayload(
    def: MessageDef,
    fields: Readonly<Record<string, unknown>>,
    out: Uint8Array,
    offset: number,
  ): void {
    const slot = this.slotOf(def);
    const encoder =
      this.encoders[slot] ?? (this.encoders[slot] = shared(sharedEncoders, def, compileEncoder));
    out.fill(0, offset, offset + def.length);
    encoder(new DataView(out.buffer, out.byteOffset, out.byteLength), offset, fields, helpers);
  }

  /**
   * A complete frame. MAVLink 2 payloads lose their trailing zero bytes (at
   * least one byte stays); MAVLink 1 carries the base fields only.
   */
  encodeFrame(
    def: MessageDef,
    fields: Readonly<Record<string, unknown>>,
    header: FrameHeader,
  ): Uint8Array {
    const payload = new Uint8Array(Math.max(def.length, 1));
    this.encodePayload(def, fields, payload, 0);
    if (header.version === 1) {
      if (def.id > 255)
        throw new RangeError(`${def.name} (id ${def.id}) cannot be sent as MAVLink 1`);
      const len = def.baseLength;
      const frame = new Uint8Array(HEADER_V1 + len + CHECKSUM_LENGTH);
      frame[0] = MAGIC_V1;
      frame[1] = len;
      frame[2] = header.seq & 0xff;
      frame[3] = header.sysid;
      frame[4] = header.compid;
      frame[5] = def.id;
      frame.set(payload.subarray(0, len), HEADER_V1);
      writeChecksum(frame, HEADER_V1 + len, def.crcExtra);
      return frame;
    }
    let len = def.length;
    while (len > 1 && payload[len - 1] === 0) len--;
    const incompat = header.incompatFlags ?? 0;
    const signed = (incompat & INCOMPAT_SIGNED) !== 0;
    const frame = new Uint8Array(
      HEADER_V2 + len + CHECKSUM_LENGTH + (signed ? SIGNATURE_LENGTH : 0),
    );
    frame[0] = MAGIC_V2;
    frame[1] = len;
    frame[2] = incompat;
    frame[3] = header.compatFlags ?? 0;
    frame[4] = header.seq & 0xff;
    frame[5] = header.sysid;
    frame[6] = header.compid;
    frame[7] = def.id & 0xff;
    frame[8] = (def.id >> 8) & 0xff;
    frame[9] = (def.id >> 16) & 0xff;
    frame.set(payload.subarray(0, len), HEADER_V2);
    writeChecksum(frame, HEADER_V2 + len, def.crcExtra);
    return frame;
  }

  private slotOf(def: MessageDef): number {
    const slot = def.id < INDEXED_IDS ? this.slots[def.id]! : 0;
    if (slot === 0 || this.defs[slot] !== def) {
      throw new RangeError(`${def.name} (id ${def.id}) is not a message of this codec`);
    }
    return slot;
  }

  private decoderOf(def: MessageDef): Decoder {
    const slot = this.slotOf(def);
    return (
      this.decoders[slot] ?? (this.decoders[slot] = shared(sharedDecoders, def, compileDecoder))
    );
  }

  private viewOf(buffer: Uint8Array): DataView<ArrayBufferLike> {
    if (buffer !== this.lastArray) {
      this.lastArray = buffer;
      this.lastView = new DataView(buffer.buffer);
    }
    return this.lastView;
  }
}

/** Writes the checksum of `frame[1, crcAt)` plus CRC_EXTRA at `crcAt`. */
export function writeChecksum(frame: Uint8Array, crcAt: number, crcExtra: number): void {
  const crc = crcAccumulate(crcExtra, crcBytes(frame, 1, crcAt));
  frame[crcAt] = crc & 0xff;
  frame[crcAt + 1] = crc >> 8;
}

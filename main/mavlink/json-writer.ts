// Frames as JSON text straight from their bytes: for each message, a
// function compiled once that reads the payload and builds the text, with
// no decoded object and no JSON.stringify in between. The text is exactly
// what JSON.stringify(frameToJson(...)) gives (the differential test holds
// it to that): 64-bit integers as decimal strings, NaN and infinities null.

import { READ, size, type Codec, type PayloadReader } from './codec';
import type { FieldDef, MessageDef } from './definition';
import { HEADER_V1, HEADER_V2, type FrameView } from './frame';

type TextReader = PayloadReader<string>;

const TWO_32 = 0x1_0000_0000;
// Below 2^53, a 64-bit integer is exact as a number and prints faster than a BigInt.
const EXACT_HIGH = 0x20_0000;

const text = {
  real(v: number): string {
    return Number.isFinite(v) ? '' + v : 'null';
  },
  u64(dv: DataView, o: number): string {
    const high = dv.getUint32(o + 4, true);
    if (high < EXACT_HIGH) return '"' + (high * TWO_32 + dv.getUint32(o, true)) + '"';
    return '"' + dv.getBigUint64(o, true) + '"';
  },
  i64(dv: DataView, o: number): string {
    const high = dv.getInt32(o + 4, true);
    if (high < EXACT_HIGH && high >= -EXACT_HIGH) {
      return '"' + (high * TWO_32 + dv.getUint32(o, true)) + '"';
    }
    return '"' + dv.getBigInt64(o, true) + '"';
  },
  quote(s: string): string {
    return JSON.stringify(s);
  },
};

function scalarText(field: FieldDef, at: string): string {
  switch (field.type) {
    case 'uint64_t':
      return `j.u64(dv, ${at})`;
    case 'int64_t':
      return `j.i64(dv, ${at})`;
    case 'float':
    case 'double':
      return `j.real(${READ[field.type](at)})`;
    case 'char':
      throw new TypeError('char fields are read as strings');
    default:
      return `('' + ${READ[field.type](at)})`;
  }
}

function fieldText(field: FieldDef): string {
  const key = JSON.stringify(`${JSON.stringify(field.name)}:`);
  if (field.type === 'char') {
    return `${key} + j.quote(h.str(dv, o + ${field.offset}, ${Math.max(1, field.arrayLength)}))`;
  }
  if (field.arrayLength === 0) return `${key} + ${scalarText(field, `o + ${field.offset}`)}`;
  const step = size(field.type);
  const items: string[] = [];
  for (let i = 0; i < field.arrayLength; i++) {
    items.push(scalarText(field, `o + ${field.offset + i * step}`));
  }
  return `${key} + '[' + ${items.join(" + ',' + ")} + ']'`;
}

function compileTextReader(def: MessageDef): TextReader {
  const parts = def.fields.map(fieldText);
  const body = parts.length === 0 ? "'{}'" : `'{' + ${parts.join(" + ',' + ")} + '}'`;
  return new Function('j', `return function (dv, o, h) { return ${body}; };`)(text) as TextReader;
}

// Compiled once per message in the process, as the codec's decoders are.
const sharedReaders = new WeakMap<MessageDef, TextReader>();

export class FrameJsonWriter {
  private readonly readers = new Map<MessageDef, TextReader>();

  constructor(private readonly codec: Codec) {}

  /** The frame's fields as a JSON object's text; undefined for a message the dialect does not know. */
  fields(frame: FrameView): string | undefined {
    const def = frame.def ?? this.codec.byId(frame.msgid);
    if (def === undefined) return undefined;
    let reader = this.readers.get(def);
    if (reader === undefined) {
      reader = sharedReaders.get(def) ?? compileTextReader(def);
      sharedReaders.set(def, reader);
      this.readers.set(def, reader);
    }
    const header = frame.version === 2 ? HEADER_V2 : HEADER_V1;
    return this.codec.readPayload(
      def,
      frame.buffer,
      frame.offset + header,
      frame.payloadLength,
      reader,
    );
  }

  /** One frame as the JSON object `sigil decode` prints, without a line break. */
  line(frame: FrameView, timeUs: number | undefined): string {
    const fields = this.fields(frame);
    const def = frame.def;
    return (
      (timeUs === undefined ? '{' : '{"t":' + timeUs + ',') +
      '"version":' +
      frame.version +
      ',"seq":' +
      frame.seq +
      ',"sysid":' +
      frame.sysid +
      ',"compid":' +
      frame.compid +
      ',"msgid":' +
      frame.msgid +
      (def === undefined ? '' : ',"name":"' + def.name + '"') +
      ',"signed":' +
      frame.signed +
      (fields === undefined ? '' : ',"fields":' + fields) +
      '}'
    );
  }
}

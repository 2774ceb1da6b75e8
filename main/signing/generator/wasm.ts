// Just enough of the WebAssembly binary format (core 1.0 with bulk memory
// and fixed-width SIMD) to write one module of straight-line functions:
// instruction bytes, function bodies and the sections around them.

export type Bytes = number[];

/** Unsigned LEB128. */
export function uleb(value: number): Bytes {
  const out: Bytes = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): Bytes {
  const out: Bytes = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export const I32 = 0x7f;
export const V128 = 0x7b;

const SIMD = 0xfd;
const simd = (op: number): Bytes => [SIMD, ...uleb(op)];
const memarg = (align: number, offset: number): Bytes => [...uleb(align), ...uleb(offset)];

/** Instructions, each as its bytes. */
export const op = {
  localGet: (i: number): Bytes => [0x20, ...uleb(i)],
  localSet: (i: number): Bytes => [0x21, ...uleb(i)],
  localTee: (i: number): Bytes => [0x22, ...uleb(i)],
  call: (f: number): Bytes => [0x10, ...uleb(f)],
  block: (): Bytes => [0x02, 0x40],
  loop: (): Bytes => [0x03, 0x40],
  end: (): Bytes => [0x0b],
  br: (depth: number): Bytes => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...uleb(depth)],
  i32Const: (v: number): Bytes => [0x41, ...sleb(v)],
  i32Load: (offset = 0): Bytes => [0x28, ...memarg(2, offset)],
  i32Store: (offset = 0): Bytes => [0x36, ...memarg(2, offset)],
  i32Store8: (offset = 0): Bytes => [0x3a, ...memarg(0, offset)],
  i32GtU: [0x4b],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32And: [0x71],
  i32Or: [0x72],
  i32Xor: [0x73],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  i32Rotl: [0x77],
  i32Rotr: [0x78],
  select: [0x1b],
  /** memory.fill: [dest, value, count] -> [] */
  memoryFill: [0xfc, ...uleb(11), 0x00],
  v128Load: (offset = 0): Bytes => [...simd(0x00), ...memarg(4, offset)],
  v128Const: (lanes: readonly number[]): Bytes => {
    const bytes: Bytes = [];
    for (const lane of lanes)
      bytes.push(lane & 0xff, (lane >>> 8) & 0xff, (lane >>> 16) & 0xff, lane >>> 24);
    return [...simd(0x0c), ...bytes];
  },
  i8x16Shuffle: (lanes: readonly number[]): Bytes => [...simd(0x0d), ...lanes],
  i32x4Splat: simd(0x11),
  i32x4ExtractLane: (lane: number): Bytes => [...simd(0x1b), lane],
  i32x4ReplaceLane: (lane: number): Bytes => [...simd(0x1c), lane],
  i32x4Eq: simd(0x37),
  v128And: simd(0x4e),
  v128Or: simd(0x50),
  v128Xor: simd(0x51),
  v128Bitselect: simd(0x52),
  i32x4Shl: simd(0xab),
  i32x4ShrU: simd(0xad),
  i32x4Add: simd(0xae),
};

export interface FunctionDef {
  name: string | null;
  params: number[];
  results: number[];
  /** Local types after the parameters, in order. */
  locals: number[];
  body: Bytes;
}

function vec(items: Bytes[]): Bytes {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, content: Bytes): Bytes {
  return [id, ...uleb(content.length), ...content];
}

function name(text: string): Bytes {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

/** A module with one memory of `pages` 64 KiB pages, exported as `memory`, and the functions in order. */
export function wasmModule(pages: number, functions: readonly FunctionDef[]): Uint8Array {
  const types = functions.map((f) => [
    0x60,
    ...vec(f.params.map((t) => [t])),
    ...vec(f.results.map((t) => [t])),
  ]);
  const exports = [[...name('memory'), 0x02, 0x00]];
  functions.forEach((f, i) => {
    if (f.name !== null) exports.push([...name(f.name), 0x00, ...uleb(i)]);
  });
  const bodies = functions.map((f) => {
    // Runs of one type, as the format groups locals.
    const groups: Bytes[] = [];
    for (let i = 0; i < f.locals.length;) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      groups.push([...uleb(j - i), f.locals[i]!]);
      i = j;
    }
    const code = [...vec(groups), ...f.body, ...op.end()];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}

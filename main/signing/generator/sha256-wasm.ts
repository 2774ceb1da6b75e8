// Writes the WebAssembly SHA-256 behind frame signatures (FIPS 180-4),
// every round unrolled, for messages that start with a fixed 32-byte
// prefix (the signing key):
//
//   init()                 rounds 0-7 of the first block read only the
//                          prefix: run them once per key into STATE
//   hash(len)              the message at MESSAGE, `len` bytes with the
//                          prefix; its digest, big-endian, at DIGEST
//   hash4(l0, l1, l2, l3)  four messages at once, one per SIMD lane, each
//                          in its own area from LANES; digests at DIGESTS
//
// Both pad the messages themselves. Lanes of fewer blocks than the longest
// run on over bytes past their padding, and keep the state they had after
// their own last block.

import { I32, V128, op, wasmModule, type Bytes, type FunctionDef } from './wasm';

/** Where things are in the module's one page of memory. */
export const LAYOUT = {
  /** Working variables after rounds 0-7 of the first block, 8 little-endian words. */
  STATE: 0,
  /** hash(): the digest, 32 bytes. */
  DIGEST: 64,
  /** hash4(): lane k's digest at DIGESTS + 32k. */
  DIGESTS: 128,
  /** hash(): the message, prefix first. */
  MESSAGE: 1024,
  /** hash4(): lane k's message at LANES + AREA * k. */
  LANES: 2048,
  /** Bytes of one message area: the longest message is AREA - 9 (padding takes 9 at least). */
  AREA: 512,
  PREFIX: 32,
  LANE_COUNT: 4,
} as const;

// prettier-ignore
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
// prettier-ignore
const IV = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const PREFIX_ROUNDS = LAYOUT.PREFIX / 4;
const PAD = 0; // function indices
const INIT = 1;
const HASH = 2;
const HASH4 = 3;

/** The arithmetic both flavours need, over one lane (i32) or four (v128). */
interface Flavour {
  rotr(x: number, n: number): Bytes;
  shr(x: number, n: number): Bytes;
  add: Bytes;
  xor: Bytes;
  /** Ch(e, f, g) */
  choose(e: number, f: number, g: number): Bytes;
  /** Maj(a, b, c) */
  majority(a: number, b: number, c: number): Bytes;
  constant(value: number): Bytes;
}

const scalar: Flavour = {
  rotr: (x, n) => [...op.localGet(x), ...op.i32Const(n), ...op.i32Rotr],
  shr: (x, n) => [...op.localGet(x), ...op.i32Const(n), ...op.i32ShrU],
  add: op.i32Add,
  xor: op.i32Xor,
  choose: (e, f, g) => [
    ...op.localGet(g),
    ...op.localGet(e),
    ...op.localGet(f),
    ...op.localGet(g),
    ...op.i32Xor,
    ...op.i32And,
    ...op.i32Xor,
  ],
  majority: (a, b, c) => [
    ...op.localGet(a),
    ...op.localGet(b),
    ...op.i32And,
    ...op.localGet(c),
    ...op.localGet(a),
    ...op.localGet(b),
    ...op.i32Xor,
    ...op.i32And,
    ...op.i32Xor,
  ],
  constant: (value) => op.i32Const(value),
};

const lanes: Flavour = {
  rotr: (x, n) => [
    ...op.localGet(x),
    ...op.i32Const(n),
    ...op.i32x4ShrU,
    ...op.localGet(x),
    ...op.i32Const(32 - n),
    ...op.i32x4Shl,
    ...op.v128Or,
  ],
  shr: (x, n) => [...op.localGet(x), ...op.i32Const(n), ...op.i32x4ShrU],
  add: op.i32x4Add,
  xor: op.v128Xor,
  // bitselect(v1, v2, c) takes v1's bits where c is 1.
  choose: (e, f, g) => [
    ...op.localGet(f),
    ...op.localGet(g),
    ...op.localGet(e),
    ...op.v128Bitselect,
  ],
  // Where a and b differ the majority is c, elsewhere a.
  majority: (a, b, c) => [
    ...op.localGet(c),
    ...op.localGet(a),
    ...op.localGet(a),
    ...op.localGet(b),
    ...op.v128Xor,
    ...op.v128Bitselect,
  ],
  constant: (value) => op.v128Const([value, value, value, value]),
};

/** Local indices a function's rounds work on. */
interface Registers {
  /** a..h */
  vars: number[];
  /** The 16-word message window. */
  w: number[];
  t1: number;
}

function sigma(f: Flavour, x: number, r1: number, r2: number, last: number, shift: boolean): Bytes {
  return [
    ...f.rotr(x, r1),
    ...f.rotr(x, r2),
    ...f.xor,
    ...(shift ? f.shr(x, last) : f.rotr(x, last)),
    ...f.xor,
  ];
}

/** Rounds [from, to); the count is a multiple of 8, so a..h end in the locals they started in. */
function rounds(f: Flavour, r: Registers, from: number, to: number): Bytes {
  const out: Bytes = [];
  let roles = r.vars.slice();
  for (let i = from; i < to; i++) {
    const [a, b, c, d, e, ff, g, h] = roles as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const w = r.w[i % 16]!;
    if (i >= 16) {
      // w[i] = σ1(w[i-2]) + w[i-7] + σ0(w[i-15]) + w[i-16]; the window slot holds w[i-16].
      out.push(
        ...sigma(f, r.w[(i - 2) % 16]!, 17, 19, 10, true),
        ...op.localGet(r.w[(i - 7) % 16]!),
        ...f.add,
        ...sigma(f, r.w[(i - 15) % 16]!, 7, 18, 3, true),
        ...f.add,
        ...op.localGet(w),
        ...f.add,
        ...op.localSet(w),
      );
    }
    out.push(
      ...op.localGet(h),
      ...sigma(f, e, 6, 11, 25, false),
      ...f.add,
      ...f.choose(e, ff, g),
      ...f.add,
      ...f.constant(K[i]!),
      ...f.add,
      ...op.localGet(w),
      ...f.add,
      ...op.localTee(r.t1),
      ...op.localGet(d),
      ...f.add,
      ...op.localSet(d),
      ...op.localGet(r.t1),
      ...sigma(f, a, 2, 13, 22, false),
      ...f.add,
      ...f.majority(a, b, c),
      ...f.add,
      ...op.localSet(h),
    );
    roles = [h, a, b, c, d, e, ff, g];
  }
  return out;
}

/** Byte-swaps the i32 on the stack, through `tmp`. */
function bswap(tmp: number): Bytes {
  return [
    ...op.localTee(tmp),
    ...op.i32Const(0x00ff00ff),
    ...op.i32And,
    ...op.i32Const(8),
    ...op.i32Rotr,
    ...op.localGet(tmp),
    ...op.i32Const(0xff00ff00 | 0),
    ...op.i32And,
    ...op.i32Const(8),
    ...op.i32Rotl,
    ...op.i32Or,
  ];
}

/** pad(area, len) -> blocks: the 0x80 byte, zeros and the bit length after the message. */
function padFunction(): FunctionDef {
  const [area, len, end, p, tmp] = [0, 1, 2, 3, 4];
  return {
    name: null,
    params: [I32, I32],
    results: [I32],
    locals: [I32, I32, I32],
    body: [
      ...op.localGet(area),
      ...op.localGet(len),
      ...op.i32Add,
      ...op.localTee(p),
      ...op.i32Const(0x80),
      ...op.i32Store8(),
      // end = area + ceil((len + 9) / 64) * 64
      ...op.localGet(area),
      ...op.localGet(len),
      ...op.i32Const(72),
      ...op.i32Add,
      ...op.i32Const(~63),
      ...op.i32And,
      ...op.i32Add,
      ...op.localSet(end),
      // Zeros up to the last 4 bytes (the high half of the 64-bit length is 0).
      ...op.localGet(p),
      ...op.i32Const(1),
      ...op.i32Add,
      ...op.i32Const(0),
      ...op.localGet(end),
      ...op.localGet(p),
      ...op.i32Sub,
      ...op.i32Const(5),
      ...op.i32Sub,
      ...op.memoryFill,
      ...op.localGet(end),
      ...op.i32Const(4),
      ...op.i32Sub,
      ...op.localGet(len),
      ...op.i32Const(3),
      ...op.i32Shl,
      ...bswap(tmp),
      ...op.i32Store(),
      ...op.localGet(len),
      ...op.i32Const(72),
      ...op.i32Add,
      ...op.i32Const(6),
      ...op.i32ShrU,
    ],
  };
}

function scalarLocals(): {
  regs: Registers;
  h: number[];
  tmp: number;
  ptr: number;
  end: number;
  count: number;
} {
  // 0 is the parameter of hash(); init() has none but shares the layout.
  const vars = [1, 2, 3, 4, 5, 6, 7, 8];
  const h = [9, 10, 11, 12, 13, 14, 15, 16];
  const w = Array.from({ length: 16 }, (_, i) => 17 + i);
  return { regs: { vars, w, t1: 33 }, h, tmp: 34, ptr: 35, end: 36, count: 37 };
}

function loadWords(regs: Registers, ptr: number, tmp: number): Bytes {
  return regs.w.flatMap((w, j) => [
    ...op.localGet(ptr),
    ...op.i32Load(4 * j),
    ...bswap(tmp),
    ...op.localSet(w),
  ]);
}

function initFunction(): FunctionDef {
  const l = scalarLocals();
  return {
    name: 'init',
    params: [],
    results: [],
    locals: Array<number>(l.count).fill(I32),
    body: [
      ...op.i32Const(LAYOUT.MESSAGE),
      ...op.localSet(l.ptr),
      ...loadWords(l.regs, l.ptr, l.tmp),
      ...l.regs.vars.flatMap((v, k) => [...op.i32Const(IV[k]! | 0), ...op.localSet(v)]),
      ...rounds(scalar, l.regs, 0, PREFIX_ROUNDS),
      ...l.regs.vars.flatMap((v, k) => [
        ...op.i32Const(0),
        ...op.localGet(v),
        ...op.i32Store(LAYOUT.STATE + 4 * k),
      ]),
    ],
  };
}

function hashFunction(): FunctionDef {
  const l = scalarLocals();
  const { regs, h } = l;
  const addInto = (targets: number[], sources: number[]): Bytes =>
    targets.flatMap((t, k) => [
      ...op.localGet(t),
      ...op.localGet(sources[k]!),
      ...op.i32Add,
      ...op.localSet(t),
    ]);
  return {
    name: 'hash',
    params: [I32],
    results: [],
    locals: Array<number>(l.count - 1).fill(I32),
    body: [
      ...op.i32Const(LAYOUT.MESSAGE),
      ...op.localGet(0),
      ...op.call(PAD),
      ...op.i32Const(6),
      ...op.i32Shl,
      ...op.i32Const(LAYOUT.MESSAGE),
      ...op.i32Add,
      ...op.localSet(l.end),
      ...op.i32Const(LAYOUT.MESSAGE),
      ...op.localSet(l.ptr),
      ...loadWords(regs, l.ptr, l.tmp),
      ...regs.vars.flatMap((v, k) => [
        ...op.i32Const(0),
        ...op.i32Load(LAYOUT.STATE + 4 * k),
        ...op.localSet(v),
      ]),
      ...rounds(scalar, regs, PREFIX_ROUNDS, 64),
      ...h.flatMap((t, k) => [
        ...op.localGet(regs.vars[k]!),
        ...op.i32Const(IV[k]! | 0),
        ...op.i32Add,
        ...op.localSet(t),
      ]),
      ...op.localGet(l.ptr),
      ...op.i32Const(64),
      ...op.i32Add,
      ...op.localSet(l.ptr),
      ...op.block(),
      ...op.loop(),
      ...op.localGet(l.ptr),
      ...op.localGet(l.end),
      ...op.i32GeU,
      ...op.brIf(1),
      ...loadWords(regs, l.ptr, l.tmp),
      ...regs.vars.flatMap((v, k) => [...op.localGet(h[k]!), ...op.localSet(v)]),
      ...rounds(scalar, regs, 0, 64),
      ...addInto(h, regs.vars),
      ...op.localGet(l.ptr),
      ...op.i32Const(64),
      ...op.i32Add,
      ...op.localSet(l.ptr),
      ...op.br(0),
      ...op.end(),
      ...op.end(),
      ...h.flatMap((t, k) => [
        ...op.i32Const(0),
        ...op.localGet(t),
        ...bswap(l.tmp),
        ...op.i32Store(LAYOUT.DIGEST + 4 * k),
      ]),
    ],
  };
}

function hash4Function(): FunctionDef {
  // Parameters 0-3: the lengths. Then i32 locals, then v128 locals.
  const [block, max, p, tmp] = [4, 5, 6, 7];
  let next = 8;
  const take = (n: number) => Array.from({ length: n }, () => next++);
  const vars = take(8);
  const h = take(8);
  const final = take(8);
  const w = take(16);
  const [t1, last, mask] = take(3);
  const r = take(4);
  const s = take(4);
  const regs: Registers = { vars, w, t1: t1! };
  const laneArea = (k: number) => LAYOUT.LANES + LAYOUT.AREA * k;

  // Word 4q+j of every lane: each lane's 16 bytes, then a 4x4 transpose
  // whose shuffles also put every word's bytes in big-endian order.
  const loadWords4 = (): Bytes => {
    const out: Bytes = [];
    const rev = (word: number, second: boolean) =>
      [3, 2, 1, 0].map((i) => 4 * word + i + (second ? 16 : 0));
    const low = [...rev(0, false), ...rev(0, true), ...rev(1, false), ...rev(1, true)];
    const high = [...rev(2, false), ...rev(2, true), ...rev(3, false), ...rev(3, true)];
    const first = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
    const second = first.map((i) => i + 8);
    for (let q = 0; q < 4; q++) {
      for (let k = 0; k < 4; k++)
        out.push(...op.localGet(p), ...op.v128Load(laneArea(k) + 16 * q), ...op.localSet(r[k]!));
      const pair = (x: number, y: number, lanes: number[], into: number) =>
        out.push(
          ...op.localGet(x),
          ...op.localGet(y),
          ...op.i8x16Shuffle(lanes),
          ...op.localSet(into),
        );
      pair(r[0]!, r[1]!, low, s[0]!);
      pair(r[0]!, r[1]!, high, s[1]!);
      pair(r[2]!, r[3]!, low, s[2]!);
      pair(r[2]!, r[3]!, high, s[3]!);
      pair(s[0]!, s[2]!, first, w[4 * q]!);
      pair(s[0]!, s[2]!, second, w[4 * q + 1]!);
      pair(s[1]!, s[3]!, first, w[4 * q + 2]!);
      pair(s[1]!, s[3]!, second, w[4 * q + 3]!);
    }
    return out;
  };
  // Lanes whose last block this is keep the state.
  const keepFinished = (): Bytes => [
    ...op.localGet(last!),
    ...op.localGet(block),
    ...op.i32x4Splat,
    ...op.i32x4Eq,
    ...op.localSet(mask!),
    ...h.flatMap((t, k) => [
      ...op.localGet(t),
      ...op.localGet(final[k]!),
      ...op.localGet(mask!),
      ...op.v128Bitselect,
      ...op.localSet(final[k]!),
    ]),
  ];

  const body: Bytes = [];
  for (let k = 0; k < 4; k++) {
    body.push(...op.i32Const(laneArea(k)), ...op.localGet(k), ...op.call(PAD), ...op.localTee(tmp));
    body.push(...op.i32Const(1), ...op.i32Sub);
    if (k === 0) {
      body.push(...op.i32x4Splat, ...op.localSet(last!), ...op.localGet(tmp), ...op.localSet(max));
    } else {
      body.push(
        ...op.localSet(block),
        ...op.localGet(last!),
        ...op.localGet(block),
        ...op.i32x4ReplaceLane(k),
        ...op.localSet(last!),
      );
      body.push(
        ...op.localGet(tmp),
        ...op.localGet(max),
        ...op.localGet(tmp),
        ...op.localGet(max),
        ...op.i32GtU,
        ...op.select,
        ...op.localSet(max),
      );
    }
  }
  body.push(...op.i32Const(0), ...op.localSet(p), ...op.i32Const(0), ...op.localSet(block));
  body.push(...loadWords4());
  body.push(
    ...vars.flatMap((v, k) => [
      ...op.i32Const(0),
      ...op.i32Load(LAYOUT.STATE + 4 * k),
      ...op.i32x4Splat,
      ...op.localSet(v),
    ]),
  );
  body.push(...rounds(lanes, regs, PREFIX_ROUNDS, 64));
  body.push(
    ...h.flatMap((t, k) => [
      ...op.localGet(vars[k]!),
      ...lanes.constant(IV[k]!),
      ...op.i32x4Add,
      ...op.localSet(t),
    ]),
  );
  body.push(...keepFinished());
  body.push(
    ...op.block(),
    ...op.loop(),
    ...op.localGet(block),
    ...op.i32Const(1),
    ...op.i32Add,
    ...op.localTee(block),
    ...op.localGet(max),
    ...op.i32GeU,
    ...op.brIf(1),
    ...op.localGet(p),
    ...op.i32Const(64),
    ...op.i32Add,
    ...op.localSet(p),
    ...loadWords4(),
    ...vars.flatMap((v, k) => [...op.localGet(h[k]!), ...op.localSet(v)]),
    ...rounds(lanes, regs, 0, 64),
    ...h.flatMap((t, k) => [
      ...op.localGet(t),
      ...op.localGet(vars[k]!),
      ...op.i32x4Add,
      ...op.localSet(t),
    ]),
    ...keepFinished(),
    ...op.br(0),
    ...op.end(),
    ...op.end(),
  );
  for (let k = 0; k < 4; k++) {
    for (let j = 0; j < 8; j++) {
      body.push(
        ...op.i32Const(0),
        ...op.localGet(final[j]!),
        ...op.i32x4ExtractLane(k),
        ...bswap(tmp),
        ...op.i32Store(LAYOUT.DIGESTS + 32 * k + 4 * j),
      );
    }
  }
  return {
    name: 'hash4',
    params: [I32, I32, I32, I32],
    results: [],
    locals: [...Array<number>(4).fill(I32), ...Array<number>(next - 8).fill(V128)],
    body,
  };
}

/** The module's bytes. */
export function sha256Wasm(): Uint8Array {
  const functions = [padFunction(), initFunction(), hashFunction(), hash4Function()];
  if (
    functions[INIT]!.name !== 'init' ||
    functions[HASH]!.name !== 'hash' ||
    functions[HASH4]!.name !== 'hash4'
  ) {
    throw new Error('function order');
  }
  return wasmModule(1, functions);
}

// SHA-256 (FIPS 180-4) of a 32-byte secret followed by a message, in a
// WebAssembly module written by main/signing/generator: every round
// unrolled, the padding done in place, and nothing allocated per hash.
// One instance per key, each with its own page of memory.
//
// Rounds 0-7 of the first block read only message words 0-7, which are
// the secret: their result is computed once per key. `hash4` hashes four
// messages at once, one per SIMD lane, at a little over the cost of one.
//
// Why not node:crypto: its one-shot hash allocates a digest per call, and
// for messages of two blocks (frames up to 93 bytes, nearly all telemetry)
// the call costs more than the hashing.

import { LAYOUT, SHA256_WASM_BASE64 } from './sha256-module';

export const PREFIX_LENGTH = LAYOUT.PREFIX;
/** The longest message, prefix included: its area less the 9 bytes padding takes at least. */
export const MAX_MESSAGE_LENGTH = LAYOUT.AREA - 9;
export const LANES = LAYOUT.LANE_COUNT;

interface Exports {
  memory: { buffer: ArrayBuffer };
  init(): void;
  hash(length: number): void;
  hash4(l0: number, l1: number, l2: number, l3: number): void;
}

// The part of the WebAssembly API used here (Node's type definitions leave it out).
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WasmApi };

let compiled: object | undefined;

function instantiate(): Exports {
  compiled ??= new wasmApi.Module(Buffer.from(SHA256_WASM_BASE64, 'base64'));
  return new wasmApi.Instance(compiled).exports as Exports;
}

export class PrefixedSha256 {
  /**
   * The message: the prefix at [0, 32), the caller's bytes from 32 on. Bytes
   * past the message length are scratch (hashing writes the padding there).
   */
  readonly input: Uint8Array;
  /** The last digest of `hash`, 32 bytes. */
  readonly digest: Uint8Array;
  /** `hash4`'s messages, laid out as `input`. */
  readonly laneInputs: readonly Uint8Array[];
  /** `hash4`'s digests. */
  readonly laneDigests: readonly Uint8Array[];
  private readonly wasm: Exports;

  /** `maxLength`: the longest message, prefix included (at most MAX_MESSAGE_LENGTH). */
  constructor(
    prefix: Uint8Array,
    readonly maxLength: number = MAX_MESSAGE_LENGTH,
  ) {
    if (prefix.length !== PREFIX_LENGTH) throw new RangeError('the prefix must be 32 bytes');
    if (!(maxLength >= PREFIX_LENGTH && maxLength <= MAX_MESSAGE_LENGTH)) {
      throw new RangeError(`messages can be ${PREFIX_LENGTH}..${MAX_MESSAGE_LENGTH} bytes`);
    }
    this.wasm = instantiate();
    const memory = new Uint8Array(this.wasm.memory.buffer);
    const area = (at: number) => memory.subarray(at, at + LAYOUT.AREA);
    this.input = area(LAYOUT.MESSAGE);
    this.digest = memory.subarray(LAYOUT.DIGEST, LAYOUT.DIGEST + 32);
    this.laneInputs = Array.from({ length: LANES }, (_, k) => area(LAYOUT.LANES + LAYOUT.AREA * k));
    this.laneDigests = Array.from({ length: LANES }, (_, k) =>
      memory.subarray(LAYOUT.DIGESTS + 32 * k, LAYOUT.DIGESTS + 32 * k + 32),
    );
    this.input.set(prefix);
    for (const lane of this.laneInputs) lane.set(prefix);
    this.wasm.init();
  }

  /** Hashes `input[0, length)` (length ≥ 32, within the size given) into `digest`. */
  hash(length: number): Uint8Array {
    this.check(length);
    this.wasm.hash(length);
    return this.digest;
  }

  /** Hashes `laneInputs[k][0, lengths k)` into `laneDigests[k]`, for all four at once. */
  hash4(l0: number, l1: number, l2: number, l3: number): void {
    this.check(l0);
    this.check(l1);
    this.check(l2);
    this.check(l3);
    this.wasm.hash4(l0, l1, l2, l3);
  }

  private check(length: number): void {
    // The module trusts its lengths: one past its area would hash a neighbour's bytes.
    if (!(length >= PREFIX_LENGTH && length <= this.maxLength)) {
      throw new RangeError(
        `message length ${length} is outside ${PREFIX_LENGTH}..${this.maxLength}`,
      );
    }
  }
}

// Adding and removing the 13-byte signature block of a MAVLink 2 frame. The
// checksum covers incompat_flags, so changing the signed flag means
// recomputing it, which takes the message's CRC_EXTRA: from the dialect, or
// for a message the dialect does not know, recovered from the frame's own
// checksum.

import { crcAccumulate, crcBytes } from '../mavlink/crc';
import type { MessageDef } from '../mavlink/definition';
import {
  CHECKSUM_LENGTH,
  HEADER_V2,
  INCOMPAT_SIGNED,
  MAGIC_V2,
  SIGNATURE_LENGTH,
} from '../mavlink/frame';
import { MAC_LENGTH } from './frame-mac';

function checkV2(frame: Uint8Array, signed: boolean, def: MessageDef | undefined): void {
  if (frame[0] !== MAGIC_V2) throw new TypeError('not a MAVLink 2 frame');
  const msgid = frame[7]! | (frame[8]! << 8) | (frame[9]! << 16);
  if (def !== undefined && def.id !== msgid) {
    throw new TypeError(`the frame is message ${msgid}, the definition is ${def.name} (${def.id})`);
  }
  const expected = HEADER_V2 + frame[1]! + CHECKSUM_LENGTH + (signed ? SIGNATURE_LENGTH : 0);
  const isSigned = (frame[2]! & INCOMPAT_SIGNED) !== 0;
  if (isSigned !== signed) throw new TypeError(`the frame is ${isSigned ? '' : 'not '}signed`);
  if (frame.length !== expected) {
    throw new RangeError(`the frame is ${frame.length} bytes, its header says ${expected}`);
  }
}

/**
 * The CRC_EXTRA that makes a MAVLink 2 frame's checksum come out right, or
 * undefined if none does (the frame is damaged). The checksum's last step
 * folds CRC_EXTRA in one-to-one, so at most one value fits; a damaged frame
 * fits none 255 times in 256. A checksum rebuilt with the recovered value
 * is therefore right exactly when the original was.
 */
export function recoverCrcExtra(frame: Uint8Array): number | undefined {
  const crcAt = HEADER_V2 + frame[1]!;
  const partial = crcBytes(frame, 1, crcAt);
  const stored = frame[crcAt]! | (frame[crcAt + 1]! << 8);
  for (let extra = 0; extra < 256; extra++) {
    if (crcAccumulate(extra, partial) === stored) return extra;
  }
  return undefined;
}

/** Writes the checksum of `out[at + 1, at + crcAt)` plus CRC_EXTRA at `at + crcAt`. */
function checksumAt(out: Uint8Array, at: number, crcAt: number, crcExtra: number): void {
  const crc = crcAccumulate(crcExtra, crcBytes(out, at + 1, at + crcAt));
  out[at + crcAt] = crc & 0xff;
  out[at + crcAt + 1] = crc >> 8;
}

/**
 * Writes an unsigned MAVLink 2 frame into `out` at `at` with INCOMPAT_SIGNED
 * set, its checksum recomputed and 13 zero bytes appended, ready for
 * `signFrame`; returns the bytes written (the frame's length + 13). Without
 * a definition, CRC_EXTRA is recovered from the frame; a damaged frame (no
 * CRC_EXTRA fits) throws and writes nothing.
 */
export function writeWithSignatureBlock(
  frame: Uint8Array,
  def: MessageDef | undefined,
  out: Uint8Array,
  at: number,
): number {
  checkV2(frame, false, def);
  const crcExtra = def?.crcExtra ?? recoverCrcExtra(frame);
  if (crcExtra === undefined) throw new RangeError('the checksum fits no CRC_EXTRA: damaged frame');
  const length = frame.length + SIGNATURE_LENGTH;
  if (at + length > out.length) throw new RangeError('no room for the signed frame');
  out.set(frame, at);
  out[at + 2] = frame[2]! | INCOMPAT_SIGNED;
  checksumAt(out, at, HEADER_V2 + frame[1]!, crcExtra);
  out.fill(0, at + frame.length, at + length);
  return length;
}

/** A copy of an unsigned MAVLink 2 frame made ready for `signFrame` (see writeWithSignatureBlock). */
export function withSignatureBlock(frame: Uint8Array, def: MessageDef | undefined): Uint8Array {
  const out = new Uint8Array(frame.length + SIGNATURE_LENGTH);
  writeWithSignatureBlock(frame, def, out, 0);
  return out;
}

export type Unsigned =
  /** Flag cleared, block dropped, checksum recomputed: an ordinary unsigned frame. */
  | { readonly kind: 'stripped'; readonly frame: Uint8Array }
  /**
   * An unknown message whose checksum fits no CRC_EXTRA (damaged), so no
   * checksum could be rebuilt: the frame keeps its flag and length but its
   * 6 signature bytes are zeroed, so nothing that lets anyone test a
   * guessed passphrase remains.
   */
  | { readonly kind: 'redacted'; readonly frame: Uint8Array };

/**
 * Writes a signed MAVLink 2 frame without its signature into `out` at `at`
 * (for logs that may be shared): `stripped` wrote the frame's length - 13
 * bytes, `redacted` (see Unsigned) its whole length.
 */
export function writeWithoutSignature(
  frame: Uint8Array,
  def: MessageDef | undefined,
  out: Uint8Array,
  at: number,
): Unsigned['kind'] {
  checkV2(frame, true, def);
  const crcExtra = def?.crcExtra ?? recoverCrcExtra(frame);
  const length = crcExtra === undefined ? frame.length : frame.length - SIGNATURE_LENGTH;
  if (at + length > out.length) throw new RangeError('no room for the unsigned frame');
  // A byte loop: a subarray() of the frame would allocate a view.
  for (let i = 0; i < length; i++) out[at + i] = frame[i]!;
  if (crcExtra === undefined) {
    out.fill(0, at + length - MAC_LENGTH, at + length);
    return 'redacted';
  }
  out[at + 2] = frame[2]! & ~INCOMPAT_SIGNED;
  checksumAt(out, at, HEADER_V2 + frame[1]!, crcExtra);
  return 'stripped';
}

/** A copy of a signed MAVLink 2 frame without its signature (for logs that may be shared). */
export function removeSignature(frame: Uint8Array, def: MessageDef | undefined): Unsigned {
  checkV2(frame, true, def);
  const damaged = def === undefined && recoverCrcExtra(frame) === undefined;
  const out = new Uint8Array(damaged ? frame.length : frame.length - SIGNATURE_LENGTH);
  const kind = writeWithoutSignature(frame, def, out, 0);
  return { kind, frame: out } as Unsigned;
}

// MAVLink v1/v2 frame layout and the one function that decides whether a
// frame starts at a given byte. The parser and the tlog reader share it.

import { crcBytes, crcAccumulate } from './crc';
import type { MessageDef } from './definition';

export const MAGIC_V1 = 0xfe;
export const MAGIC_V2 = 0xfd;
export const HEADER_V1 = 6; // magic, len, seq, sysid, compid, msgid
export const HEADER_V2 = 10; // magic, len, incompat, compat, seq, sysid, compid, msgid(3)
export const CHECKSUM_LENGTH = 2;
export const SIGNATURE_LENGTH = 13; // link id (1), timestamp (6), signature (6)
export const INCOMPAT_SIGNED = 0x01;
/** Incompat flags this implementation understands; a frame with any other is dropped. */
export const KNOWN_INCOMPAT = INCOMPAT_SIGNED;
/** The longest possible frame: v2, 255-byte payload, signed. */
export const MAX_FRAME_LENGTH = HEADER_V2 + 255 + CHECKSUM_LENGTH + SIGNATURE_LENGTH;

/** Looks up message definitions by id; the generated dialect provides one. */
export interface MessageLookup {
  byId(id: number): MessageDef | undefined;
}

/**
 * A frame found in a byte buffer. The parser reuses one instance per
 * stream, so the fields and `buffer` are valid only during the callback
 * that receives it; `copyFrame` makes a lasting copy.
 */
export class FrameView {
  buffer: Uint8Array = new Uint8Array(0);
  /** Offset of the start marker in `buffer`. */
  offset = 0;
  /** Whole frame length, signature included. */
  length = 0;
  version: 1 | 2 = 2;
  payloadLength = 0;
  incompatFlags = 0;
  compatFlags = 0;
  seq = 0;
  sysid = 0;
  compid = 0;
  msgid = 0;
  /** The dialect's definition, or undefined for an id it does not know (CRC unchecked). */
  def: MessageDef | undefined = undefined;

  get payloadOffset(): number {
    return this.offset + (this.version === 2 ? HEADER_V2 : HEADER_V1);
  }

  get signed(): boolean {
    return (this.incompatFlags & INCOMPAT_SIGNED) !== 0;
  }

  /** The frame's bytes as a view (no copy). */
  bytes(): Uint8Array {
    return this.buffer.subarray(this.offset, this.offset + this.length);
  }
}

/** A frame detached from the parser's buffer, safe to keep. */
export function copyFrame(frame: FrameView): FrameView {
  const copy = new FrameView();
  // new Uint8Array(view) copies; Buffer#slice would only make another view.
  copy.buffer = new Uint8Array(frame.buffer.subarray(frame.offset, frame.offset + frame.length));
  copy.offset = 0;
  copy.length = frame.length;
  copy.version = frame.version;
  copy.payloadLength = frame.payloadLength;
  copy.incompatFlags = frame.incompatFlags;
  copy.compatFlags = frame.compatFlags;
  copy.seq = frame.seq;
  copy.sysid = frame.sysid;
  copy.compid = frame.compid;
  copy.msgid = frame.msgid;
  copy.def = frame.def;
  return copy;
}

/** Outcomes of `probeFrame` other than a frame length. */
export const NEED_MORE = -1;
export const INVALID = 0;
export const BAD_CRC = -2;

/**
 * Decides whether a frame starts at `buffer[pos]` (a start marker).
 * Returns the frame's length (and fills `out`), NEED_MORE when the answer
 * depends on bytes not yet received, BAD_CRC for a known message whose
 * checksum fails, or INVALID. With `final`, missing bytes mean INVALID.
 *
 * A frame of an unknown message id has no checksum to check, so a false
 * start marker in garbage would look like one and could swallow the real
 * frames behind it. Such a candidate is accepted only when no frame of a
 * known id with a good checksum starts inside it.
 */
export function probeFrame(
  buffer: Uint8Array,
  pos: number,
  end: number,
  final: boolean,
  lookup: MessageLookup,
  out: FrameView | null,
  allowUnknown = true,
): number {
  const magic = buffer[pos];
  const available = end - pos;
  let headerLength: number;
  if (magic === MAGIC_V2) headerLength = HEADER_V2;
  else if (magic === MAGIC_V1) headerLength = HEADER_V1;
  else return INVALID;
  if (available < headerLength) return final ? INVALID : NEED_MORE;

  const payloadLength = buffer[pos + 1]!;
  let incompat = 0;
  let msgid: number;
  if (magic === MAGIC_V2) {
    incompat = buffer[pos + 2]!;
    if ((incompat & ~KNOWN_INCOMPAT) !== 0) return INVALID;
    msgid = buffer[pos + 7]! | (buffer[pos + 8]! << 8) | (buffer[pos + 9]! << 16);
  } else {
    msgid = buffer[pos + 5]!;
  }
  const def = lookup.byId(msgid);
  if (def === undefined && !allowUnknown) return INVALID;

  const crcAt = pos + headerLength + payloadLength;
  const length =
    headerLength +
    payloadLength +
    CHECKSUM_LENGTH +
    ((incompat & INCOMPAT_SIGNED) !== 0 ? SIGNATURE_LENGTH : 0);
  if (available < length) return final ? INVALID : NEED_MORE;

  if (def !== undefined) {
    const crc = crcAccumulate(def.crcExtra, crcBytes(buffer, pos + 1, crcAt));
    if (crc !== (buffer[crcAt]! | (buffer[crcAt + 1]! << 8))) return BAD_CRC;
  } else {
    const verdict = probeUnknown(buffer, pos, end, final, lookup, crcAt, length);
    if (verdict !== length) return verdict;
  }

  if (out !== null) {
    out.buffer = buffer;
    out.offset = pos;
    out.length = length;
    out.payloadLength = payloadLength;
    out.incompatFlags = incompat;
    out.msgid = msgid;
    out.def = def;
    if (magic === MAGIC_V2) {
      out.version = 2;
      out.compatFlags = buffer[pos + 3]!;
      out.seq = buffer[pos + 4]!;
      out.sysid = buffer[pos + 5]!;
      out.compid = buffer[pos + 6]!;
    } else {
      out.version = 1;
      out.compatFlags = 0;
      out.seq = buffer[pos + 2]!;
      out.sysid = buffer[pos + 3]!;
      out.compid = buffer[pos + 4]!;
    }
  }
  return length;
}

/**
 * The frame of an unknown id at `pos`: `length` if it stands, else INVALID
 * or NEED_MORE. Apart from probeFrame, which stays small for the known ids
 * nearly every frame has.
 */
function probeUnknown(
  buffer: Uint8Array,
  pos: number,
  end: number,
  final: boolean,
  lookup: MessageLookup,
  crcAt: number,
  length: number,
): number {
  // The right CRC_EXTRA is unknown, but an intact frame's checksum fits
  // one of the 256 values; garbage fits none 255 times in 256.
  const crc = crcBytes(buffer, pos + 1, crcAt);
  const stored = buffer[crcAt]! | (buffer[crcAt + 1]! << 8);
  let fits = false;
  for (let extra = 0; extra < 256 && !fits; extra++) fits = crcAccumulate(extra, crc) === stored;
  if (!fits) return INVALID;
  for (let inner = pos + 1; inner < pos + length; inner++) {
    const b = buffer[inner];
    if (b !== MAGIC_V2 && b !== MAGIC_V1) continue;
    const r = probeFrame(buffer, inner, end, final, lookup, null, false);
    if (r > 0) return INVALID;
    if (r === NEED_MORE) return NEED_MORE;
  }
  return length;
}

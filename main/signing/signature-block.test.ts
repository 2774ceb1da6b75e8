import { describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { FrameMac } from './frame-mac';
import { keyFromPassphrase } from './key';
import { signFrame } from './sign';
import { recoverCrcExtra, removeSignature, withSignatureBlock } from './signature-block';
import { V2_CAPTURE, parsedView, readSampleFrames } from './testing/sample-frames';

const codec = createCodec();
const samples = readSampleFrames(codec, V2_CAPTURE, 'raw');
const known = samples.filter((f) => codec.byId(f.msgid));
// Ids 8 and 411 are in the capture but not in the dialect.
const unknown = samples.find((f) => !codec.byId(f.msgid))!;
const mac = new FrameMac(keyFromPassphrase('sigil'));

function signedCopy(bytes: Uint8Array, msgid: number): Uint8Array {
  const frame = withSignatureBlock(bytes, codec.byId(msgid));
  signFrame(mac, frame, 0, frame.length, 2, 1_000_000);
  return frame;
}

describe('withSignatureBlock', () => {
  it('sets the signed flag, keeps the checksum valid and reserves 13 bytes', () => {
    for (const sample of known.slice(0, 50)) {
      const frame = withSignatureBlock(sample.bytes, codec.byId(sample.msgid));
      expect(frame.length).toBe(sample.bytes.length + 13);
      const view = parsedView(codec, frame); // throws on a bad checksum
      expect(view.signed).toBe(true);
      expect(frame.subarray(frame.length - 13).every((b) => b === 0)).toBe(true);
    }
  });

  it('refuses a definition of another message', () => {
    const sample = known.find((f) => f.msgid !== 0)!;
    expect(() => withSignatureBlock(sample.bytes, codec.byId(0))).toThrow('HEARTBEAT');
  });

  it('signs an unknown message with the CRC_EXTRA its checksum reveals', () => {
    const frame = withSignatureBlock(unknown.bytes, undefined);
    expect(recoverCrcExtra(frame)).toBe(recoverCrcExtra(unknown.bytes));
  });

  it('refuses an unknown message whose checksum is damaged', () => {
    const damaged = Uint8Array.from(unknown.bytes);
    damaged[damaged.length - 1]! ^= 0x40;
    expect(() => withSignatureBlock(damaged, undefined)).toThrow('damaged');
  });
});

describe('recoverCrcExtra', () => {
  it("finds every known message's CRC_EXTRA from one of its frames", () => {
    for (const sample of known) {
      expect(recoverCrcExtra(sample.bytes)).toBe(codec.byId(sample.msgid)!.crcExtra);
    }
  });
});

describe('removeSignature', () => {
  it('gives back the unsigned frame it was signed from', () => {
    for (const sample of known.slice(0, 50)) {
      const result = removeSignature(
        signedCopy(sample.bytes, sample.msgid),
        codec.byId(sample.msgid),
      );
      expect(result).toEqual({ kind: 'stripped', frame: sample.bytes });
    }
  });

  it('strips an unknown message too, recovering its CRC_EXTRA', () => {
    const frame = withSignatureBlock(unknown.bytes, undefined);
    signFrame(mac, frame, 0, frame.length, 2, 1_000_000);
    expect(removeSignature(frame, undefined)).toEqual({ kind: 'stripped', frame: unknown.bytes });
  });

  it('zeroes the signature of a damaged unknown frame, keeping flag and length', () => {
    const frame = withSignatureBlock(unknown.bytes, undefined);
    signFrame(mac, frame, 0, frame.length, 2, 1_000_000);
    frame[frame.length - 14]! ^= 0x40; // checksum high byte
    const result = removeSignature(frame, undefined);
    expect(result.kind).toBe('redacted');
    expect(result.frame.subarray(0, frame.length - 6)).toEqual(frame.subarray(0, frame.length - 6));
    expect([...result.frame.subarray(frame.length - 6)]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('leaves the frame it was given unchanged, even a Buffer', () => {
    const signed = Buffer.from(signedCopy(known[0]!.bytes, known[0]!.msgid));
    const before = Buffer.from(signed);
    removeSignature(signed, codec.byId(known[0]!.msgid));
    expect(signed).toEqual(before);
  });

  it('refuses an unsigned frame', () => {
    expect(() => removeSignature(known[0]!.bytes, codec.byId(known[0]!.msgid))).toThrow(
      'not signed',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { FrameMac, MAC_LENGTH } from './frame-mac';
import { keyFromPassphrase } from './key';
import { signFrame } from './sign';
import { V2_CAPTURE, asSignableV2, readSampleFrames } from './testing/sample-frames';

const codec = createCodec();
const KEY = keyFromPassphrase('frame mac');
const signer = new FrameMac(KEY);
const samples = readSampleFrames(codec, V2_CAPTURE, 'raw')
  .map((s) => asSignableV2(codec, s))
  .filter((b) => b !== undefined)
  .slice(0, 40);

/** Signed frames, each with its own timestamp. */
function signedFrames(count: number, from = 0): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const frame = Uint8Array.from(samples[(from + i) % samples.length]!);
    signFrame(signer, frame, 0, frame.length, 1, 1_000 + from + i);
    return frame;
  });
}

/** The frames back to back in one buffer, `gap` bytes apart, with their offsets. */
function packed(frames: Uint8Array[], gap = 0): { buffer: Uint8Array; offsets: number[] } {
  const buffer = new Uint8Array(frames.reduce((n, f) => n + gap + f.length, 0));
  const offsets: number[] = [];
  let at = 0;
  for (const frame of frames) {
    at += gap;
    offsets.push(at);
    buffer.set(frame, at);
    at += frame.length;
  }
  return { buffer, offsets };
}

function checkAll(mac: FrameMac, buffer: Uint8Array, offsets: number[], frames: Uint8Array[]) {
  return offsets.map((offset, i) => mac.matches(buffer, offset, frames[i]!.length));
}

describe('FrameMac over frames that share a buffer', () => {
  it('accepts every frame of a buffer, back to back or a tlog record time apart', () => {
    const frames = signedFrames(11);
    for (const gap of [0, 8]) {
      const { buffer, offsets } = packed(frames, gap);
      expect(checkAll(new FrameMac(KEY), buffer, offsets, frames)).toEqual(frames.map(() => true));
    }
  });

  it('rejects a forged frame among good ones and accepts its neighbours', () => {
    const frames = signedFrames(8);
    const { buffer, offsets } = packed(frames);
    const forged = offsets[2]! + frames[2]!.length - MAC_LENGTH - 3; // a timestamp byte
    buffer[forged]! ^= 0x01;
    const verdicts = checkAll(new FrameMac(KEY), buffer, offsets, frames);
    expect(verdicts).toEqual([true, true, false, true, true, true, true, true]);
  });

  it('never reuses a digest for bytes that changed after they were hashed', () => {
    const mac = new FrameMac(KEY);
    const first = signedFrames(4, 0);
    const { buffer, offsets } = packed(first);
    expect(mac.matches(buffer, offsets[0]!, first[0]!.length)).toBe(true);
    // The same buffer refilled (as a reader reuses its buffer): the second
    // frame's place now holds a frame of the same length with one byte off.
    const tampered = Uint8Array.from(first[1]!);
    tampered[12]! ^= 0x40;
    buffer.set(tampered, offsets[1]!);
    expect(mac.matches(buffer, offsets[1]!, tampered.length)).toBe(false);
    buffer.set(first[1]!, offsets[1]!);
    expect(mac.matches(buffer, offsets[1]!, first[1]!.length)).toBe(true);
  });

  it('checks a frame again with the same answer', () => {
    const mac = new FrameMac(KEY);
    const frames = signedFrames(3);
    const { buffer, offsets } = packed(frames);
    expect(checkAll(mac, buffer, offsets, frames)).toEqual([true, true, true]);
    expect(checkAll(mac, buffer, offsets, frames)).toEqual([true, true, true]);
  });

  it('is not fooled by a truncated frame at the end of the buffer', () => {
    const frames = signedFrames(2);
    const { buffer, offsets } = packed(frames);
    const cut = buffer.subarray(0, buffer.length - 5);
    expect(new FrameMac(KEY).matches(cut, offsets[0]!, frames[0]!.length)).toBe(true);
  });

  it('writes the signature a check accepts', () => {
    const mac = new FrameMac(KEY);
    const [frame] = signedFrames(1);
    const copy = Uint8Array.from(frame!);
    copy.fill(0, copy.length - MAC_LENGTH);
    mac.write(copy, 0, copy.length);
    expect(copy).toEqual(frame);
    expect(new FrameMac(keyFromPassphrase('other')).matches(copy, 0, copy.length)).toBe(false);
  });
});

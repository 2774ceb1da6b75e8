import { createHash } from 'node:crypto';
import { MavLinkPacketSignature } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { SigningClock } from './clock';
import { FrameMac } from './frame-mac';
import { keyFromHex, keyFromPassphrase, type SigningKey } from './key';
import { Signer, signFrame } from './sign';
import { withSignatureBlock } from './signature-block';
import { readTimestamp } from './timestamp';
import { V2_CAPTURE, VTOL_TLOG, asSignableV2, readSampleFrames } from './testing/sample-frames';

const codec = createCodec();
// Frames of messages the dialect knows (a signature block needs CRC_EXTRA).
const v2Frames = readSampleFrames(codec, V2_CAPTURE, 'raw').filter((f) => codec.byId(f.msgid));
const vtolFrames = readSampleFrames(codec, VTOL_TLOG, 'tlog');

const KEYS: SigningKey[] = [
  keyFromPassphrase('sigil'),
  keyFromPassphrase('another passphrase'),
  keyFromHex('ff'.repeat(32)),
  keyFromHex('00'.repeat(32)),
];
const TIMESTAMPS = [1, 0x1234_5678, 2 ** 47 + 3, 2 ** 48 - 1];

/** Every n-th frame, so each message kind and length shows up without hashing thousands. */
function spread<T>(items: T[], count: number): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, i) => i % step === 0);
}

function signable(): Uint8Array[] {
  const fromV2 = spread(v2Frames, 200).map((f) =>
    withSignatureBlock(f.bytes, codec.byId(f.msgid)!),
  );
  const fromV1 = spread(vtolFrames, 200).flatMap((f) => asSignableV2(codec, f) ?? []);
  return [...fromV2, ...fromV1];
}

describe('signFrame', () => {
  it("agrees with node-mavlink's signature on real frames, keys and timestamps", () => {
    const frames = signable();
    expect(frames.length).toBeGreaterThan(300);
    for (const key of KEYS) {
      const mac = new FrameMac(key);
      const keyBuffer = Buffer.from(key.exportBytes());
      frames.forEach((frame, i) => {
        const timestamp = TIMESTAMPS[i % TIMESTAMPS.length]!;
        signFrame(mac, frame, 0, frame.length, i % 256, timestamp);
        const theirs = new MavLinkPacketSignature(Buffer.from(frame));
        expect(Buffer.from(frame.subarray(frame.length - 6)).toString('hex')).toBe(
          theirs.calculate(keyBuffer),
        );
        expect(theirs.linkId).toBe(i % 256);
        expect(theirs.timestamp).toBe(timestamp);
      });
    }
  });

  it('is the first 6 bytes of SHA-256(key, frame through the timestamp)', () => {
    const key = KEYS[0]!;
    const frame = withSignatureBlock(v2Frames[0]!.bytes, codec.byId(v2Frames[0]!.msgid)!);
    signFrame(new FrameMac(key), frame, 0, frame.length, 7, 123_456_789);
    const digest = createHash('sha256')
      .update(key.exportBytes())
      .update(frame.subarray(0, frame.length - 6))
      .digest();
    expect(frame.subarray(frame.length - 6)).toEqual(new Uint8Array(digest.subarray(0, 6)));
  });

  it('writes the link id and the 6-byte little-endian timestamp before the signature', () => {
    const frame = withSignatureBlock(v2Frames[0]!.bytes, codec.byId(v2Frames[0]!.msgid)!);
    signFrame(new FrameMac(KEYS[0]!), frame, 0, frame.length, 0xab, 0x0102_0304_0506);
    const block = frame.length - 13;
    // link id, then timestamp least significant byte first
    expect([...frame.subarray(block, block + 7)]).toEqual([0xab, 6, 5, 4, 3, 2, 1]);
  });

  it('signs a frame inside a larger buffer without touching the bytes around it', () => {
    const frame = withSignatureBlock(v2Frames[5]!.bytes, codec.byId(v2Frames[5]!.msgid)!);
    const alone = frame.slice();
    const mac = new FrameMac(KEYS[1]!);
    signFrame(mac, alone, 0, alone.length, 3, 99);
    const buffer = new Uint8Array(frame.length + 20).fill(0xee);
    buffer.set(frame, 10);
    signFrame(mac, buffer, 10, frame.length, 3, 99);
    expect(buffer.subarray(10, 10 + frame.length)).toEqual(alone);
    expect(buffer.subarray(0, 10).every((b) => b === 0xee)).toBe(true);
    expect(buffer.subarray(10 + frame.length).every((b) => b === 0xee)).toBe(true);
  });

  it('refuses a frame without the signed flag and its reserved bytes', () => {
    const unsigned = v2Frames[0]!.bytes.slice();
    expect(() => signFrame(new FrameMac(KEYS[0]!), unsigned, 0, unsigned.length, 0, 1)).toThrow(
      'lacks INCOMPAT_SIGNED',
    );
  });

  it('refuses a MAVLink 1 frame', () => {
    const v1 = vtolFrames[0]!.bytes.slice();
    expect(() => signFrame(new FrameMac(KEYS[0]!), v1, 0, v1.length, 0, 1)).toThrow('MAVLink 2');
  });

  it('refuses a link id outside 0..255 and a timestamp outside 48 bits', () => {
    const frame = withSignatureBlock(v2Frames[0]!.bytes, codec.byId(v2Frames[0]!.msgid)!);
    const mac = new FrameMac(KEYS[0]!);
    expect(() => signFrame(mac, frame, 0, frame.length, 256, 1)).toThrow('link id');
    expect(() => signFrame(mac, frame, 0, frame.length, 0, 2 ** 48)).toThrow('timestamp');
  });
});

describe('Signer', () => {
  it('stamps its link id and a new timestamp from the shared clock on every frame', () => {
    const clock = new SigningClock({ wallClock: () => 1000 });
    const mac = new FrameMac(KEYS[0]!);
    const a = new Signer(mac, 1, clock);
    const b = new Signer(mac, 2, clock);
    const used: number[] = [];
    for (let i = 0; i < 10; i++) {
      const signer = i % 2 === 0 ? a : b;
      const frame = withSignatureBlock(v2Frames[i]!.bytes, codec.byId(v2Frames[i]!.msgid)!);
      const timestamp = signer.sign(frame);
      expect(frame[frame.length - 13]).toBe(signer.linkId);
      expect(readTimestamp(frame, frame.length - 12)).toBe(timestamp);
      used.push(timestamp);
    }
    expect(used).toEqual([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009]);
  });
});

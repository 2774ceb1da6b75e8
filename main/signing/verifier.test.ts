import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { FrameParser } from '../mavlink/parser';
import { SigningClock } from './clock';
import { ReferenceTime } from './reference';
import { FrameMac } from './frame-mac';
import { keyFromPassphrase, type SigningKey } from './key';
import { LinkVerifier, isAccepted, type Verdict } from './link-verifier';
import { signFrame } from './sign';
import { rejectUnsigned } from './unsigned-policy';
import { SignatureVerifier } from './verifier';
import {
  V2_CAPTURE,
  asSignableV2,
  parsedView,
  rawV2View,
  readSampleFrames,
} from './testing/sample-frames';

const codec = createCodec();
// Frames of messages the dialect knows: they can be re-encoded.
const samples = readSampleFrames(codec, V2_CAPTURE, 'raw').filter((f) => codec.byId(f.msgid));
const KEY = keyFromPassphrase('sigil test key');
const OTHER_KEY = keyFromPassphrase('not the key');
/** The receiver's local timestamp in these tests (about 2030). */
const LOCAL = 48_000_000_000_000;

function setup(options: { maxStreams?: number; local?: number; futureHorizon?: number } = {}) {
  const local = options.local ?? LOCAL;
  const clock = new SigningClock({ wallClock: () => local });
  const reference = new ReferenceTime(() => local);
  const verifier = new SignatureVerifier({
    key: KEY,
    reference,
    clock,
    maxStreams: options.maxStreams,
    futureHorizon: options.futureHorizon,
  });
  const link = new LinkVerifier(verifier, rejectUnsigned());
  return { clock, reference, verifier, link };
}

interface SignOptions {
  sample?: number;
  linkId?: number;
  key?: SigningKey;
  sysid?: number;
}

/** A real frame (by index in the capture) re-encoded as signed MAVLink 2, optionally from another sysid. */
function signed(timestamp: number, options: SignOptions = {}): Uint8Array {
  const sample = samples[options.sample ?? 0]!;
  const frame = asSignableV2(codec, { ...sample, sysid: options.sysid ?? sample.sysid })!;
  signFrame(
    new FrameMac(options.key ?? KEY),
    frame,
    0,
    frame.length,
    options.linkId ?? 0,
    timestamp,
  );
  return frame;
}

function verify(link: LinkVerifier, bytes: Uint8Array): Verdict {
  return link.verify(parsedView(codec, bytes));
}

describe('round trip', () => {
  it('accepts a frame signed with the same key', () => {
    const { link } = setup();
    expect(verify(link, signed(LOCAL))).toBe('ok');
  });

  it('accepts a run of frames with rising timestamps on one stream', () => {
    const { link, verifier } = setup();
    for (let i = 0; i < 50; i++) expect(verify(link, signed(LOCAL + i, { sample: i }))).toBe('ok');
    expect(verifier.streams()).toEqual([
      {
        sysid: samples[0]!.sysid,
        compid: samples[0]!.compid,
        linkId: 0,
        timestamp: LOCAL + 49,
        accepted: 50,
      },
    ]);
  });

  it('rejects a frame signed with another key as a bad signature', () => {
    const { link } = setup();
    expect(verify(link, signed(LOCAL, { key: OTHER_KEY }))).toBe('bad-signature');
  });
});

describe('tampering', () => {
  function flipped(bytes: Uint8Array, bit: number): Uint8Array {
    const copy = bytes.slice();
    copy[bit >> 3]! ^= 1 << (bit & 7);
    return copy;
  }

  it('rejects the frame with any single bit flipped, at every bit position', () => {
    const original = signed(LOCAL, { sample: 3 });
    for (let bit = 0; bit < original.length * 8; bit++) {
      const { link } = setup();
      const verdict = link.verify(rawV2View(flipped(original, bit)));
      // Flipping the signed flag leaves an unsigned frame; anything else breaks the signature.
      expect(verdict, `bit ${bit}`).toBe(bit === 2 * 8 ? 'unsigned' : 'bad-signature');
    }
  });

  it('lets no frame through parser and verifier when any bit of a signed frame flips', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.nat(),
        (sample, offset, bitSeed) => {
          const original = signed(LOCAL + offset, { sample });
          const bytes = flipped(original, bitSeed % (original.length * 8));
          const { link } = setup();
          const accepted: Verdict[] = [];
          const parser = new FrameParser(codec, (frame) => {
            const verdict = link.verify(frame);
            if (isAccepted(verdict)) accepted.push(verdict);
          });
          parser.push(bytes);
          parser.end();
          expect(accepted).toEqual([]);
        },
      ),
    );
  });
});

describe('replay protection', () => {
  it('calls any accepted frame sent again a replay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.nat(), (count, pick) => {
        const { link } = setup();
        const frames = Array.from({ length: count }, (_, i) => signed(LOCAL + i, { sample: i }));
        for (const frame of frames) expect(verify(link, frame)).toBe('ok');
        expect(verify(link, frames[pick % count]!)).toBe('replay');
      }),
    );
  });

  it('calls a timestamp equal to the stream’s last one a replay', () => {
    const { link } = setup();
    expect(verify(link, signed(LOCAL, { sample: 0 }))).toBe('ok');
    expect(verify(link, signed(LOCAL, { sample: 1 }))).toBe('replay');
  });

  it('opens a second stream for a second link id of the same component', () => {
    const { link, verifier } = setup();
    expect(verify(link, signed(LOCAL + 10, { linkId: 0 }))).toBe('ok');
    expect(verify(link, signed(LOCAL + 5, { linkId: 1 }))).toBe('ok');
    expect(verifier.streams().map((s) => [s.linkId, s.timestamp])).toEqual([
      [0, LOCAL + 10],
      [1, LOCAL + 5],
    ]);
  });

  it('calls a frame captured on one link and replayed on another a replay', () => {
    const { verifier } = setup();
    const radio = new LinkVerifier(verifier, rejectUnsigned());
    const network = new LinkVerifier(verifier, rejectUnsigned());
    const frame = signed(LOCAL);
    expect(verify(radio, frame)).toBe('ok');
    expect(verify(network, frame)).toBe('replay');
    expect(network.counts.replay).toBe(1);
  });
});

describe('new streams', () => {
  it('accept a first timestamp exactly 60 s (6,000,000 units) behind the local one', () => {
    const { link } = setup();
    expect(verify(link, signed(LOCAL - 6_000_000))).toBe('ok');
  });

  it('refuse a first timestamp 6,000,001 units behind as stale', () => {
    const { link, verifier } = setup();
    expect(verify(link, signed(LOCAL - 6_000_001))).toBe('stale');
    expect(verifier.streams()).toEqual([]);
  });

  it('accept a first timestamp ahead of the local one', () => {
    const { link } = setup();
    expect(verify(link, signed(LOCAL + 3_600 * 100_000))).toBe('ok');
  });

  it('are refused when the table is full, while known streams carry on', () => {
    const { link, verifier } = setup({ maxStreams: 2 });
    expect(verify(link, signed(LOCAL, { sysid: 1 }))).toBe('ok');
    expect(verify(link, signed(LOCAL, { sysid: 2 }))).toBe('ok');
    expect(verify(link, signed(LOCAL, { sysid: 3 }))).toBe('too-many-streams');
    expect(verify(link, signed(LOCAL + 1, { sysid: 1 }))).toBe('ok');
    expect(verifier.streams()).toHaveLength(2);
  });
});

describe('a full stream table', () => {
  const MINUTE = 6_000_000;

  /** A verifier whose wall clock the test moves. */
  function withWall(maxStreams: number) {
    const wall = { now: LOCAL };
    const verifier = new SignatureVerifier({
      key: KEY,
      reference: new ReferenceTime(() => wall.now),
      maxStreams,
    });
    return { wall, verifier, link: new LinkVerifier(verifier, rejectUnsigned()) };
  }

  it('makes room for a new stream by forgetting one more than 60 s behind the reference', () => {
    const { wall, link, verifier } = withWall(2);
    expect(verify(link, signed(LOCAL, { sysid: 1 }))).toBe('ok');
    wall.now = LOCAL + MINUTE;
    expect(verify(link, signed(LOCAL + MINUTE, { sysid: 2 }))).toBe('ok');
    // Stream 1 is exactly 60 s behind: it stays, and the new stream is refused.
    expect(verify(link, signed(LOCAL + MINUTE, { sysid: 3 }))).toBe('too-many-streams');
    wall.now = LOCAL + MINUTE + 1;
    expect(verify(link, signed(LOCAL + MINUTE + 1, { sysid: 3 }))).toBe('ok');
    expect(verifier.streams().map((s) => s.sysid)).toEqual(expect.arrayContaining([2, 3]));
    expect(verifier.streams()).toHaveLength(2);
  });

  it('filled by one key holder does not lock a legitimate new stream out for long', () => {
    const { wall, link } = withWall(64);
    for (let sysid = 1; sysid <= 64; sysid++) {
      expect(verify(link, signed(LOCAL, { sysid }))).toBe('ok');
    }
    expect(verify(link, signed(LOCAL + 10, { sysid: 200 }))).toBe('too-many-streams');
    wall.now = LOCAL + MINUTE + 1;
    expect(verify(link, signed(wall.now, { sysid: 200 }))).toBe('ok');
  });

  it('forgets the stream heard longest ago first', () => {
    const { wall, link, verifier } = withWall(3);
    expect(verify(link, signed(LOCAL + 2, { sysid: 1 }))).toBe('ok');
    expect(verify(link, signed(LOCAL, { sysid: 2 }))).toBe('ok');
    expect(verify(link, signed(LOCAL + 1, { sysid: 3 }))).toBe('ok');
    wall.now = LOCAL + 2 * MINUTE;
    expect(verify(link, signed(wall.now, { sysid: 4 }))).toBe('ok');
    expect(
      verifier
        .streams()
        .map((s) => s.sysid)
        .sort(),
    ).toEqual([1, 3, 4]);
  });

  it('calls a replay of a forgotten stream stale, not new', () => {
    const { wall, link } = withWall(1);
    const old = signed(LOCAL, { sysid: 1 });
    expect(verify(link, old)).toBe('ok');
    wall.now = LOCAL + MINUTE + 1;
    expect(verify(link, signed(wall.now, { sysid: 2 }))).toBe('ok'); // stream 1 is forgotten
    expect(verify(link, old)).toBe('stale');
  });
});

describe('future timestamps', () => {
  const DAY = 24 * 3600 * 100_000;

  it('accept a first timestamp exactly 24 h ahead of the reference', () => {
    const { link } = setup();
    expect(verify(link, signed(LOCAL + DAY))).toBe('ok');
  });

  it('refuse a timestamp more than 24 h ahead as future', () => {
    const { link } = setup();
    expect(verify(link, signed(LOCAL + DAY + 1))).toBe('future');
    expect(link.counts.future).toBe(1);
  });

  it('refuse 2^48-1 as future, changing no stream and raising no clock', () => {
    const { link, verifier, clock, reference } = setup();
    expect(verify(link, signed(LOCAL))).toBe('ok');
    const before = verifier.streams();
    expect(verify(link, signed(2 ** 48 - 1))).toBe('future');
    expect(verifier.streams()).toEqual(before);
    expect(reference.now()).toBe(LOCAL);
    expect(clock.highest).toBe(LOCAL);
    expect(verify(link, signed(LOCAL + 1))).toBe('ok');
  });

  it('are judged against the horizon given', () => {
    const { link } = setup({ futureHorizon: 100 });
    expect(verify(link, signed(LOCAL + 100))).toBe('ok');
    expect(verify(link, signed(LOCAL + 201))).toBe('future');
  });

  it('are listed among the recent rejections with their timestamp', () => {
    const { link } = setup();
    verify(link, signed(LOCAL + 2 * DAY));
    expect(link.recentRejections()).toMatchObject([
      { verdict: 'future', timestamp: LOCAL + 2 * DAY },
    ]);
  });
});

describe('the reference and the outgoing clock', () => {
  it('judge new streams by the reference, not by how far our own clock runs ahead', () => {
    const wall = LOCAL;
    const clock = new SigningClock({ start: wall + 20 * 6_000_000, wallClock: () => wall });
    const verifier = new SignatureVerifier({
      key: KEY,
      reference: new ReferenceTime(() => wall),
      clock,
    });
    const link = new LinkVerifier(verifier, rejectUnsigned());
    expect(verify(link, signed(wall))).toBe('ok');
  });

  it('prove an unproven clock with the first accepted frame, and only with an accepted one', () => {
    const clock = new SigningClock({ proven: false, wallClock: () => LOCAL });
    let changes = 0;
    clock.onChange(() => changes++);
    const verifier = new SignatureVerifier({
      key: KEY,
      reference: new ReferenceTime(() => LOCAL),
      clock,
    });
    const link = new LinkVerifier(verifier, rejectUnsigned());
    expect(verify(link, signed(LOCAL + 500, { key: OTHER_KEY }))).toBe('bad-signature');
    expect(clock.proven).toBe(false);
    expect(verify(link, signed(LOCAL + 500))).toBe('ok');
    expect(clock.proven).toBe(true);
    expect(changes).toBe(1);
    expect(clock.next()).toBe(LOCAL + 501);
  });
});

describe('state changes only after a good signature', () => {
  it('a forged frame with a future timestamp does not lock the real stream out', () => {
    const { link } = setup();
    expect(verify(link, signed(LOCAL))).toBe('ok');
    // Same stream, far-future timestamp, wrong key: pymavlink would store its timestamp.
    expect(verify(link, signed(LOCAL + 10 ** 9, { key: OTHER_KEY }))).toBe('bad-signature');
    expect(verify(link, signed(LOCAL + 1))).toBe('ok');
  });

  it('a forged frame neither opens a stream nor raises the local timestamp', () => {
    const { link, verifier } = setup();
    expect(verify(link, signed(LOCAL + 10 ** 9, { key: OTHER_KEY }))).toBe('bad-signature');
    expect(verifier.streams()).toEqual([]);
    expect(verifier.localTimestamp).toBe(LOCAL);
  });

  it('an accepted frame raises the local timestamp, so what we sign next is above it', () => {
    const { link, clock, verifier } = setup();
    expect(verify(link, signed(LOCAL + 500))).toBe('ok');
    expect(verifier.localTimestamp).toBe(LOCAL + 500);
    expect(clock.next()).toBe(LOCAL + 501);
  });

  it('an accepted older frame leaves the local timestamp where it was', () => {
    const { link, verifier } = setup();
    expect(verify(link, signed(LOCAL - 100))).toBe('ok');
    expect(verifier.localTimestamp).toBe(LOCAL);
  });
});

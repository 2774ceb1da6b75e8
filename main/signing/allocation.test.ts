import { getHeapSpaceStatistics } from 'node:v8';
import { expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import type { FrameView } from '../mavlink/frame';
import { FrameParser } from '../mavlink/parser';
import { SigningClock } from './clock';
import { ReferenceTime } from './reference';
import { FrameMac } from './frame-mac';
import { keyFromPassphrase } from './key';
import { LinkVerifier } from './link-verifier';
import { signFrame } from './sign';
import { rejectUnsigned } from './unsigned-policy';
import { SignatureVerifier } from './verifier';
import { VTOL_TLOG, asSignableV2, parsedView, readSampleFrames } from './testing/sample-frames';

const START = 40_000_000_000_000;

function youngBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_used_size;
}

it('verifies accepted frames without allocating', () => {
  const codec = createCodec();
  const key = keyFromPassphrase('allocation');
  const mac = new FrameMac(key);
  const samples = readSampleFrames(codec, VTOL_TLOG, 'tlog').slice(0, 200);
  const views: FrameView[] = Array.from({ length: 10_000 }, (_, i) => {
    const bytes = asSignableV2(codec, samples[i % samples.length]!)!;
    signFrame(mac, bytes, 0, bytes.length, 0, START + i);
    return parsedView(codec, bytes);
  });
  const fresh = () =>
    new LinkVerifier(
      new SignatureVerifier({
        key,
        reference: new ReferenceTime(() => START),
        clock: new SigningClock({ wallClock: () => START }),
      }),
      rejectUnsigned(),
    );
  const verifyAll = (link: LinkVerifier, from: number, to: number) => {
    for (let i = from; i < to; i++) link.verify(views[i]!);
  };
  // Let the JIT optimise the path first: unoptimised code boxes numbers.
  for (let round = 0; round < 30; round++) verifyAll(fresh(), 0, views.length);

  // The heap counts allocation in chunks, and the JIT may still be
  // installing code: take the best of a few rounds, so a stray chunk does
  // not count, while an allocation per frame shows in every round.
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const link = fresh();
    verifyAll(link, 0, 10); // the stream's first frame allocates its slot
    const before = youngBytes();
    verifyAll(link, 10, 5_010);
    best = Math.min(best, (youngBytes() - before) / 5_000);
    expect(link.counts.ok).toBe(5_010);
  }
  expect(best).toBeLessThan(2);
});

it('verifies frames that arrive many to a buffer, hashed four at a time, without allocating', () => {
  const codec = createCodec();
  const key = keyFromPassphrase('allocation');
  const mac = new FrameMac(key);
  const samples = readSampleFrames(codec, VTOL_TLOG, 'tlog').slice(0, 200);
  const frames = Array.from({ length: 5_000 }, (_, i) => {
    const bytes = asSignableV2(codec, samples[i % samples.length]!)!;
    signFrame(mac, bytes, 0, bytes.length, 0, START + i);
    return bytes;
  });
  const buffer = Buffer.concat(frames);
  const run = () => {
    const link = new LinkVerifier(
      new SignatureVerifier({ key, reference: new ReferenceTime(() => START) }),
      rejectUnsigned(),
    );
    const parser = new FrameParser(codec, (frame) => link.verify(frame));
    return { link, parser };
  };
  for (let round = 0; round < 30; round++) run().parser.push(buffer);

  // Best of a few rounds, as above: a stray chunk does not count, an allocation per frame would.
  let perFrame = Infinity;
  for (let round = 0; round < 5; round++) {
    const { link, parser } = run();
    // The stream's first frame allocates its slot; the rest follow in one whole chunk.
    const head = frames[0]!.length + frames[1]!.length;
    parser.push(buffer.subarray(0, head));
    const rest = buffer.subarray(head);
    const before = youngBytes();
    parser.push(rest);
    perFrame = Math.min(perFrame, (youngBytes() - before) / frames.length);
    expect(link.counts.ok).toBe(frames.length);
  }
  expect(perFrame).toBeLessThan(2);
});

import { describe, expect, it } from 'vitest';
import { createCodec } from '../mavlink/ardupilotmega';
import { INCOMPAT_SIGNED } from '../mavlink/frame';
import { FrameMac } from './frame-mac';
import { keyFromPassphrase } from './key';
import { LinkVerifier, zeroCounts } from './link-verifier';
import { ReferenceTime } from './reference';
import { signFrame } from './sign';
import { ACCEPT_UNSIGNED, rejectUnsigned, type UnsignedPolicy } from './unsigned-policy';
import { SignatureVerifier } from './verifier';
import { parsedView } from './testing/sample-frames';

const codec = createCodec();
const KEY = keyFromPassphrase('sigil test key');
const LOCAL = 48_000_000_000_000;

function linkWith(policy: UnsignedPolicy, historySize?: number) {
  const verifier = new SignatureVerifier({ key: KEY, reference: new ReferenceTime(() => LOCAL) });
  let time = 1_700_000_000_000;
  return new LinkVerifier(verifier, policy, { historySize, now: () => time++ });
}

/** A frame of the named message from sysid 1, compid 1; signed when given a timestamp. */
function frame(
  name: string,
  options: { version?: 1 | 2; signedAt?: number; key?: typeof KEY } = {},
) {
  const def = codec.byName(name)!;
  const signed = options.signedAt !== undefined;
  const bytes = codec.encodeFrame(
    def,
    {},
    {
      version: options.version ?? 2,
      seq: 0,
      sysid: 1,
      compid: 1,
      incompatFlags: signed ? INCOMPAT_SIGNED : 0,
    },
  );
  if (signed)
    signFrame(new FrameMac(options.key ?? KEY), bytes, 0, bytes.length, 0, options.signedAt!);
  return parsedView(codec, bytes);
}

describe('reject policy (signing required)', () => {
  it('lets RADIO_STATUS and RADIO through unsigned by default', () => {
    const link = linkWith(rejectUnsigned());
    expect(link.verify(frame('RADIO_STATUS'))).toBe('unsigned-allowed');
    expect(link.verify(frame('RADIO'))).toBe('unsigned-allowed');
  });

  it('rejects other unsigned frames as unsigned', () => {
    const link = linkWith(rejectUnsigned());
    expect(link.verify(frame('HEARTBEAT'))).toBe('unsigned');
  });

  it('takes its own list of message ids', () => {
    const link = linkWith(rejectUnsigned([0]));
    expect(link.verify(frame('HEARTBEAT'))).toBe('unsigned-allowed');
    expect(link.verify(frame('RADIO_STATUS'))).toBe('unsigned');
  });

  it('treats a MAVLink 1 frame as unsigned', () => {
    const link = linkWith(rejectUnsigned());
    expect(link.verify(frame('HEARTBEAT', { version: 1 }))).toBe('unsigned');
    expect(link.verify(frame('RADIO_STATUS', { version: 1 }))).toBe('unsigned-allowed');
  });

  it('does not rescue a listed message whose signature failed', () => {
    const link = linkWith(rejectUnsigned());
    const forged = frame('RADIO_STATUS', { signedAt: LOCAL, key: keyFromPassphrase('wrong') });
    expect(link.verify(forged)).toBe('bad-signature');
  });
});

describe('accept policy (signing optional)', () => {
  it('lets every unsigned frame through as unsigned-allowed', () => {
    const link = linkWith(ACCEPT_UNSIGNED);
    expect(link.verify(frame('HEARTBEAT'))).toBe('unsigned-allowed');
    expect(link.verify(frame('HEARTBEAT', { version: 1 }))).toBe('unsigned-allowed');
  });

  it('still verifies signed frames', () => {
    const link = linkWith(ACCEPT_UNSIGNED);
    expect(link.verify(frame('HEARTBEAT', { signedAt: LOCAL }))).toBe('ok');
    expect(link.verify(frame('HEARTBEAT', { signedAt: LOCAL }))).toBe('replay');
    const forged = frame('HEARTBEAT', { signedAt: LOCAL + 9, key: keyFromPassphrase('wrong') });
    expect(link.verify(forged)).toBe('bad-signature');
  });
});

describe('counters and rejection history', () => {
  it('count every verdict on its link', () => {
    const link = linkWith(rejectUnsigned());
    link.verify(frame('HEARTBEAT', { signedAt: LOCAL }));
    link.verify(frame('HEARTBEAT', { signedAt: LOCAL }));
    link.verify(frame('HEARTBEAT', { signedAt: LOCAL - 7_000_000, key: keyFromPassphrase('x') }));
    link.verify(frame('HEARTBEAT'));
    link.verify(frame('RADIO'));
    expect(link.counts).toEqual({
      ...zeroCounts(),
      ok: 1,
      replay: 1,
      'bad-signature': 1,
      unsigned: 1,
      'unsigned-allowed': 1,
    });
  });

  it('keep each rejection with reason, time and the frame’s identity', () => {
    const link = linkWith(rejectUnsigned());
    link.verify(frame('HEARTBEAT', { signedAt: LOCAL }));
    link.verify(frame('HEARTBEAT', { signedAt: LOCAL }));
    link.verify(frame('ATTITUDE'));
    expect(link.recentRejections()).toEqual([
      {
        verdict: 'replay',
        timeMs: 1_700_000_000_000,
        sysid: 1,
        compid: 1,
        msgid: 0,
        linkId: 0,
        timestamp: LOCAL,
      },
      { verdict: 'unsigned', timeMs: 1_700_000_000_001, sysid: 1, compid: 1, msgid: 30 },
    ]);
  });

  it('keep only the last N rejections, oldest first', () => {
    const link = linkWith(rejectUnsigned(), 3);
    for (const name of ['HEARTBEAT', 'SYS_STATUS', 'ATTITUDE', 'GPS_RAW_INT', 'VFR_HUD']) {
      link.verify(frame(name));
    }
    expect(link.recentRejections().map((r) => r.msgid)).toEqual([30, 24, 74]);
  });
});

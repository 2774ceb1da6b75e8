// When a vehicle is asked for its telemetry: at first contact, on each link
// not yet asked, after what voids the requests made, and while telemetry is
// missing, on a schedule that backs off.

import { describe, expect, it } from 'vitest';
import { RETRY_DELAYS_MS, StreamRequests } from './stream-requests';

const A = { name: 'link A' };
const B = { name: 'link B' };

/** The times a vehicle heard at every heartbeat (1 Hz) for `untilMs`, never streaming, is asked. */
function askedWhileMissing(untilMs: number): number[] {
  const streams = new StreamRequests<object>();
  const asked: number[] = [];
  for (let t = 0; t <= untilMs; t += 1000) {
    const reason = streams.due(A, true, t);
    if (reason === null) continue;
    streams.sent(A, reason, t);
    asked.push(t);
  }
  return asked;
}

describe('StreamRequests', () => {
  it('asks at first contact', () => {
    const streams = new StreamRequests<object>();
    expect(streams.due(A, true, 0)).toBe('first contact');
  });

  it('asks no more while telemetry flows', () => {
    const streams = new StreamRequests<object>();
    streams.sent(A, 'first contact', 0);
    for (let t = 1000; t < 60_000; t += 1000) expect(streams.due(A, false, t)).toBeNull();
  });

  it('asks on a link it was not asked on: a second link, or a move to another', () => {
    const streams = new StreamRequests<object>();
    streams.sent(A, 'first contact', 0);
    expect(streams.due(B, false, 1000)).toBe('link not asked');
    streams.sent(B, 'link not asked', 1000);
    expect(streams.due(B, false, 2000)).toBeNull();
    expect(streams.due(A, false, 2000)).toBeNull();
  });

  it('asks again on a link that reconnected', () => {
    const streams = new StreamRequests<object>();
    streams.sent(A, 'first contact', 0);
    streams.forgetLink(A);
    expect(streams.due(A, false, 1000)).toBe('link not asked');
  });

  it('asks again, on any link, after a reboot or a signing change', () => {
    for (const reason of ['reboot', 'signing changed'] as const) {
      const streams = new StreamRequests<object>();
      streams.sent(A, 'first contact', 0);
      streams.sent(B, 'link not asked', 0);
      streams.invalidate(reason);
      expect(streams.due(B, false, 500)).toBe(reason);
      streams.sent(B, reason, 500);
      expect(streams.due(A, false, 600)).toBe('link not asked');
    }
  });

  it('keeps the first reason when two come before it could ask', () => {
    const streams = new StreamRequests<object>();
    streams.sent(A, 'first contact', 0);
    streams.invalidate('reboot');
    streams.invalidate('signing changed');
    expect(streams.due(A, false, 100)).toBe('reboot');
  });

  it('asks again for missing telemetry a second after asking, then backs off', () => {
    expect(askedWhileMissing(120_000)).toEqual([
      0, 1000, 2000, 4000, 8000, 16_000, 31_000, 61_000, 91_000,
    ]);
    expect(RETRY_DELAYS_MS.at(-1)).toBe(30_000);
  });

  it('asks at once when telemetry goes missing after it flowed', () => {
    const streams = new StreamRequests<object>();
    streams.sent(A, 'first contact', 0);
    for (let t = 1000; t <= 30_000; t += 1000) streams.due(A, false, t);
    expect(streams.due(A, true, 31_000)).toBe('telemetry missing');
  });

  it('starts the schedule again from its first step once telemetry flowed', () => {
    const streams = new StreamRequests<object>();
    streams.sent(A, 'first contact', 0);
    for (const t of [1000, 2000, 4000, 8000]) streams.sent(A, 'telemetry missing', t);
    expect(streams.due(A, true, 15_000)).toBeNull();
    expect(streams.due(A, false, 16_000)).toBeNull();
    expect(streams.due(A, true, 17_000)).toBe('telemetry missing');
    streams.sent(A, 'telemetry missing', 17_000);
    expect(streams.due(A, true, 17_900)).toBeNull();
    expect(streams.due(A, true, 18_000)).toBe('telemetry missing');
  });

  it('after a reboot, asks a second later if telemetry is still missing', () => {
    const streams = new StreamRequests<object>();
    streams.sent(A, 'first contact', 0);
    for (const t of [1000, 2000, 4000, 8000, 16_000]) streams.sent(A, 'telemetry missing', t);
    streams.invalidate('reboot');
    streams.sent(A, 'reboot', 20_000);
    expect(streams.due(A, true, 20_500)).toBeNull();
    expect(streams.due(A, true, 21_000)).toBe('telemetry missing');
  });
});

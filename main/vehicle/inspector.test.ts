import { describe, expect, it } from 'vitest';
import { incoming } from './testing/fake-io';
import { Inspector } from './inspector';
import type { IncomingMessage } from './io';

const T0 = 1_000_000;

describe('Inspector', () => {
  it('measures a steady 10 Hz message as 10 Hz', () => {
    const inspector = new Inspector();
    for (let t = 0; t < 10_000; t += 100) inspector.record(incoming('ATTITUDE', {}), T0 + t);
    const [component] = inspector.snapshot(T0 + 10_000);
    expect(component!.messages[0]!.rateHz).toBeCloseTo(10, 0);
    expect(component!.messages[0]!.count).toBe(100);
  });

  it('measures each message name separately', () => {
    const inspector = new Inspector();
    for (let t = 0; t < 10_000; t += 100) {
      inspector.record(incoming('ATTITUDE', {}), T0 + t);
      if (t % 500 === 0) inspector.record(incoming('SYS_STATUS', {}), T0 + t);
    }
    const rates = Object.fromEntries(
      inspector.snapshot(T0 + 10_000)[0]!.messages.map((m) => [m.name, Math.round(m.rateHz)]),
    );
    expect(rates).toEqual({ ATTITUDE: 10, SYS_STATUS: 2 });
  });

  it('lets the rate fall to zero when a message stops', () => {
    const inspector = new Inspector({ windowMs: 5000 });
    for (let t = 0; t < 5000; t += 100) inspector.record(incoming('ATTITUDE', {}), T0 + t);
    expect(inspector.snapshot(T0 + 11_000)[0]!.messages[0]!.rateHz).toBe(0);
  });

  it('never reads a single first frame as a huge rate', () => {
    const inspector = new Inspector();
    inspector.record(incoming('ATTITUDE', {}), T0);
    expect(inspector.snapshot(T0 + 10)[0]!.messages[0]!.rateHz).toBeLessThanOrEqual(1);
  });

  it('keeps the latest fields, JSON-safe', () => {
    const inspector = new Inspector();
    inspector.record(incoming('SYSTEM_TIME', { time_unix_usec: 5n, time_boot_ms: 1 }), T0);
    inspector.record(
      incoming('SYSTEM_TIME', { time_unix_usec: 2n ** 60n, time_boot_ms: 2 }),
      T0 + 1,
    );
    const message = inspector.snapshot(T0 + 2)[0]!.messages[0]!;
    expect(message.fields).toEqual({ time_unix_usec: (2n ** 60n).toString(), time_boot_ms: 2 });
  });

  it('keeps every (sysid, compid) apart, including non-vehicle components', () => {
    const inspector = new Inspector();
    inspector.record(incoming('HEARTBEAT', {}, { sysid: 1, compid: 1 }), T0);
    inspector.record(incoming('HEARTBEAT', {}, { sysid: 1, compid: 100 }), T0);
    inspector.record(incoming('HEARTBEAT', {}, { sysid: 255, compid: 190 }), T0);
    expect(inspector.snapshot(T0).map((c) => [c.sysid, c.compid])).toEqual([
      [1, 1],
      [1, 100],
      [255, 190],
    ]);
    expect(inspector.snapshot(T0, 1)).toHaveLength(2);
  });

  it('counts frames of unknown message ids without fields', () => {
    const inspector = new Inspector();
    const unknown: IncomingMessage = {
      msgid: 60_000,
      name: undefined,
      fields: undefined,
      sysid: 1,
      compid: 1,
      signed: true,
    };
    inspector.record(unknown, T0);
    expect(inspector.snapshot(T0)[0]!.messages[0]).toMatchObject({
      msgid: 60_000,
      name: 'UNKNOWN_60000',
      count: 1,
      signed: true,
      fields: null,
    });
  });

  it('forgets a component', () => {
    const inspector = new Inspector();
    inspector.record(incoming('HEARTBEAT', {}, { sysid: 1, compid: 1 }), T0);
    inspector.record(incoming('HEARTBEAT', {}, { sysid: 2, compid: 1 }), T0);
    inspector.forget(1);
    expect(inspector.snapshot(T0).map((c) => c.sysid)).toEqual([2]);
  });

  it('keeps at most maxComponents components, pushing out the one heard least', () => {
    const inspector = new Inspector({ maxComponents: 3 });
    for (let t = 0; t < 5; t++) inspector.record(incoming('HEARTBEAT', {}, { sysid: 1 }), T0 + t);
    inspector.record(incoming('HEARTBEAT', {}, { sysid: 2 }), T0 + 10);
    inspector.record(incoming('HEARTBEAT', {}, { sysid: 3 }), T0 + 11);
    // A flood of new identities churns among themselves; sysid 1, heard most, stays.
    for (let sysid = 10; sysid < 100; sysid++) {
      inspector.record(incoming('HEARTBEAT', {}, { sysid }), T0 + 20 + sysid);
    }
    expect(inspector.snapshot(T0 + 200).map((c) => c.sysid)).toEqual([1, 98, 99]);
  });

  it('keeps at most maxMessages message ids per component', () => {
    const inspector = new Inspector({ maxMessages: 2 });
    for (let msgid = 60_000; msgid < 60_010; msgid++) {
      const msg = { msgid, name: undefined, fields: undefined, sysid: 1, compid: 1, signed: false };
      inspector.record(msg, T0 + msgid);
    }
    const messages = inspector.snapshot(T0 + 60_010)[0]!.messages.map((m) => m.msgid);
    expect(messages.sort()).toEqual([60_008, 60_009]);
  });
});

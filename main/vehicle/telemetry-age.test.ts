// A vehicle's snapshot says how old each telemetry group is, and a reboot
// (its time since boot going back) is noted among its status texts.

import { describe, expect, it } from 'vitest';
import type { MessageMap, MessageName } from '../mavlink/dialect/types';
import { FakeIo, incoming } from './testing/fake-io';
import { Vehicle } from './vehicle';

function setup() {
  const io = new FakeIo();
  const vehicle = new Vehicle({ sysid: 1, compid: 1, io });
  const reboots: { atMs: number; uptimeMs: number }[] = [];
  vehicle.events.on('reboot', (e) => reboots.push(e));
  const feed = <N extends MessageName>(name: N, fields: Partial<MessageMap[N]>, compid = 1) =>
    vehicle.handle(incoming(name, fields, { compid }), io.now());
  return { io, vehicle, feed, reboots };
}

describe('Vehicle telemetry ages', () => {
  it('are in the snapshot, null for what never came', () => {
    const { io, vehicle, feed } = setup();
    feed('ATTITUDE', { time_boot_ms: 1000 });
    io.advance(400);
    const ages = vehicle.snapshot(io.now()).ages;
    expect(ages.attitude).toEqual({ ageMs: 400, stale: false });
    expect(ages.position).toBeNull();
  });

  it('turn stale when a group stops coming while heartbeats go on', () => {
    const { io, vehicle, feed } = setup();
    for (let i = 0; i < 50; i++) {
      feed('ATTITUDE', { time_boot_ms: 1000 + i * 100 });
      feed('VFR_HUD', {});
      io.advance(100);
    }
    expect(vehicle.telemetryMissing(io.now())).toBe(false);
    for (let i = 0; i < 3; i++) {
      feed('HEARTBEAT', { type: 2, autopilot: 3 });
      io.advance(1000);
    }
    const s = vehicle.snapshot(io.now());
    expect(s.linkLost).toBe(false);
    expect(s.ages.attitude!.stale).toBe(true);
    expect(s.ages.hud!.ageMs).toBe(3100);
    expect(vehicle.telemetryMissing(io.now())).toBe(true);
  });

  it('take no time_boot_ms from another component of the system', () => {
    const { io, feed, reboots } = setup();
    feed('ATTITUDE', { time_boot_ms: 600_000 });
    io.advance(100);
    feed('ATTITUDE', { time_boot_ms: 50 }, 154);
    expect(reboots).toEqual([]);
  });
});

describe('Vehicle reboot', () => {
  it('is seen when time_boot_ms goes back, noted as a warning from the GCS, and dated', () => {
    const { io, vehicle, feed, reboots } = setup();
    feed('SYSTEM_TIME', { time_boot_ms: 754_200 });
    io.advance(3000);
    feed('ATTITUDE', { time_boot_ms: 300 });
    expect(reboots).toEqual([{ atMs: io.now(), uptimeMs: 754_200 }]);
    const s = vehicle.snapshot(io.now());
    expect(s.rebootedAt).toBe(io.now());
    expect(s.statusTexts.at(-1)).toMatchObject({
      severity: 'WARNING',
      text: 'Vehicle rebooted: its time since boot went back from 754.2 s to 0.3 s',
      fromGcs: true,
      compid: 1,
    });
  });

  it('makes what came before it stale, and what comes after fresh', () => {
    const { io, vehicle, feed } = setup();
    feed('GLOBAL_POSITION_INT', { time_boot_ms: 90_000 });
    feed('HOME_POSITION', {});
    io.advance(500);
    feed('ATTITUDE', { time_boot_ms: 200 });
    const ages = vehicle.snapshot(io.now()).ages;
    expect(ages.attitude!.stale).toBe(false);
    expect(ages.position!.stale).toBe(true);
    expect(ages.home!.stale).toBe(true);
  });

  it('is noted once however often the clock jumps within ten seconds', () => {
    const { io, vehicle, feed, reboots } = setup();
    for (let i = 0; i < 20; i++) {
      feed('ATTITUDE', { time_boot_ms: 500_000 });
      io.advance(100);
      feed('ATTITUDE', { time_boot_ms: 100 });
      io.advance(100);
    }
    expect(reboots).toHaveLength(20);
    expect(vehicle.snapshot(io.now()).statusTexts.filter((t) => t.fromGcs)).toHaveLength(1);
  });

  it('has no date on a vehicle that never rebooted', () => {
    const { io, vehicle, feed } = setup();
    feed('SYSTEM_TIME', { time_boot_ms: 1000 });
    io.advance(1000);
    feed('SYSTEM_TIME', { time_boot_ms: 2000 });
    expect(vehicle.snapshot(io.now()).rebootedAt).toBeNull();
  });
});

// The simulated vehicle rebooting, as ArduPilot does: it answers
// MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN, goes silent, and comes back with
// `time_boot_ms` from 0, on the ground, streaming nothing but HEARTBEAT until
// asked again. What it keeps in storage (parameters, the signing key)
// survives.

import { describe, expect, it } from 'vitest';
import { COPTER_MODE, MAV_CMD, MAV_MODE_FLAG, MAV_RESULT } from '../mavlink/dialect';
import { FrameMac } from '../signing/frame-mac';
import { keyFromPassphrase } from '../signing/key';
import { STALE_WINDOW } from '../signing/timestamp';
import { TestGcs } from './testing/scripted-gcs';
import { REBOOT_SILENCE_MS } from './vehicle';

const REBOOT = MAV_CMD.MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN;
const KEY = keyFromPassphrase('reboot test key');

/** A vehicle past its GPS fix, streaming what a GCS asked for. */
async function streaming(options: Parameters<typeof TestGcs.start>[0] = {}): Promise<TestGcs> {
  const gcs = await TestGcs.start({ gpsFixDelayMs: 0, ...options });
  gcs.requestStreams();
  gcs.run(5000);
  return gcs;
}

const STREAMED = new Set([
  'ATTITUDE',
  'GLOBAL_POSITION_INT',
  'VFR_HUD',
  'SYS_STATUS',
  'GPS_RAW_INT',
  'BATTERY_STATUS',
  'SYSTEM_TIME',
]);

function names(gcs: TestGcs): Set<string> {
  return new Set(gcs.received.map((r) => r.name));
}

/** The streamed messages received (what it sends unasked, HOME_POSITION and STATUSTEXT, left out). */
function streamed(gcs: TestGcs): string[] {
  return [...names(gcs)].filter((name) => STREAMED.has(name));
}

describe('the simulated vehicle reboots', () => {
  it('on MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN: ACK first, then silence', async () => {
    const gcs = await streaming();
    gcs.clear();
    gcs.command(REBOOT, [1]);
    expect(gcs.acks(REBOOT)).toEqual([MAV_RESULT.MAV_RESULT_ACCEPTED]);
    expect(gcs.sim.rebooting).toBe(true);
    gcs.clear();
    gcs.run(REBOOT_SILENCE_MS - 20);
    expect(gcs.received).toEqual([]);
    expect(gcs.events).toContainEqual({ kind: 'rebooting' });
  });

  it('comes back with time_boot_ms from 0 and only HEARTBEAT until asked again', async () => {
    const gcs = await streaming();
    const before = gcs.last('SYSTEM_TIME')!.fields.time_boot_ms as number;
    expect(before).toBeGreaterThan(4000);
    gcs.command(REBOOT, [1]);
    gcs.run(REBOOT_SILENCE_MS);
    expect(gcs.sim.rebooting).toBe(false);
    expect(gcs.events).toContainEqual({ kind: 'booted' });
    gcs.clear();
    gcs.run(5000);
    expect(streamed(gcs)).toEqual([]);
    expect(gcs.named('HEARTBEAT').length).toBeGreaterThanOrEqual(5);

    gcs.requestStreams();
    gcs.run(1000);
    const after = gcs.last('SYSTEM_TIME')!.fields.time_boot_ms as number;
    expect(after).toBeLessThan(7000);
    expect(after).toBeGreaterThanOrEqual(5000);
    expect(names(gcs).has('ATTITUDE')).toBe(true);
  });

  it('hears nothing while it is down', async () => {
    const gcs = await streaming();
    gcs.command(REBOOT, [1]);
    gcs.clear();
    gcs.requestStreams();
    gcs.run(REBOOT_SILENCE_MS + 3000);
    expect(streamed(gcs)).toEqual([]);
  });

  it('refuses while armed, as ArduPilot reboots only on the ground', async () => {
    const gcs = await streaming();
    gcs.command(MAV_CMD.MAV_CMD_DO_SET_MODE, [
      MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED,
      COPTER_MODE.COPTER_MODE_GUIDED,
    ]);
    gcs.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [1]);
    gcs.command(REBOOT, [1]);
    expect(gcs.acks(REBOOT)).toEqual([MAV_RESULT.MAV_RESULT_FAILED]);
    expect(gcs.sim.rebooting).toBe(false);
  });

  it('answers a shutdown or a reboot into the bootloader as unsupported', async () => {
    const gcs = await streaming();
    gcs.command(REBOOT, [2]);
    gcs.command(REBOOT, [3]);
    expect(gcs.acks(REBOOT)).toEqual([
      MAV_RESULT.MAV_RESULT_UNSUPPORTED,
      MAV_RESULT.MAV_RESULT_UNSUPPORTED,
    ]);
    expect(gcs.sim.rebooting).toBe(false);
  });

  it('in flight when told to (a power glitch): back on the ground, disarmed, in STABILIZE', async () => {
    const gcs = await streaming();
    gcs.command(MAV_CMD.MAV_CMD_DO_SET_MODE, [
      MAV_MODE_FLAG.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED,
      COPTER_MODE.COPTER_MODE_GUIDED,
    ]);
    gcs.command(MAV_CMD.MAV_CMD_COMPONENT_ARM_DISARM, [1]);
    gcs.command(MAV_CMD.MAV_CMD_NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 10]);
    gcs.run(8000);
    expect(gcs.sim.copter.flying).toBe(true);
    gcs.sim.reboot();
    gcs.run(REBOOT_SILENCE_MS + 100);
    expect(gcs.sim.armed).toBe(false);
    expect(gcs.sim.mode).toBe(COPTER_MODE.COPTER_MODE_STABILIZE);
    expect(gcs.sim.copter.flying).toBe(false);
    expect(gcs.sim.stats.reboots).toBe(1);
  });

  it('keeps its key and signs 60 s past its stored timestamp', async () => {
    const gcs = await streaming({ key: KEY });
    gcs.useKey(KEY);
    gcs.requestStreams();
    gcs.run(1000);
    const lastBefore = gcs.received.at(-1)!.timestamp!;
    gcs.command(REBOOT, [1]);
    gcs.run(REBOOT_SILENCE_MS);
    gcs.clear();
    gcs.run(1000);
    const first = gcs.received[0]!;
    expect(first.signed).toBe(true);
    expect(new FrameMac(KEY).matches(first.bytes, 0, first.bytes.length)).toBe(true);
    expect(first.timestamp!).toBeGreaterThanOrEqual(lastBefore + STALE_WINDOW);
  });

  it('forgets the signed streams it heard, which live in memory only', async () => {
    const gcs = await streaming({ key: KEY });
    gcs.useKey(KEY);
    const ask = gcs.encode('COMMAND_LONG', {
      target_system: 1,
      target_component: 1,
      command: MAV_CMD.MAV_CMD_SET_MESSAGE_INTERVAL,
      param1: 30, // ATTITUDE
      param2: 100_000,
    });
    gcs.sim.receive(ask);
    gcs.sim.receive(ask);
    expect(gcs.acks(MAV_CMD.MAV_CMD_SET_MESSAGE_INTERVAL)).toHaveLength(1);
    expect(gcs.sim.signingCounts.replay).toBe(1);

    gcs.sim.reboot();
    gcs.run(REBOOT_SILENCE_MS + 100);
    gcs.sim.receive(ask);
    expect(gcs.acks(MAV_CMD.MAV_CMD_SET_MESSAGE_INTERVAL)).toHaveLength(2);
    expect(gcs.sim.signingCounts.replay).toBe(1);
  });
});

// The simulated vehicle's streams, as ArduPilot has them on a telemetry
// port: nothing but HEARTBEAT until a GCS asks, then each stream group (or
// message) at the rate asked for.

import { describe, expect, it } from 'vitest';
import { MAV_CMD, MAV_DATA_STREAM, MSG_ID } from '../mavlink/dialect';
import { TestGcs } from './testing/scripted-gcs';

/** A vehicle whose GPS never gets a fix: no HOME_POSITION, which it sends unasked. */
function start(): Promise<TestGcs> {
  return TestGcs.start({ gpsFixDelayMs: 3_600_000 });
}

function askStream(gcs: TestGcs, stream: number, hz: number, start = 1): void {
  gcs.send('REQUEST_DATA_STREAM', {
    target_system: 1,
    target_component: 1,
    req_stream_id: stream,
    req_message_rate: hz,
    start_stop: start,
  });
}

/** How many of each message arrived. */
function counts(gcs: TestGcs): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of gcs.received) out[r.name] = (out[r.name] ?? 0) + 1;
  return out;
}

describe('the simulated vehicle streams', () => {
  it('nothing but HEARTBEAT, once a second, until a GCS asks', async () => {
    const gcs = await start();
    gcs.run(10_000);
    expect(Object.keys(counts(gcs))).toEqual(['HEARTBEAT']);
    expect(gcs.named('HEARTBEAT').length).toBeGreaterThanOrEqual(10);
  });

  it('a stream group at the rate REQUEST_DATA_STREAM asks for, and nothing else', async () => {
    const gcs = await start();
    gcs.run(1000);
    askStream(gcs, MAV_DATA_STREAM.MAV_DATA_STREAM_EXTRA1, 5);
    gcs.clear();
    gcs.run(10_000);
    const seen = counts(gcs);
    expect(Object.keys(seen).sort()).toEqual(['ATTITUDE', 'HEARTBEAT']);
    expect(seen.ATTITUDE).toBeGreaterThanOrEqual(49);
    expect(seen.ATTITUDE).toBeLessThanOrEqual(51);
  });

  it("ArduPilot's groups: EXTENDED_STATUS, POSITION, EXTRA1, EXTRA2 and EXTRA3", async () => {
    const gcs = await start();
    const groups: [number, string[]][] = [
      [
        MAV_DATA_STREAM.MAV_DATA_STREAM_EXTENDED_STATUS,
        ['GPS_RAW_INT', 'MISSION_CURRENT', 'SYS_STATUS'],
      ],
      [MAV_DATA_STREAM.MAV_DATA_STREAM_POSITION, ['GLOBAL_POSITION_INT']],
      [MAV_DATA_STREAM.MAV_DATA_STREAM_EXTRA1, ['ATTITUDE']],
      [MAV_DATA_STREAM.MAV_DATA_STREAM_EXTRA2, ['VFR_HUD']],
      [MAV_DATA_STREAM.MAV_DATA_STREAM_EXTRA3, ['BATTERY_STATUS', 'SYSTEM_TIME']],
    ];
    for (const [stream, names] of groups) {
      askStream(gcs, stream, 2);
      gcs.clear();
      gcs.run(2000);
      expect(Object.keys(counts(gcs)).sort()).toEqual([...names, 'HEARTBEAT'].sort());
      askStream(gcs, stream, 0, 0);
    }
  });

  it('nothing more for RAW_SENSORS and RC_CHANNELS, which hold no message it has', async () => {
    const gcs = await start();
    askStream(gcs, MAV_DATA_STREAM.MAV_DATA_STREAM_RAW_SENSORS, 10);
    askStream(gcs, MAV_DATA_STREAM.MAV_DATA_STREAM_RC_CHANNELS, 10);
    gcs.run(3000);
    expect(Object.keys(counts(gcs))).toEqual(['HEARTBEAT']);
  });

  it('every group on MAV_DATA_STREAM_ALL, and stops them all with start_stop 0', async () => {
    const gcs = await start();
    askStream(gcs, MAV_DATA_STREAM.MAV_DATA_STREAM_ALL, 4);
    gcs.run(2000);
    expect(Object.keys(counts(gcs)).sort()).toEqual([
      'ATTITUDE',
      'BATTERY_STATUS',
      'GLOBAL_POSITION_INT',
      'GPS_RAW_INT',
      'HEARTBEAT',
      'MISSION_CURRENT',
      'SYSTEM_TIME',
      'SYS_STATUS',
      'VFR_HUD',
    ]);
    askStream(gcs, MAV_DATA_STREAM.MAV_DATA_STREAM_ALL, 4, 0);
    gcs.clear();
    gcs.run(3000);
    expect(Object.keys(counts(gcs))).toEqual(['HEARTBEAT']);
  });

  it('one message at the interval MAV_CMD_SET_MESSAGE_INTERVAL asks for', async () => {
    const gcs = await start();
    gcs.command(MAV_CMD.MAV_CMD_SET_MESSAGE_INTERVAL, [MSG_ID.GLOBAL_POSITION_INT, 250_000]);
    gcs.clear();
    gcs.run(10_000);
    const seen = counts(gcs);
    expect(Object.keys(seen).sort()).toEqual(['GLOBAL_POSITION_INT', 'HEARTBEAT']);
    expect(seen.GLOBAL_POSITION_INT).toBeGreaterThanOrEqual(39);
    expect(seen.GLOBAL_POSITION_INT).toBeLessThanOrEqual(41);
  });

  it('a message at its default rate on an interval of 0', async () => {
    const gcs = await start();
    gcs.command(MAV_CMD.MAV_CMD_SET_MESSAGE_INTERVAL, [MSG_ID.VFR_HUD, 0]);
    gcs.clear();
    gcs.run(10_000);
    expect(gcs.named('VFR_HUD').length).toBeGreaterThanOrEqual(39);
  });
});

// AVAILABLE_MODES: its layout agrees with node-mavlink's (built from the
// same XML by another generator), the list is gathered whole, and the
// vehicle's list is what can be requested.

import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { MAV_AUTOPILOT, MAV_TYPE } from '../mavlink/dialect/enums';
import {
  AVAILABLE_MODES,
  AvailableModesCollector,
  availableModeTable,
  createModesCodec,
} from './available-modes';
import { modeTableFor } from './modes';

describe('AVAILABLE_MODES', () => {
  it("has node-mavlink's id, CRC_EXTRA and length", () => {
    expect(AVAILABLE_MODES.id).toBe(common.AvailableModes.MSG_ID);
    expect(AVAILABLE_MODES.crcExtra).toBe(common.AvailableModes.MAGIC_NUMBER);
    expect(AVAILABLE_MODES.length).toBe(common.AvailableModes.PAYLOAD_LENGTH);
  });

  it('goes through the codec and back', () => {
    const codec = createModesCodec();
    const def = codec.byName('AVAILABLE_MODES')!;
    const payload = new Uint8Array(def.length);
    codec.encodePayload(
      def,
      { number_modes: 3, mode_index: 2, custom_mode: 4, mode_name: 'GUIDED' },
      payload,
      0,
    );
    expect(codec.decodePayload(def, payload, 0, def.length)).toMatchObject({
      number_modes: 3,
      mode_index: 2,
      custom_mode: 4,
      mode_name: 'GUIDED',
    });
  });
});

describe('AvailableModesCollector', () => {
  const mode = (index: number, total: number, name: string, custom: number) => ({
    number_modes: total,
    mode_index: index,
    custom_mode: custom,
    mode_name: name,
  });

  it('answers the list once every mode has come, in index order', () => {
    const collector = new AvailableModesCollector();
    expect(collector.add(mode(2, 2, 'Guided', 4))).toBeUndefined();
    expect(collector.add(mode(1, 2, 'STABILIZE', 0))).toEqual([
      { index: 1, customMode: 0, name: 'STABILIZE' },
      { index: 2, customMode: 4, name: 'GUIDED' },
    ]);
  });

  it('starts again when the count changes, and ignores nonsense', () => {
    const collector = new AvailableModesCollector();
    collector.add(mode(1, 3, 'STABILIZE', 0));
    expect(collector.add(mode(0, 3, 'BAD', 1))).toBeUndefined();
    expect(collector.add(mode(4, 3, 'BAD', 1))).toBeUndefined();
    expect(collector.add(mode(1, 1, 'LOITER', 5))).toEqual([
      { index: 1, customMode: 5, name: 'LOITER' },
    ]);
  });
});

describe('availableModeTable', () => {
  const copter = modeTableFor(
    MAV_AUTOPILOT.MAV_AUTOPILOT_ARDUPILOTMEGA,
    MAV_TYPE.MAV_TYPE_QUADROTOR,
  );
  const table = availableModeTable(
    [
      { index: 1, customMode: 0, name: 'STABILIZE' },
      { index: 2, customMode: 4, name: 'GUIDED' },
    ],
    copter,
  );

  it("offers only the vehicle's modes", () => {
    expect(table.names).toEqual(['STABILIZE', 'GUIDED']);
    expect(table.request('guided')).toEqual({ name: 'GUIDED', customMode: 4 });
    expect(table.request('SPORT')).toBeUndefined();
    expect(copter!.request('SPORT')).toBeDefined();
  });

  it("names a mode outside the list by the firmware's table", () => {
    expect(table.nameOf(4)).toBe('GUIDED');
    expect(table.nameOf(6)).toBe('RTL');
  });
});

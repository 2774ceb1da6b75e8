// AVAILABLE_MODES (message 435): the flight modes a vehicle actually has,
// one message per mode, sent in answer to MAV_CMD_REQUEST_MESSAGE. ArduPilot
// 4.5 and later send it; it is defined in MAVLink's development.xml, which
// ardupilotmega.xml does not include, so its definition is laid out here by
// the dialect generator's own rules (field order and CRC_EXTRA computed, not
// typed) and added to the codecs that need it.

import { Codec } from '../mavlink/codec';
import type { Fields } from '../mavlink/codec';
import type { MessageDef } from '../mavlink/definition';
import { MESSAGES } from '../mavlink/dialect/messages';
import { crcExtra } from '../mavlink/generator/crc-extra';
import { layoutMessage } from '../mavlink/generator/layout';
import { normalizeModeName, type ModeTable } from './modes';

export const AVAILABLE_MODES_ID = 435;

export const AVAILABLE_MODES: MessageDef = (() => {
  const field = (name: string, type: string) => ({ name, type, extension: false });
  const layout = layoutMessage({
    id: AVAILABLE_MODES_ID,
    name: 'AVAILABLE_MODES',
    file: 'development.xml',
    fields: [
      field('number_modes', 'uint8_t'),
      field('mode_index', 'uint8_t'),
      field('standard_mode', 'uint8_t'),
      field('custom_mode', 'uint32_t'),
      field('properties', 'uint32_t'),
      field('mode_name', 'char[35]'),
    ],
  });
  return {
    id: AVAILABLE_MODES_ID,
    name: 'AVAILABLE_MODES',
    crcExtra: crcExtra('AVAILABLE_MODES', layout.wireOrder),
    baseLength: layout.baseLength,
    length: layout.length,
    fields: layout.fields,
  };
})();

/** The ArduPilot dialect and AVAILABLE_MODES: what the GCS and the simulated vehicle speak. */
export function createModesCodec(): Codec {
  return new Codec([...MESSAGES, AVAILABLE_MODES]);
}

export interface AvailableMode {
  readonly index: number;
  readonly customMode: number;
  readonly name: string;
}

/** Gathers one vehicle's AVAILABLE_MODES until it has them all. */
export class AvailableModesCollector {
  private total = 0;
  private readonly modes = new Map<number, AvailableMode>();

  /** Takes one message; the complete list once every index has come, else undefined. */
  add(fields: Fields): readonly AvailableMode[] | undefined {
    const total = Number(fields.number_modes);
    const index = Number(fields.mode_index);
    if (!(total >= 1) || !(index >= 1) || index > total) return undefined;
    if (total !== this.total) {
      // The vehicle's list changed size: start again.
      this.total = total;
      this.modes.clear();
    }
    const name = normalizeModeName(String(fields.mode_name));
    if (name === '') return undefined;
    this.modes.set(index, { index, customMode: Number(fields.custom_mode), name });
    if (this.modes.size < total) return undefined;
    return [...this.modes.values()].sort((a, b) => a.index - b.index);
  }
}

/**
 * The vehicle's own list as a mode table: only its modes can be requested;
 * a mode number outside it is still named, by the firmware's table.
 */
export function availableModeTable(
  modes: readonly AvailableMode[],
  fallback: ModeTable | undefined,
): ModeTable {
  const byName = new Map(modes.map((m) => [m.name, m]));
  const byNumber = new Map(modes.map((m) => [m.customMode, m.name]));
  const px4 = fallback?.family === 'px4';
  return {
    family: fallback?.family ?? 'copter',
    names: modes.map((m) => m.name),
    nameOf: (customMode) =>
      byNumber.get(customMode) ?? fallback?.nameOf(customMode) ?? `CUSTOM_${customMode}`,
    request(name) {
      const mode = byName.get(normalizeModeName(name));
      if (mode === undefined) return undefined;
      const { customMode } = mode;
      return px4
        ? {
            name: mode.name,
            customMode,
            px4: { main: (customMode >>> 16) & 0xff, sub: (customMode >>> 24) & 0xff },
          }
        : { name: mode.name, customMode };
    },
  };
}

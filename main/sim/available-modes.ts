// AVAILABLE_MODES as ArduCopter 4.7 answers MAV_CMD_REQUEST_MESSAGE for it:
// index 0 asks for every mode (one message each), 1..n for one. Only the
// modes this copter flies are listed: no SPORT, which 4.7 no longer builds.

import { availableModes } from './modes';

/** `send` takes the fields of one AVAILABLE_MODES; false for an index out of range. */
export function sendAvailableModes(send: (fields: object) => void, index: number): boolean {
  const modes = availableModes();
  if (!Number.isInteger(index) || index < 0 || index > modes.length) return false;
  modes.forEach((mode, i) => {
    if (index !== 0 && index !== i + 1) return;
    send({
      number_modes: modes.length,
      mode_index: i + 1,
      // Not a standard mode: ArduPilot's own modes are custom ones.
      standard_mode: 0,
      custom_mode: mode.customMode,
      properties: 0,
      mode_name: mode.name,
    });
  });
  return true;
}

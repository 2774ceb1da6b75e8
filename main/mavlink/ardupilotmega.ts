// The dialect Sigil speaks: ardupilotmega.xml and everything it includes.

import { Codec } from './codec';
import { MESSAGES } from './dialect/messages';

/** A codec for the ArduPilot dialect. Each owner gets its own (it keeps scratch buffers). */
export function createCodec(): Codec {
  return new Codec(MESSAGES);
}

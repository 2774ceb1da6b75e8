// One parsed frame as the JSON object `sigil decode` prints.

import type { Codec } from './codec';
import type { FrameView } from './frame';
import { fieldsToJson, type JsonValue } from './json';

export interface FrameJson {
  t?: number;
  version: 1 | 2;
  seq: number;
  sysid: number;
  compid: number;
  msgid: number;
  name?: string;
  signed: boolean;
  fields?: Record<string, JsonValue>;
}

export function frameToJson(codec: Codec, frame: FrameView, timeUs?: number): FrameJson {
  const json: FrameJson = timeUs === undefined ? ({} as FrameJson) : ({ t: timeUs } as FrameJson);
  json.version = frame.version;
  json.seq = frame.seq;
  json.sysid = frame.sysid;
  json.compid = frame.compid;
  json.msgid = frame.msgid;
  const fields = codec.decode(frame);
  if (frame.def !== undefined) json.name = frame.def.name;
  json.signed = frame.signed;
  if (fields !== undefined) json.fields = fieldsToJson(fields);
  return json;
}

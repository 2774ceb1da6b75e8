// MISSION_ACK results in words a pilot reads: what the vehicle says went
// wrong, without making them look up MAV_MISSION_RESULT.

import { MAV_MISSION_RESULT as R } from '../mavlink/dialect/enums';
import { enumName } from './enum-names';

const WORDS: ReadonlyMap<number, string> = new Map([
  [R.MAV_MISSION_ACCEPTED, 'accepted'],
  [R.MAV_MISSION_ERROR, 'it reported an unspecified error'],
  [R.MAV_MISSION_UNSUPPORTED_FRAME, 'it does not support the coordinate frame of an item'],
  [R.MAV_MISSION_UNSUPPORTED, 'it does not support a command in the plan'],
  [R.MAV_MISSION_NO_SPACE, 'the plan has more items than it can store'],
  [R.MAV_MISSION_INVALID, 'an item has a parameter out of range'],
  [R.MAV_MISSION_INVALID_PARAM1, 'an item has an invalid param1'],
  [R.MAV_MISSION_INVALID_PARAM2, 'an item has an invalid param2'],
  [R.MAV_MISSION_INVALID_PARAM3, 'an item has an invalid param3'],
  [R.MAV_MISSION_INVALID_PARAM4, 'an item has an invalid param4'],
  [R.MAV_MISSION_INVALID_PARAM5_X, 'an item has an invalid latitude or x (param5)'],
  [R.MAV_MISSION_INVALID_PARAM6_Y, 'an item has an invalid longitude or y (param6)'],
  [R.MAV_MISSION_INVALID_PARAM7, 'an item has an invalid altitude or z (param7)'],
  [R.MAV_MISSION_INVALID_SEQUENCE, 'it received an item out of sequence'],
  [R.MAV_MISSION_DENIED, 'it is not accepting mission commands now (another transfer under way?)'],
  [
    R.MAV_MISSION_OPERATION_CANCELLED,
    'it cancelled the transfer (it waited too long for an item?)',
  ],
]);

/** The MAV_MISSION_RESULT name, MAV_MISSION_RESULT_<n> for one the dialect does not know. */
export function missionResultName(result: number): string {
  return enumName(R, result) ?? `MAV_MISSION_RESULT_${result}`;
}

/** What the vehicle meant, in words, followed by the result's name. */
export function missionResultWords(result: number): string {
  const words = WORDS.get(result) ?? 'it answered with a result this ground station does not know';
  return `${words} (${missionResultName(result)})`;
}

// What the Plan view says of transfers: a refusal without the request's
// name in front, and the outcome of each plan in a sentence.

import type { MissionType } from '../../../protocol/wire-types';
import { errorMessage } from '../../components/format';
import { MISSION_TYPE_NOUNS } from '../../plan/plan';

/** The core's message without the request type it starts with ("missions.upload: "). */
export function plainError(error: unknown): string {
  return errorMessage(error).replace(/^[a-z]+\.[A-Za-z]+: /, '');
}

/** "1 item", "5 items". */
export function itemCount(n: number): string {
  return n === 1 ? '1 item' : `${n} items`;
}

export type TransferOutcome =
  { type: MissionType; ok: true; count: number } | { type: MissionType; ok: false; error: string };

/** "Uploaded the geofence: 5 items." / "The geofence was not uploaded: ...". */
export function outcomeText(outcome: TransferOutcome, direction: 'download' | 'upload'): string {
  const noun = MISSION_TYPE_NOUNS[outcome.type];
  const done = direction === 'upload' ? 'Uploaded' : 'Downloaded';
  if (outcome.ok) {
    return outcome.count === 0
      ? `${done} the ${noun}: none, the vehicle holds no ${noun} now.`
      : `${done} the ${noun}: ${itemCount(outcome.count)}.`;
  }
  const verb = direction === 'upload' ? 'uploaded' : 'downloaded';
  return `The ${noun} was not ${verb}: ${outcome.error}`;
}

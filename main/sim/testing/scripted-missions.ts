// Mission plans and transfers for tests of the simulated vehicle: items
// placed in metres from home, and the ground station's side of the
// protocol driven by hand through a TestGcs.

import { MAV_CMD, MAV_FRAME, MAV_MISSION_RESULT as R } from '../../mavlink/dialect';
import {
  itemFields,
  itemOf,
  itemWith,
  missionTypeId,
  type MissionItem,
  type MissionType,
} from '../../vehicle/mission-items';
import { DEFAULT_HOME, offsetPoint } from '../geo';
import type { Received, TestGcs } from './scripted-gcs';

const TARGET = { sysid: 1, compid: 1 };

/** An item `north` and `east` metres from the default home, `alt` metres above it. */
export function itemAt(
  command: number,
  north: number,
  east: number,
  alt: number,
  fields: Partial<MissionItem> = {},
): MissionItem {
  const { lat, lon } = offsetPoint(DEFAULT_HOME, north, east);
  return itemWith({
    command,
    x: Math.round(lat * 1e7),
    y: Math.round(lon * 1e7),
    z: alt,
    ...fields,
  });
}

/** Home as item 0 of a mission to upload (the vehicle reports its own home there). */
export function homeItem(): MissionItem {
  return {
    ...itemAt(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 0, 0, 0),
    frame: MAV_FRAME.MAV_FRAME_GLOBAL,
    z: DEFAULT_HOME.altMsl,
  };
}

/** Home, takeoff to 10 m, three waypoints 30 m apart, land. */
export function squareMission(): MissionItem[] {
  return [
    homeItem(),
    itemAt(MAV_CMD.MAV_CMD_NAV_TAKEOFF, 0, 0, 10),
    itemAt(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 30, 0, 15),
    itemAt(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 30, 30, 15),
    itemAt(MAV_CMD.MAV_CMD_NAV_WAYPOINT, 0, 30, 15),
    itemAt(MAV_CMD.MAV_CMD_NAV_LAND, 0, 30, 0),
  ];
}

/** The first frame named `name` after index `from`, with its index. */
function next(
  gcs: TestGcs,
  from: number,
  names: readonly string[],
): [Received, number] | undefined {
  for (let i = from; i < gcs.received.length; i++) {
    const r = gcs.received[i]!;
    if (names.includes(r.name)) return [r, i];
  }
  return undefined;
}

/**
 * Uploads `items` the way a ground station does, answering every request
 * the vehicle makes (moving the clock on when it waits); returns the
 * MISSION_ACK's result and the items asked for, in order.
 */
export function upload(
  gcs: TestGcs,
  type: MissionType,
  items: readonly MissionItem[],
  options: { answer?: (seq: number) => boolean; maxMs?: number } = {},
): { result: number | undefined; asked: number[] } {
  const asked: number[] = [];
  let at = gcs.received.length;
  gcs.send('MISSION_COUNT', {
    ...target(),
    count: items.length,
    mission_type: missionTypeId(type),
  });
  for (let waited = 0; waited <= (options.maxMs ?? 20_000);) {
    const found = next(gcs, at, ['MISSION_REQUEST_INT', 'MISSION_ACK']);
    if (found === undefined) {
      gcs.run(100);
      waited += 100;
      continue;
    }
    const [frame, index] = found;
    at = index + 1;
    if (frame.name === 'MISSION_ACK') {
      // An item sent twice is answered INVALID_SEQUENCE, and the upload goes on.
      if (frame.fields.type === R.MAV_MISSION_INVALID_SEQUENCE) continue;
      return { result: frame.fields.type as number, asked };
    }
    const seq = frame.fields.seq as number;
    asked.push(seq);
    if (options.answer?.(seq) === false) continue;
    gcs.send('MISSION_ITEM_INT', itemFields(items[seq]!, seq, type, TARGET));
  }
  return { result: undefined, asked };
}

/** Downloads a plan item by item; returns the items, or the MISSION_ACK result that ended it. */
export function download(gcs: TestGcs, type: MissionType): MissionItem[] | number {
  const mission_type = missionTypeId(type);
  let at = gcs.received.length;
  gcs.send('MISSION_REQUEST_LIST', { ...target(), mission_type });
  const count = next(gcs, at, ['MISSION_COUNT', 'MISSION_ACK']);
  if (count === undefined) throw new Error('no MISSION_COUNT');
  if (count[0].name === 'MISSION_ACK') return count[0].fields.type as number;
  at = count[1] + 1;
  const items: MissionItem[] = [];
  for (let seq = 0; seq < (count[0].fields.count as number); seq++) {
    gcs.send('MISSION_REQUEST_INT', { ...target(), seq, mission_type });
    const item = next(gcs, at, ['MISSION_ITEM_INT', 'MISSION_ACK']);
    if (item === undefined) throw new Error(`no item ${seq}`);
    if (item[0].name === 'MISSION_ACK') return item[0].fields.type as number;
    at = item[1] + 1;
    items.push(itemOf(item[0].fields as never));
  }
  gcs.send('MISSION_ACK', { ...target(), type: 0, mission_type });
  return items;
}

function target() {
  return { target_system: TARGET.sysid, target_component: TARGET.compid };
}

// The mission protocol on the simulated vehicle, as ArduPilot serves it,
// for its three plans: mission (item 0 is home), geofence and rally points.
//
// - Download: MISSION_REQUEST_LIST is answered with MISSION_COUNT, each
//   MISSION_REQUEST_INT with MISSION_ITEM_INT (MISSION_REQUEST with the
//   float MISSION_ITEM). Item 0 of the mission is always the current home.
// - Upload: MISSION_COUNT starts it (refused with NO_SPACE beyond the
//   plan's limit, DENIED while another ground station uploads), then the
//   vehicle asks for each item in turn, asks again after `retryMs` without
//   one, and gives up with OPERATION_CANCELLED after `cancelMs` without
//   progress. An item out of turn gets INVALID_SEQUENCE and the upload goes
//   on; an item it cannot take ends the upload with its result.
// - Like ArduPilot, the mission and the rally points are written as items
//   come (the plan is cut to the new count at once), so an upload that
//   fails part-way leaves part of the new plan; a geofence is kept aside
//   and replaces the old one only when complete.
// - MISSION_CLEAR_ALL empties a plan (the mission keeps home).
//
// `faults` is for tests: requests lost, asked for out of order or twice.

import {
  MAV_MISSION_RESULT as R,
  MAV_SEVERITY,
  MSG_ID,
  type MISSION_ACK,
  type MISSION_COUNT,
  type MISSION_ITEM,
  type MISSION_ITEM_INT,
  type MISSION_REQUEST_INT,
  type MessageMap,
  type MessageName,
} from '../mavlink/dialect';
import {
  MISSION_TYPES,
  isGlobalFrame,
  itemFields,
  itemOf,
  missionTypeId,
  missionTypeOf,
  type MissionItem,
  type MissionType,
} from '../vehicle/mission-items';
import type { Fields, Sender } from './dispatch';
import { PLAN_LIMITS, checkFence, checkItem } from './mission-check';
import type { StoredPlans } from './stored-plans';

export interface MissionFaults {
  /**
   * Whether a MISSION_REQUEST(_INT) is lost: in an upload, the vehicle's
   * own request for item `seq`; in a download, the ground station's.
   * `attempt` counts from 1 for each item.
   */
  dropRequest?: (transfer: 'upload' | 'download', seq: number, attempt: number) => boolean;
  /** In an upload, ask for the items in swapped pairs: 1, 0, 3, 2, ... */
  reorder?: boolean;
  /** In an upload, send every request twice. */
  duplicate?: boolean;
}

export interface MissionServerOut {
  now(): number;
  isForUs(targetSystem: number, targetComponent?: number): boolean;
  send<N extends MessageName>(name: N, fields: Partial<MessageMap[N]>): void;
  sendText(severity: number, text: string): void;
  /** Item 0 of the mission: where home is now. */
  home(): MissionItem;
  /** A plan was replaced or changed (an upload, complete or not, or a clear). */
  changed(type: MissionType): void;
}

export interface MissionServerOptions {
  /** Asks for an item again after this long without it. Default 1000 ms, as ArduPilot. */
  retryMs?: number;
  /** Gives an upload up after this long without an item. Default 8000 ms, as ArduPilot. */
  cancelMs?: number;
}

interface Receiving {
  readonly type: MissionType;
  readonly from: Sender;
  readonly count: number;
  /** The order the items are asked for (0, 1, 2, ... unless told otherwise). */
  readonly order: readonly number[];
  at: number;
  readonly items: MissionItem[];
  lastItemMs: number;
  lastRequestMs: number;
}

const MESSAGES: ReadonlySet<number> = new Set([
  MSG_ID.MISSION_REQUEST_LIST,
  MSG_ID.MISSION_REQUEST_INT,
  MSG_ID.MISSION_REQUEST,
  MSG_ID.MISSION_COUNT,
  MSG_ID.MISSION_ITEM_INT,
  MSG_ID.MISSION_ITEM,
  MSG_ID.MISSION_ACK,
  MSG_ID.MISSION_CLEAR_ALL,
]);

export class MissionServer {
  faults: MissionFaults = {};
  private readonly plans: Record<MissionType, MissionItem[]>;
  private readonly receiving = new Map<MissionType, Receiving>();
  private readonly attempts = new Map<string, number>();
  private readonly retryMs: number;
  private readonly cancelMs: number;

  constructor(
    private readonly out: MissionServerOut,
    stored: Partial<StoredPlans> = {},
    options: MissionServerOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 1000;
    this.cancelMs = options.cancelMs ?? 8000;
    this.plans = {
      mission: [...(stored.mission ?? [])],
      fence: [...(stored.fence ?? [])],
      rally: [...(stored.rally ?? [])],
    };
    if (this.plans.mission.length === 0) this.plans.mission.push(out.home());
  }

  /** A plan as it is stored (the mission's item 0 as uploaded; `plan` shows home there). */
  stored(): StoredPlans {
    // Items asked for out of order may leave gaps while an upload runs.
    const kept = (items: MissionItem[]) => items.filter((item) => item !== undefined);
    return {
      mission: kept(this.plans.mission),
      fence: kept(this.plans.fence),
      rally: kept(this.plans.rally),
    };
  }

  /** A plan as the vehicle reports it. */
  plan(type: MissionType): readonly MissionItem[] {
    const items = this.plans[type];
    return type === 'mission' ? [this.out.home(), ...items.slice(1)] : items;
  }

  /** Whether `type` is being uploaded. */
  isReceiving(type: MissionType): boolean {
    return this.receiving.has(type);
  }

  /** Handles a message of the protocol; false for any other. */
  handle(msgid: number, fields: Fields, from: Sender): boolean {
    if (!MESSAGES.has(msgid)) return false;
    const f = fields as { target_system: number; target_component: number; mission_type: number };
    if (!this.out.isForUs(f.target_system, f.target_component)) return true;
    if (msgid === MSG_ID.MISSION_CLEAR_ALL && f.mission_type === 255) {
      for (const type of MISSION_TYPES) this.clear(type, from, false);
      this.ack(from, 'mission', R.MAV_MISSION_ACCEPTED);
      return true;
    }
    const type = missionTypeOf(f.mission_type);
    if (type === undefined) {
      this.ack(from, 'mission', R.MAV_MISSION_UNSUPPORTED, f.mission_type);
      return true;
    }
    switch (msgid) {
      case MSG_ID.MISSION_REQUEST_LIST:
        this.requestList(type, from);
        return true;
      case MSG_ID.MISSION_REQUEST_INT:
      case MSG_ID.MISSION_REQUEST:
        this.requestItem(type, from, (fields as unknown as MISSION_REQUEST_INT).seq, msgid);
        return true;
      case MSG_ID.MISSION_COUNT:
        this.count(type, from, (fields as unknown as MISSION_COUNT).count);
        return true;
      case MSG_ID.MISSION_ITEM_INT: {
        const item = fields as unknown as MISSION_ITEM_INT;
        this.item(type, from, itemOf(item), item.seq);
        return true;
      }
      case MSG_ID.MISSION_ITEM: {
        const item = fields as unknown as MISSION_ITEM;
        this.item(type, from, fromFloatItem(item), item.seq);
        return true;
      }
      case MSG_ID.MISSION_ACK:
        this.gcsAck(type, from, (fields as unknown as MISSION_ACK).type);
        return true;
      case MSG_ID.MISSION_CLEAR_ALL:
        this.clear(type, from, true);
        return true;
    }
    return true;
  }

  /** Ends every upload under way without a word, as a reboot does; what was written stays. */
  abandonUploads(): void {
    for (const r of [...this.receiving.values()]) this.endUpload(r);
  }

  /** Asks again for an item that has not come, or gives the upload up. */
  tick(nowMs: number): void {
    for (const r of [...this.receiving.values()]) {
      if (nowMs - r.lastItemMs > this.cancelMs) {
        this.endUpload(r);
        this.ack(r.from, r.type, R.MAV_MISSION_OPERATION_CANCELLED);
      } else if (nowMs - r.lastRequestMs > this.retryMs) {
        this.askFor(r);
      }
    }
  }

  private requestList(type: MissionType, from: Sender): void {
    if (this.receiving.has(type)) {
      this.ack(from, type, R.MAV_MISSION_DENIED);
      return;
    }
    this.out.send('MISSION_COUNT', {
      target_system: from.sysid,
      target_component: from.compid,
      count: this.plans[type].length,
      mission_type: missionTypeId(type),
    });
  }

  private requestItem(type: MissionType, from: Sender, seq: number, msgid: number): void {
    if (this.receiving.has(type)) {
      this.ack(from, type, R.MAV_MISSION_DENIED);
      return;
    }
    if (this.dropped('download', type, seq)) return;
    const items = this.plan(type);
    const item = items[seq];
    if (item === undefined) {
      this.ack(from, type, R.MAV_MISSION_INVALID_SEQUENCE);
      return;
    }
    const target = { sysid: from.sysid, compid: from.compid };
    if (msgid === MSG_ID.MISSION_REQUEST_INT) {
      this.out.send('MISSION_ITEM_INT', itemFields(item, seq, type, target));
      return;
    }
    const scale = isGlobalFrame(item.frame) ? 1e7 : 1;
    this.out.send('MISSION_ITEM', {
      ...itemFields(item, seq, type, target),
      x: item.x / scale,
      y: item.y / scale,
    });
  }

  private count(type: MissionType, from: Sender, count: number): void {
    const busy = this.receiving.get(type);
    if (busy !== undefined) {
      // The same ground station may start again; another may not.
      if (busy.from.sysid !== from.sysid || busy.from.compid !== from.compid) {
        this.ack(from, type, R.MAV_MISSION_DENIED);
        return;
      }
      this.receiving.delete(type);
    }
    const limit = PLAN_LIMITS[type];
    if (count > limit) {
      this.ack(from, type, R.MAV_MISSION_NO_SPACE);
      this.out.sendText(MAV_SEVERITY.MAV_SEVERITY_WARNING, `Only ${limit} items are supported`);
      return;
    }
    if (count === 0) {
      this.plans[type] = type === 'mission' ? [this.out.home()] : [];
      this.out.changed(type);
      this.ack(from, type, R.MAV_MISSION_ACCEPTED);
      return;
    }
    // Written through as items come, like ArduPilot's mission and rally points.
    if (type !== 'fence') this.plans[type] = this.plans[type].slice(0, count);
    const now = this.out.now();
    const r: Receiving = {
      type,
      from,
      count,
      order: this.faults.reorder ? swappedPairs(count) : [...Array(count).keys()],
      at: 0,
      items: [],
      lastItemMs: now,
      lastRequestMs: now,
    };
    this.receiving.set(type, r);
    this.clearAttempts(type);
    this.askFor(r);
  }

  private item(type: MissionType, from: Sender, item: MissionItem, seq: number): void {
    const r = this.receiving.get(type);
    if (r === undefined) return;
    if (from.sysid !== r.from.sysid || from.compid !== r.from.compid) {
      this.ack(from, type, R.MAV_MISSION_DENIED);
      return;
    }
    if (seq !== r.order[r.at]) {
      this.ack(from, type, R.MAV_MISSION_INVALID_SEQUENCE);
      return;
    }
    const result = checkItem(type, item);
    if (result !== R.MAV_MISSION_ACCEPTED) {
      this.endUpload(r);
      this.ack(from, type, result);
      return;
    }
    r.items[seq] = item;
    if (type !== 'fence') this.write(type, seq, item);
    r.at++;
    r.lastItemMs = this.out.now();
    if (r.at < r.count) {
      this.askFor(r);
      return;
    }
    this.receiving.delete(type);
    const complete = type === 'fence' ? checkFence(r.items) : R.MAV_MISSION_ACCEPTED;
    if (complete === R.MAV_MISSION_ACCEPTED && type === 'fence') this.plans.fence = r.items;
    this.out.changed(type);
    this.ack(from, type, complete);
  }

  private gcsAck(type: MissionType, from: Sender, result: number): void {
    const r = this.receiving.get(type);
    if (r === undefined || result !== R.MAV_MISSION_OPERATION_CANCELLED) return;
    if (from.sysid === r.from.sysid && from.compid === r.from.compid) this.endUpload(r);
  }

  private clear(type: MissionType, from: Sender, answer: boolean): void {
    if (this.receiving.has(type)) {
      if (answer) this.ack(from, type, R.MAV_MISSION_ERROR);
      return;
    }
    this.plans[type] = type === 'mission' ? [this.out.home()] : [];
    this.out.changed(type);
    if (answer) this.ack(from, type, R.MAV_MISSION_ACCEPTED);
  }

  private write(type: MissionType, seq: number, item: MissionItem): void {
    this.plans[type][seq] = item;
  }

  private endUpload(r: Receiving): void {
    this.receiving.delete(r.type);
    if (r.type === 'fence' || r.at === 0) return;
    // What was written stays, as on ArduPilot: the plan may be half new. Items
    // asked for out of order may leave gaps, which close up.
    this.plans[r.type] = this.plans[r.type].filter((item) => item !== undefined);
    this.out.changed(r.type);
  }

  private askFor(r: Receiving): void {
    const seq = r.order[r.at]!;
    r.lastRequestMs = this.out.now();
    if (this.dropped('upload', r.type, seq)) return;
    const times = this.faults.duplicate ? 2 : 1;
    for (let i = 0; i < times; i++)
      this.out.send('MISSION_REQUEST_INT', {
        target_system: r.from.sysid,
        target_component: r.from.compid,
        seq,
        mission_type: missionTypeId(r.type),
      });
  }

  private dropped(transfer: 'upload' | 'download', type: MissionType, seq: number): boolean {
    const drop = this.faults.dropRequest;
    if (drop === undefined) return false;
    const key = `${transfer}:${type}:${seq}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    return drop(transfer, seq, attempt);
  }

  private clearAttempts(type: MissionType): void {
    for (const key of [...this.attempts.keys()])
      if (key.startsWith(`upload:${type}:`)) this.attempts.delete(key);
  }

  private ack(to: Sender, type: MissionType, result: number, typeId = missionTypeId(type)): void {
    this.out.send('MISSION_ACK', {
      target_system: to.sysid,
      target_component: to.compid,
      type: result,
      mission_type: typeId,
    });
  }
}

function swappedPairs(count: number): number[] {
  const order: number[] = [];
  for (let i = 0; i < count; i += 2) {
    if (i + 1 < count) order.push(i + 1);
    order.push(i);
  }
  return order;
}

/** MISSION_ITEM (floats, degrees) as the integer item it stands for. */
function fromFloatItem(f: MISSION_ITEM): MissionItem {
  const scale = isGlobalFrame(f.frame) ? 1e7 : 1;
  return {
    ...itemOf({ ...f, x: 0, y: 0 }),
    x: Math.round(f.x * scale),
    y: Math.round(f.y * scale),
  };
}

// Reading a plan from the vehicle: MISSION_REQUEST_LIST, answered by
// MISSION_COUNT; then each item asked for with MISSION_REQUEST_INT, in
// order, until every one has come; then MISSION_ACK(ACCEPTED) tells the
// vehicle we are done.
//
// - An item that comes unasked, or again, or for a later request than the
//   one under way (a late answer to a re-request), is kept if it is one
//   still missing and otherwise ignored: a duplicate changes nothing.
// - A request not answered within `itemTimeoutMs` is sent again; an item
//   that arrives resets the count of retries.
// - MISSION_ITEM_INT before MISSION_COUNT is ignored: ArduPilot sends item
//   0 unasked when its home moves.
// - A MISSION_ACK with an error ends the download with the vehicle's words.

import { MAV_MISSION_RESULT } from '../mavlink/dialect/enums';
import type { MISSION_COUNT, MISSION_ITEM_INT } from '../mavlink/dialect/types';
import { itemOf, missionTypeId, type MissionItem } from './mission-items';
import { MissionError, refusal, Transfer } from './mission-transfer';

export class Download extends Transfer<MissionItem[]> {
  readonly direction = 'download';
  private total: number | undefined;
  private items: (MissionItem | undefined)[] = [];
  private received = 0;
  private requested = -1;

  start(): void {
    this.requestList();
  }

  counts(): { done: number; total: number } {
    return { done: this.received, total: this.total ?? 0 };
  }

  override onCount(f: MISSION_COUNT): void {
    // A second MISSION_COUNT answers a REQUEST_LIST sent again; the same count changes nothing.
    if (this.total === f.count) return;
    this.total = f.count;
    this.items = new Array<MissionItem | undefined>(f.count).fill(undefined);
    this.received = 0;
    this.tries = 0;
    this.ctx.progress(0, f.count);
    if (f.count === 0) this.complete();
    else this.requestNext();
  }

  override onItem(f: MISSION_ITEM_INT): void {
    const total = this.total;
    if (total === undefined || f.seq >= total || this.items[f.seq] !== undefined) return;
    this.items[f.seq] = itemOf(f);
    this.received++;
    this.tries = 0;
    this.ctx.progress(this.received, total);
    if (this.received === total) this.complete();
    else if (f.seq === this.requested) this.requestNext();
  }

  override onAck(result: number): void {
    if (result === MAV_MISSION_RESULT.MAV_MISSION_ACCEPTED) return;
    this.fail(refusal(`the ${this.noun} download`, result));
  }

  cancel(reason: string): void {
    if (this.done) return;
    if (this.total !== undefined) this.sendCancel();
    this.fail(new MissionError(`the ${this.noun} download was cancelled: ${reason}`));
  }

  private complete(): void {
    this.sendAck(MAV_MISSION_RESULT.MAV_MISSION_ACCEPTED);
    this.finish(this.items as MissionItem[]);
  }

  private requestList(): void {
    this.ctx.io.send('MISSION_REQUEST_LIST', {
      target_system: this.ctx.target.sysid,
      target_component: this.ctx.target.compid,
      mission_type: missionTypeId(this.ctx.type),
    });
    this.wait(this.ctx.timeoutMs, () => {
      if (this.retry()) this.requestList();
      else
        this.fail(
          new MissionError(
            `the ${this.noun} download: no MISSION_COUNT from the vehicle after ${this.tries} MISSION_REQUEST_LIST`,
          ),
        );
    });
  }

  private requestNext(): void {
    const seq = this.items.indexOf(undefined);
    this.requested = seq;
    this.ctx.io.send('MISSION_REQUEST_INT', {
      target_system: this.ctx.target.sysid,
      target_component: this.ctx.target.compid,
      seq,
      mission_type: missionTypeId(this.ctx.type),
    });
    this.wait(this.ctx.itemTimeoutMs, () => {
      if (this.retry()) {
        this.requestNext();
        return;
      }
      this.sendCancel();
      this.fail(
        new MissionError(
          `the ${this.noun} download stopped at item ${seq} of ${this.total}: ` +
            `no answer to ${this.tries} MISSION_REQUEST_INT`,
        ),
      );
    });
  }
}

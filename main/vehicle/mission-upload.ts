// Writing a plan to the vehicle: MISSION_COUNT, then the vehicle asks for
// each item (MISSION_REQUEST_INT, or MISSION_REQUEST from older firmware)
// and is sent MISSION_ITEM_INT; MISSION_ACK(ACCEPTED) after the last item
// ends it.
//
// - The vehicle leads. Any request for an item of the plan is answered, in
//   whatever order and however often it comes: a re-request or a duplicate
//   gets the item again.
// - MISSION_COUNT goes out again while no request has come; once the
//   vehicle has asked, we wait for it to ask again (it re-requests what it
//   missed), and give up after `retries` silent timeouts.
// - ArduPilot answers an item it already has with MISSION_ACK
//   INVALID_SEQUENCE and goes on: that result does not end the upload.
// - Once the vehicle has asked for an item, it may hold part of the new
//   plan: ArduPilot writes items as they come. A failure from then on says
//   so, and asks the pilot to upload again or download what is there.

import { MAV_MISSION_RESULT } from '../mavlink/dialect/enums';
import { commandName } from './command-runner';
import { itemFields, missionTypeId, type MissionItem } from './mission-items';
import { MissionError, refusal, Transfer, type TransferContext } from './mission-transfer';

export class Upload extends Transfer<{ count: number }> {
  readonly direction = 'upload';
  private readonly sent: Uint8Array;
  private sentCount = 0;
  private lastRequested = -1;

  constructor(
    ctx: TransferContext,
    private readonly items: readonly MissionItem[],
  ) {
    super(ctx);
    this.sent = new Uint8Array(items.length);
  }

  private get started(): boolean {
    return this.lastRequested >= 0;
  }

  start(): void {
    this.ctx.progress(0, this.items.length);
    this.sendCount();
  }

  counts(): { done: number; total: number } {
    return { done: this.sentCount, total: this.items.length };
  }

  override onRequest(seq: number): void {
    const count = this.items.length;
    if (seq >= count) {
      this.sendCancel();
      this.fail(
        new MissionError(
          `the ${this.noun} upload failed: the vehicle asked for item ${seq}, but the plan has ${count}` +
            this.partialNote(),
          undefined,
          this.started,
        ),
      );
      return;
    }
    this.lastRequested = seq;
    this.tries = 0;
    this.ctx.io.send(
      'MISSION_ITEM_INT',
      itemFields(this.items[seq]!, seq, this.ctx.type, this.ctx.target),
    );
    if (this.sent[seq] === 0) {
      this.sent[seq] = 1;
      this.sentCount++;
      this.ctx.progress(this.sentCount, count);
    }
    this.waitForVehicle();
  }

  override onAck(result: number): void {
    const count = this.items.length;
    if (result === MAV_MISSION_RESULT.MAV_MISSION_INVALID_SEQUENCE && this.started) return;
    if (result !== MAV_MISSION_RESULT.MAV_MISSION_ACCEPTED) {
      const what = this.started
        ? `item ${this.lastRequested} (${commandName(this.items[this.lastRequested]!.command)}) of the ${this.noun} upload`
        : `the ${this.noun} upload`;
      const error = refusal(what, result, this.started);
      if (this.started) error.message += this.partialNote();
      this.fail(error);
      return;
    }
    if (this.sentCount === count) {
      this.finish({ count });
      return;
    }
    this.fail(
      new MissionError(
        `the ${this.noun} upload: the vehicle accepted it after only ${this.sentCount} of ${count} items` +
          this.partialNote(),
        undefined,
        true,
      ),
    );
  }

  cancel(reason: string): void {
    if (this.done) return;
    if (this.started) this.sendCancel();
    this.fail(
      new MissionError(
        `the ${this.noun} upload was cancelled: ${reason}` +
          (this.started ? this.partialNote() : ''),
        undefined,
        this.started,
      ),
    );
  }

  private partialNote(): string {
    return (
      `. The vehicle may now hold part of the new ${this.noun} and part of the old: ` +
      `upload it again, or download to see what it holds`
    );
  }

  private sendCount(): void {
    this.ctx.io.send('MISSION_COUNT', {
      target_system: this.ctx.target.sysid,
      target_component: this.ctx.target.compid,
      count: this.items.length,
      mission_type: missionTypeId(this.ctx.type),
    });
    this.wait(this.ctx.timeoutMs, () => {
      if (this.started) return;
      if (this.retry()) {
        this.sendCount();
        return;
      }
      this.fail(
        new MissionError(
          `the ${this.noun} upload: no answer from the vehicle after ${this.tries} MISSION_COUNT`,
        ),
      );
    });
  }

  private waitForVehicle(): void {
    this.wait(this.ctx.timeoutMs, () => {
      if (this.retry()) {
        this.waitForVehicle();
        return;
      }
      const waited = (this.tries * this.ctx.timeoutMs) / 1000;
      const problem =
        this.sentCount === this.items.length
          ? `the vehicle did not confirm it (no MISSION_ACK within ${waited} s of the last item)`
          : `the vehicle stopped asking for items after ${this.sentCount} of ${this.items.length} (nothing for ${waited} s)`;
      this.sendCancel();
      this.fail(
        new MissionError(
          `the ${this.noun} upload failed: ${problem}` + this.partialNote(),
          undefined,
          true,
        ),
      );
    });
  }
}

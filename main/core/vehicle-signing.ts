// Putting the key on a vehicle (or taking signing off it) over one link.
// The change is confirmed by what the vehicle does next: a HEARTBEAT signed
// with the new key (or an unsigned one after turning signing off). Until
// then HEARTBEAT, STATUSTEXT and RADIO_STATUS also pass unsigned, so the
// vehicle's answer, or its refusal, can be heard; on failure the link gets
// its old policy back, so it is never left deaf.

import { MSG_ID } from '../mavlink/dialect/types';
import type { SigningKey } from '../signing/key';
import type { Verdict } from '../signing/link-verifier';
import type { Link, LinkSigningPolicy } from './link';

export type SigningChangeKind = 'enable' | 'disable';

export type SigningChangeResult =
  | { readonly ok: true; readonly kind: SigningChangeKind }
  | { readonly ok: false; readonly kind: SigningChangeKind; readonly reason: string };

export interface SigningChangeTarget {
  sysid: number;
  compid: number;
}

/** Heard while pending: what the vehicle says, unsigned, about the change. */
export const PENDING_UNSIGNED: readonly number[] = [
  MSG_ID.HEARTBEAT,
  MSG_ID.STATUSTEXT,
  MSG_ID.RADIO_STATUS,
];

// ArduPilot: "Won't setup signing when armed"; other refusals mention signing too.
const REFUSAL =
  /won'?t set ?up signing|signing.*(refus|fail|denied|reject)|(refus|fail|denied|reject).*signing/i;

export class SigningChange {
  readonly result: Promise<SigningChangeResult>;
  private settle!: (result: SigningChangeResult) => void;
  private timer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(
    readonly link: Link,
    readonly target: SigningChangeTarget,
    readonly kind: SigningChangeKind,
    private readonly previous: LinkSigningPolicy,
  ) {
    this.result = new Promise((resolve) => (this.settle = resolve));
  }

  /**
   * Sends SETUP_SIGNING and switches the link over. With `enable`, `key` is
   * the GCS's current key and `initialTimestamp` its signing clock.
   */
  start(key: SigningKey | null, initialTimestamp: number, timeoutMs: number): void {
    const def = this.link.codec.byId(256);
    if (def === undefined) {
      this.finish({ ok: false, kind: this.kind, reason: 'the dialect has no SETUP_SIGNING' });
      return;
    }
    const enable = this.kind === 'enable' && key !== null;
    const sent = this.link.send(def, {
      target_system: this.target.sysid,
      target_component: this.target.compid,
      secret_key: enable ? Array.from(key.exportBytes()) : new Array<number>(32).fill(0),
      initial_timestamp: enable ? BigInt(initialTimestamp) : 0n,
    });
    if (!sent) {
      this.finish({
        ok: false,
        kind: this.kind,
        reason: 'the link could not send (not connected?)',
      });
      return;
    }
    // After turning signing on we sign and require it; after turning it off,
    // the vehicle's frames arrive unsigned, so the link keeps signing until
    // the change is confirmed and only then stops.
    if (this.kind === 'enable') {
      this.link.setSigningPolicy({ ...this.previous, sign: true, require: true });
    }
    this.link.allowUnsignedTemporarily(PENDING_UNSIGNED);
    this.timer = setTimeout(
      () =>
        this.fail(
          `no ${this.kind === 'enable' ? 'signed' : 'unsigned'} heartbeat from the vehicle within ${timeoutMs / 1000} s`,
        ),
      timeoutMs,
    );
    this.timer.unref();
  }

  /** Feeds a frame the link accepted; settles the change when it answers it. */
  observe(
    sysid: number,
    compid: number,
    msgid: number,
    signed: boolean,
    verdict: Verdict | null,
    text: string | undefined,
  ): void {
    if (this.done || sysid !== this.target.sysid || compid !== this.target.compid) return;
    if (msgid === MSG_ID.HEARTBEAT) {
      const confirmed = this.kind === 'enable' ? signed && verdict === 'ok' : !signed;
      if (!confirmed) return;
      this.link.allowUnsignedTemporarily([]);
      if (this.kind === 'disable')
        this.link.setSigningPolicy({ ...this.previous, sign: false, require: false });
      this.finish({ ok: true, kind: this.kind });
    } else if (msgid === MSG_ID.STATUSTEXT && text !== undefined && REFUSAL.test(text)) {
      this.fail(`the vehicle refused: ${text}`);
    }
  }

  cancel(reason: string): void {
    this.fail(reason);
  }

  private fail(reason: string): void {
    if (this.done) return;
    this.link.allowUnsignedTemporarily([]);
    this.link.setSigningPolicy(this.previous);
    this.finish({ ok: false, kind: this.kind, reason });
  }

  private finish(result: SigningChangeResult): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.settle(result);
  }
}

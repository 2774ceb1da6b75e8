// Putting the key on a vehicle (or taking signing off it) over one link.
// The change is confirmed by what the vehicle does next: a HEARTBEAT signed
// with the new key (or an unsigned one after turning signing off). Until
// then HEARTBEAT, STATUSTEXT and RADIO_STATUS also pass unsigned, so the
// vehicle's answer, or its refusal, can be heard; on failure the link gets
// its old policy back, so it is never left deaf. The workflow hears the
// router's decoded messages and changes the link only through its policy.

import type { MessageDef } from '../mavlink/definition';
import { MSG_ID } from '../mavlink/dialect/types';
import type { SigningKey } from '../signing/key';
import type { Verdict } from '../signing/link-verifier';
import type { IncomingMessage } from '../vehicle/io';
import type { Link, LinkSigningPolicy } from './link';

export type SigningChangeKind = 'enable' | 'disable';

export type SigningChangeResult =
  | { readonly ok: true; readonly kind: SigningChangeKind }
  | { readonly ok: false; readonly kind: SigningChangeKind; readonly reason: string };

export interface SigningChangeTarget {
  sysid: number;
  compid: number;
  /** The MQTT network it is on; absent for the direct links. */
  network?: string;
}

/** What a signing change needs of its link: to send, and to switch its signing policy. */
export type SigningChangeLink = Pick<Link, 'signingPolicy' | 'send' | 'setSigningPolicy'>;

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
  /** The link's policy before the change: what a failure goes back to. */
  private readonly previous: LinkSigningPolicy;

  constructor(
    readonly link: SigningChangeLink,
    readonly target: SigningChangeTarget,
    readonly kind: SigningChangeKind,
    /** Told at once when the change settles, before anything else is routed. */
    private readonly onSettled?: (result: SigningChangeResult) => void,
  ) {
    this.previous = link.signingPolicy;
    this.result = new Promise((resolve) => (this.settle = resolve));
  }

  /**
   * Sends SETUP_SIGNING (`def`) and switches the link over. With `enable`,
   * `key` is the GCS's current key and `initialTimestamp` its signing clock.
   */
  start(
    def: MessageDef | undefined,
    key: SigningKey | null,
    initialTimestamp: number,
    timeoutMs: number,
  ): void {
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
    const pending =
      this.kind === 'enable' ? { ...this.previous, sign: true, require: true } : this.previous;
    this.link.setSigningPolicy(pending, PENDING_UNSIGNED);
    this.timer = setTimeout(
      () =>
        this.fail(
          `no ${this.kind === 'enable' ? 'signed' : 'unsigned'} heartbeat from the vehicle within ${timeoutMs / 1000} s`,
        ),
      timeoutMs,
    );
    this.timer.unref();
  }

  /** Feeds a message the link accepted; settles the change when it answers it. */
  observe(msg: IncomingMessage, verdict: Verdict | null): void {
    if (this.done || msg.sysid !== this.target.sysid || msg.compid !== this.target.compid) return;
    if (msg.msgid === MSG_ID.HEARTBEAT) {
      const confirmed = this.kind === 'enable' ? msg.signed && verdict === 'ok' : !msg.signed;
      if (!confirmed) return;
      const settled =
        this.kind === 'disable'
          ? { ...this.previous, sign: false, require: false }
          : this.link.signingPolicy;
      this.link.setSigningPolicy(settled, []);
      this.finish({ ok: true, kind: this.kind });
    } else if (msg.msgid === MSG_ID.STATUSTEXT) {
      const text = msg.fields?.text;
      if (typeof text === 'string' && REFUSAL.test(text)) this.fail(`the vehicle refused: ${text}`);
    }
  }

  cancel(reason: string): void {
    this.fail(reason);
  }

  private fail(reason: string): void {
    if (this.done) return;
    this.link.setSigningPolicy(this.previous, []);
    this.finish({ ok: false, kind: this.kind, reason });
  }

  private finish(result: SigningChangeResult): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.onSettled?.(result);
    this.settle(result);
  }
}

/**
 * The signing changes under way, at most one per link. The router feeds it
 * every message it routes; a link with no change under way costs one check.
 */
export class VehicleSigning {
  private readonly pending = new Map<SigningChangeLink, SigningChange>();

  constructor(
    /** SETUP_SIGNING in the GCS's dialect (undefined: the dialect lacks it). */
    private readonly setupSigning: MessageDef | undefined,
    /** How long a vehicle has to confirm a change. */
    private readonly timeoutMs: number,
    /**
     * Told synchronously when a change settles, so that what follows the
     * vehicle's answer is routed knowing it (a vehicle no longer signing).
     */
    private readonly onSettled?: (change: SigningChange, result: SigningChangeResult) => void,
  ) {}

  /** The change under way on `link`, if any. */
  pendingOn(link: SigningChangeLink): SigningChange | undefined {
    return this.pending.get(link);
  }

  /**
   * Starts a change of `target`'s signing over `link`; it hears every
   * message the link accepts until it settles. With `enable`, `key` is the
   * GCS's current key and `initialTimestamp` its signing clock.
   */
  begin(
    link: SigningChangeLink,
    target: SigningChangeTarget,
    kind: SigningChangeKind,
    key: SigningKey | null,
    initialTimestamp: number,
  ): SigningChange {
    if (this.pending.has(link))
      throw new Error('a signing change is already under way on this link');
    const change: SigningChange = new SigningChange(link, target, kind, (result) => {
      if (this.pending.get(link) === change) this.pending.delete(link);
      this.onSettled?.(change, result);
    });
    this.pending.set(link, change);
    change.start(this.setupSigning, key, initialTimestamp, this.timeoutMs);
    return change;
  }

  /** A message `link` accepted, decoded, with its verdict (null: nothing verified). */
  observe(link: SigningChangeLink, msg: IncomingMessage, verdict: Verdict | null): void {
    if (this.pending.size === 0) return;
    this.pending.get(link)?.observe(msg, verdict);
  }

  cancel(link: SigningChangeLink, reason: string): void {
    this.pending.get(link)?.cancel(reason);
  }

  cancelAll(reason: string): void {
    for (const change of this.pending.values()) change.cancel(reason);
  }
}

// One link: a transport, its own frame parser, its own signing link id and
// policy, and its statistics. Received frames are verified here; what passes
// goes up to the GCS. What the GCS sends is encoded, signed and counted here.

import type { Codec } from '../mavlink/codec';
import type { MessageDef } from '../mavlink/definition';
import { INCOMPAT_SIGNED, type FrameView } from '../mavlink/frame';
import { FrameParser, type ParserStats } from '../mavlink/parser';
import type { ConnectionConfig } from '../links/connection';
import { ReplayTransport } from '../links/replay';
import type { LinkState, Transport } from '../links/transport';
import { HELD, type SigningClock } from '../signing/clock';
import type { SigningKey } from '../signing/key';
import { MSG_ID } from '../mavlink/dialect/types';
import type { SigningChange } from './vehicle-signing';
import type { FrameMac } from '../signing/frame-mac';
import {
  LinkVerifier,
  isAccepted,
  zeroCounts,
  type Rejection,
  type Verdict,
  type VerdictCounts,
} from '../signing/link-verifier';
import { Signer } from '../signing/sign';
import {
  ACCEPT_UNSIGNED,
  DEFAULT_ALLOWED_UNSIGNED,
  rejectUnsigned,
  type UnsignedPolicy,
} from '../signing/unsigned-policy';
import type { SignatureVerifier } from '../signing/verifier';
import { LinkCounters, type RemoteLoss, type TrafficRates } from './link-stats';

/** The GCS-wide signing material a link signs and verifies with (absent: no key set). */
export interface SigningContext {
  readonly verifier: SignatureVerifier;
  readonly mac: FrameMac;
  readonly clock: SigningClock;
}

/** A link's signing choices. */
export interface LinkSigningPolicy {
  /** Sign every frame sent on this link. */
  sign: boolean;
  /** Reject unsigned frames, but for the `allowUnsigned` message ids. */
  require: boolean;
  allowUnsigned: readonly number[];
}

export const DEFAULT_LINK_SIGNING: LinkSigningPolicy = {
  sign: false,
  require: false,
  allowUnsigned: DEFAULT_ALLOWED_UNSIGNED,
};

export interface LinkIdentity {
  sysid: number;
  compid: number;
}

export interface LinkHandlers {
  /** A frame that passed verification (verdict null: no key, nothing verified). */
  onFrame(link: Link, frame: FrameView, verdict: Verdict | null): void;
  /** Every good frame received, before verification, and every frame sent. */
  onTraffic?(link: Link, frame: Uint8Array, def: MessageDef | undefined): void;
  onState?(link: Link, state: LinkState): void;
}

export interface LinkStatsSnapshot {
  bytesIn: number;
  bytesOut: number;
  framesIn: number;
  framesOut: number;
  rates: TrafficRates;
  parser: ParserStats;
  loss: RemoteLoss[];
  verdicts: VerdictCounts;
}

export class Link {
  state: LinkState = { status: 'connecting' };
  private readonly parser: FrameParser;
  private readonly counters: LinkCounters;
  private policy: LinkSigningPolicy = DEFAULT_LINK_SIGNING;
  private signing: SigningContext | null = null;
  private verifier: LinkVerifier | null = null;
  private signer: Signer | null = null;
  // Verdict counts and rejections survive a key change (a new LinkVerifier): they belong to the link.
  private readonly verdicts: VerdictCounts = zeroCounts();
  private rejections: Rejection[] = [];
  private seq = 0;
  /** A vehicle's signing change under way on this link, fed every accepted frame. */
  private signingChange: SigningChange | null = null;
  /** While a vehicle's signing change is pending, these ids also pass unsigned. */
  private extraUnsigned: readonly number[] = [];

  constructor(
    /** Also the link id this link signs with (0..255). */
    readonly id: number,
    readonly transport: Transport,
    readonly codec: Codec,
    private readonly identity: LinkIdentity,
    private readonly handlers: LinkHandlers,
    now: number = Date.now(),
  ) {
    this.counters = new LinkCounters(now);
    this.parser = new FrameParser(codec, (frame) => this.receive(frame));
  }

  /** The replay controls, for a `tlog:` link. */
  get replay(): ReplayTransport | undefined {
    return this.transport instanceof ReplayTransport ? this.transport : undefined;
  }

  get config(): ConnectionConfig {
    return this.transport.config;
  }

  start(): void {
    this.transport.start({
      onData: (chunk) => {
        this.counters.bytesIn += chunk.length;
        this.parser.push(chunk);
      },
      onState: (state) => {
        // A new connection starts a new byte stream: a half frame from the old one means nothing.
        if (state.status === 'connected') this.parser.reset();
        this.state = state;
        this.handlers.onState?.(this, state);
      },
    });
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  get signingPolicy(): LinkSigningPolicy {
    return this.policy;
  }

  /** Changes what this link signs and requires. */
  setSigningPolicy(policy: LinkSigningPolicy): void {
    this.policy = { ...policy, allowUnsigned: [...policy.allowUnsigned] };
    this.rebuildVerifier();
  }

  /** New signing material (a new key), or null when the key is removed. */
  useSigning(context: SigningContext | null): void {
    this.signing = context;
    this.signer = context === null ? null : new Signer(context.mac, this.id & 0xff, context.clock);
    this.rebuildVerifier();
  }

  /** Lets more message ids through unsigned, on top of the policy (empty to stop). */
  allowUnsignedTemporarily(msgids: readonly number[]): void {
    this.extraUnsigned = [...msgids];
    this.rebuildVerifier();
  }

  /** The signing change under way on this link, if any. */
  get pendingSigningChange(): SigningChange | null {
    return this.signingChange;
  }

  /** Starts a vehicle signing change here; it hears every frame this link accepts until it settles. */
  beginSigningChange(
    change: SigningChange,
    key: SigningKey | null,
    initialTimestamp: number,
    timeoutMs: number,
  ): void {
    if (this.signingChange !== null)
      throw new Error('a signing change is already under way on this link');
    this.signingChange = change;
    void change.result.then(() => {
      if (this.signingChange === change) this.signingChange = null;
    });
    change.start(key, initialTimestamp, timeoutMs);
  }

  /**
   * Encodes, signs when the policy says so, and sends. False when the
   * transport could not send, or the signing clock held the frame.
   */
  send(def: MessageDef, fields: Readonly<Record<string, unknown>>): boolean {
    const sign = this.policy.sign && this.signer !== null;
    const frame = this.codec.encodeFrame(def, fields, {
      version: 2,
      seq: this.seq,
      sysid: this.identity.sysid,
      compid: this.identity.compid,
      incompatFlags: sign ? INCOMPAT_SIGNED : 0,
    });
    // A clock that cannot stand behind a timestamp holds the frame (the
    // clock counts it and says why: signing/persistent-clock.ts).
    if (sign && this.signer!.sign(frame) === HELD) return false;
    this.seq = (this.seq + 1) & 0xff;
    return this.writeFrame(frame, def);
  }

  /** Sends an already-encoded frame as it is (replaying a capture). */
  writeFrame(frame: Uint8Array, def: MessageDef | undefined): boolean {
    const sent = this.transport.write(frame);
    if (sent) {
      this.counters.bytesOut += frame.length;
      this.counters.framesOut++;
      this.handlers.onTraffic?.(this, frame, def);
    }
    return sent;
  }

  sampleRates(now: number): void {
    this.counters.sample(now);
  }

  stats(): LinkStatsSnapshot {
    const c = this.counters;
    return {
      bytesIn: c.bytesIn,
      bytesOut: c.bytesOut,
      framesIn: c.framesIn,
      framesOut: c.framesOut,
      rates: { ...c.rates },
      parser: { ...this.parser.stats },
      loss: c.loss(),
      verdicts: { ...this.verdicts },
    };
  }

  /** The last rejected frames, oldest first, across key changes. */
  recentRejections(): Rejection[] {
    return [...this.rejections, ...(this.verifier?.recentRejections() ?? [])].slice(-50);
  }

  private rebuildVerifier(): void {
    if (this.verifier !== null) this.rejections = this.recentRejections();
    if (this.signing === null) {
      this.verifier = null;
      return;
    }
    const policy: UnsignedPolicy = this.policy.require
      ? rejectUnsigned([...this.policy.allowUnsigned, ...this.extraUnsigned])
      : ACCEPT_UNSIGNED;
    this.verifier = new LinkVerifier(this.signing.verifier, policy);
  }

  private receive(frame: FrameView): void {
    const counters = this.counters;
    counters.framesIn++;
    counters.sequence(frame.sysid, frame.compid, frame.seq);
    this.handlers.onTraffic?.(this, frame.bytes(), frame.def);
    let verdict: Verdict | null = null;
    if (this.verifier !== null) {
      verdict = this.verifier.verify(frame);
      this.verdicts[verdict]++;
      if (!isAccepted(verdict)) return;
    }
    const change = this.signingChange;
    if (change !== null) {
      const text = frame.msgid === MSG_ID.STATUSTEXT ? this.codec.decode(frame)?.text : undefined;
      change.observe(
        frame.sysid,
        frame.compid,
        frame.msgid,
        frame.signed,
        verdict,
        typeof text === 'string' ? text : undefined,
      );
    }
    this.handlers.onFrame(this, frame, verdict);
  }
}

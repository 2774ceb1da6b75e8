// One link: a transport, its own frame parser, its own signing link id and
// policy, and its statistics. Received frames are verified here; what passes
// goes up to the GCS. What the GCS sends is encoded, signed and counted here.
// Frames claiming the GCS's own identity are dropped before verification:
// sent back to us, our own signed frames must not open a signing stream.

import type { Codec } from '../mavlink/codec';
import type { MessageDef } from '../mavlink/definition';
import { INCOMPAT_SIGNED, type FrameView } from '../mavlink/frame';
import { FrameParser, type ParserStats } from '../mavlink/parser';
import type { ConnectionConfig } from '../links/connection';
import { MqttTransport } from '../links/mqtt';
import { ReplayTransport } from '../links/replay';
import type { LinkState, Transport } from '../links/transport';
import { HELD, type SigningClock } from '../signing/clock';
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
import {
  DropRing,
  zeroDrops,
  type DropCounts,
  type DropReason,
  type DropRecord,
} from './link-drops';
import { LinkCounters, type RemoteLoss, type TrafficRates } from './link-stats';
import { DIRECT_NETWORK } from './networks';

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
  /** Where the GCS's signing link ids start: link N signs with (base + N) mod 256. Default 0. */
  linkIdBase?: number;
}

export interface LinkHandlers {
  /**
   * A frame that passed verification (verdict null: no key, nothing
   * verified). Answers null when it was taken, or why it was dropped.
   */
  onFrame(link: Link, frame: FrameView, verdict: Verdict | null): DropReason | null;
  /** Every good frame received, before verification, and every frame sent. */
  onTraffic?(link: Link, frame: Uint8Array, def: MessageDef | undefined): void;
  onState?(link: Link, state: LinkState): void;
  /** A new peer connected to this link (a client of a `tcpin` link). */
  onPeer?(link: Link): void;
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

/** A link's statistics with the counters of frames it refused. */
export interface LinkStats extends LinkStatsSnapshot {
  /** Frames refused (by signing or dropped); `framesIn` counts only those that passed. */
  framesRejected: number;
  /** framesRejected per second over the last sampling period. */
  rejectedRate: number;
  dropped: DropCounts;
}

/** A signing rejection or a drop, as the link's recent rejections list them. */
export type LinkRejection = Rejection | DropRecord;

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
  private readonly dropped: DropCounts = zeroDrops();
  private readonly drops = new DropRing();
  private seq = 0;
  /** While a vehicle's signing change is pending, these ids also pass unsigned. */
  private pendingUnsigned: readonly number[] = [];

  constructor(
    /** 0..255; the link id it signs with is this plus the identity's `linkIdBase`. */
    readonly id: number,
    readonly transport: Transport,
    readonly codec: Codec,
    private readonly identity: LinkIdentity,
    private readonly handlers: LinkHandlers,
    /** The network its systems belong to (networks.ts): their vehicles and signing streams. */
    readonly network: number = DIRECT_NETWORK,
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

  /** The link id in the signatures of what this link sends. */
  get signingLinkId(): number {
    return (this.id + (this.identity.linkIdBase ?? 0)) & 0xff;
  }

  /** The broker side of an `mqtt://` link: its connections, outages and bridges. */
  get broker(): MqttTransport | undefined {
    return this.transport instanceof MqttTransport ? this.transport : undefined;
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
      onPeer: () => this.handlers.onPeer?.(this),
    });
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /** Whether there is a key to sign with (the policy says whether it is used). */
  get canSign(): boolean {
    return this.signer !== null;
  }

  get signingPolicy(): LinkSigningPolicy {
    return this.policy;
  }

  /**
   * Changes what this link signs and requires. `pendingUnsigned` are ids that
   * also pass unsigned while a vehicle answers a signing change (empty once
   * it has settled); left out, they stay as they are.
   */
  setSigningPolicy(
    policy: LinkSigningPolicy,
    pendingUnsigned: readonly number[] = this.pendingUnsigned,
  ): void {
    this.policy = { ...policy, allowUnsigned: [...policy.allowUnsigned] };
    this.pendingUnsigned = [...pendingUnsigned];
    this.rebuildVerifier();
  }

  /** New signing material (a new key), or null when the key is removed. */
  useSigning(context: SigningContext | null): void {
    this.signing = context;
    this.signer =
      context === null ? null : new Signer(context.mac, this.signingLinkId, context.clock);
    this.rebuildVerifier();
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

  stats(): LinkStats {
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
      framesRejected: c.framesRejected,
      rejectedRate: c.rejectedRate,
      dropped: { ...this.dropped },
    };
  }

  /** The last refused frames, signing rejections and drops, oldest first, across key changes. */
  recentRejections(): LinkRejection[] {
    const all: LinkRejection[] = [...this.recentSigningRejections(), ...this.drops.list()];
    // Each list is in time order; a stable sort keeps that order within equal times.
    return all.sort((a, b) => a.timeMs - b.timeMs).slice(-50);
  }

  /** The last frames rejected by signing alone, oldest first, across key changes. */
  recentSigningRejections(): Rejection[] {
    return [...this.rejections, ...(this.verifier?.recentRejections() ?? [])].slice(-50);
  }

  private rebuildVerifier(): void {
    if (this.verifier !== null) this.rejections = this.recentSigningRejections();
    if (this.signing === null) {
      this.verifier = null;
      return;
    }
    const policy: UnsignedPolicy = this.policy.require
      ? rejectUnsigned([...this.policy.allowUnsigned, ...this.pendingUnsigned])
      : ACCEPT_UNSIGNED;
    this.verifier = new LinkVerifier(this.signing.verifier, policy, { network: this.network });
  }

  private receive(frame: FrameView): void {
    const counters = this.counters;
    this.handlers.onTraffic?.(this, frame.bytes(), frame.def);
    if (frame.sysid === this.identity.sysid && frame.compid === this.identity.compid) {
      this.drop('own-identity', frame);
      return;
    }
    let verdict: Verdict | null = null;
    if (this.verifier !== null) {
      verdict = this.verifier.verify(frame);
      this.verdicts[verdict]++;
      if (!isAccepted(verdict)) {
        counters.framesRejected++;
        return;
      }
    }
    const dropped = this.handlers.onFrame(this, frame, verdict);
    if (dropped !== null) {
      this.drop(dropped, frame);
      return;
    }
    counters.framesIn++;
    counters.sequence(frame.sysid, frame.compid, frame.seq);
  }

  private drop(reason: DropReason, frame: FrameView): void {
    this.dropped[reason]++;
    this.counters.framesRejected++;
    this.drops.add(reason, frame, Date.now());
  }
}

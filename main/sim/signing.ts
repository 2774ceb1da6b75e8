// Signing as ArduPilot does it on a telemetry port: with no key everything
// is taken and nothing is signed; once SETUP_SIGNING (or a start option) has
// given it a key, every frame it sends is signed and it takes only frames
// that verify, plus the unsigned ones a radio injects. Built from the
// signing engine: one clock, one signer (link id 0), one verifier.

import type { FrameView } from '../mavlink/frame';
import { HELD, SigningClock } from '../signing/clock';
import { FrameMac } from '../signing/frame-mac';
import type { SigningKey } from '../signing/key';
import {
  LinkVerifier,
  isAccepted,
  zeroCounts,
  type Verdict,
  type VerdictCounts,
} from '../signing/link-verifier';
import { ReferenceTime } from '../signing/reference';
import { Signer } from '../signing/sign';
import { rejectUnsigned, type UnsignedPolicy } from '../signing/unsigned-policy';
import { SignatureVerifier } from '../signing/verifier';

/** The link id the sim signs with. */
export const SIM_LINK_ID = 0;

interface Active {
  readonly key: SigningKey;
  readonly clock: SigningClock;
  readonly signer: Signer;
  readonly verifier: LinkVerifier;
}

export class SimSigning {
  /** What became of every frame checked while signing was on, across keys. */
  readonly counts: VerdictCounts = zeroCounts();
  private active: Active | undefined;
  /** The clock of the last key, kept after signing is turned off so it can be saved. */
  private lastTimestamp = 0;
  private readonly reference: ReferenceTime;

  constructor(
    /** Wall-clock time as a signing timestamp. */
    private readonly wallClock: () => number,
    private readonly policy: UnsignedPolicy = rejectUnsigned(),
  ) {
    this.reference = new ReferenceTime(wallClock);
  }

  get enabled(): boolean {
    return this.active !== undefined;
  }

  get key(): SigningKey | undefined {
    return this.active?.key;
  }

  /** The highest timestamp used or accepted under the current key (what must be persisted). */
  get timestamp(): number {
    return this.active?.clock.highest ?? this.lastTimestamp;
  }

  /**
   * Signs from now on with `key`, its timestamps starting at `start`. A new
   * key starts a new stream table; the same key again keeps the one it had.
   */
  enable(key: SigningKey, start: number): void {
    const current = this.active;
    if (current !== undefined && current.key.equals(key)) {
      current.clock.accept(start - 1);
      return;
    }
    const clock = new SigningClock({ start, wallClock: this.wallClock });
    const mac = new FrameMac(key);
    this.active = {
      key,
      clock,
      signer: new Signer(mac, SIM_LINK_ID, clock),
      verifier: new LinkVerifier(
        new SignatureVerifier({ key, reference: this.reference, clock }),
        this.policy,
      ),
    };
  }

  /**
   * A reboot with the key kept: signing goes on from `start`, and the
   * streams it had heard are forgotten, as they live in memory only.
   */
  restart(start: number): void {
    const key = this.active?.key;
    if (key === undefined) return;
    this.active = undefined;
    this.enable(key, start);
  }

  /** Remembers a timestamp used under an earlier key (restored with signing off), so it is kept. */
  remember(timestamp: number): void {
    if (timestamp > this.lastTimestamp) this.lastTimestamp = timestamp;
  }

  disable(): void {
    if (this.active !== undefined) this.lastTimestamp = this.active.clock.highest;
    this.active = undefined;
  }

  /** The verdict on a received frame; undefined when signing is off (everything is taken). */
  check(frame: FrameView): Verdict | undefined {
    const active = this.active;
    if (active === undefined) return undefined;
    const verdict = active.verifier.verify(frame);
    this.counts[verdict]++;
    return verdict;
  }

  /** Whether a received frame may be acted on. */
  accepts(frame: FrameView): boolean {
    const verdict = this.check(frame);
    return verdict === undefined || isAccepted(verdict);
  }

  /**
   * Signs a frame encoded with INCOMPAT_SIGNED, in place; false when the
   * clock has run out of 48 bits (the frame must not be sent).
   */
  sign(frame: Uint8Array): boolean {
    return this.active === undefined || this.active.signer.sign(frame) !== HELD;
  }
}

// The GCS's signing state: one key, one persisted outgoing clock, one
// reference time, and one verifier whose stream table every link shares.
// Links get a SigningContext from here and a new one whenever the key
// changes.

import { join } from 'node:path';
import { FrameMac } from '../signing/frame-mac';
import type { SigningKey } from '../signing/key';
import { PersistentClock, type ClockHealth } from '../signing/persistent-clock';
import { ReferenceTime } from '../signing/reference';
import type { StreamInfo } from '../signing/stream-table';
import { FUTURE_HORIZON } from '../signing/timestamp';
import { SignatureVerifier } from '../signing/verifier';
import type { SigningContext } from './link';

/** The signing clock's file in the data folder (a second one sits beside it). */
export const CLOCK_FILE = 'signing-timestamp.json';

export interface SigningServiceOptions {
  /** Folder for the persisted signing clock. */
  dataDir: string;
  maxStreams?: number;
  /** How far ahead of the reference a signed frame may be, in timestamp units. Default 24 h. */
  futureHorizon?: number;
  /** Told whenever the signing clock's health changes (and at start if it is not sound). */
  onClockHealth?: (health: ClockHealth) => void;
}

export class SigningService {
  /** What new streams are judged against: the wall clock, raised by accepted timestamps. */
  readonly reference = new ReferenceTime();
  private key: SigningKey | null = null;
  private context: SigningContext | null = null;

  private constructor(
    readonly persistent: PersistentClock,
    private readonly options: SigningServiceOptions,
  ) {}

  static async open(options: SigningServiceOptions): Promise<SigningService> {
    const persistent = await PersistentClock.open(join(options.dataDir, CLOCK_FILE), {
      ...(options.onClockHealth === undefined ? {} : { onHealth: options.onClockHealth }),
    });
    return new SigningService(persistent, options);
  }

  get currentKey(): SigningKey | null {
    return this.key;
  }

  get currentContext(): SigningContext | null {
    return this.context;
  }

  /** A new key starts a new stream table: streams under the old key mean nothing under it. */
  setKey(key: SigningKey | null): SigningContext | null {
    this.key = key;
    if (key === null) {
      this.context = null;
      return null;
    }
    const clock = this.persistent.clock;
    const verifier = new SignatureVerifier({
      key,
      reference: this.reference,
      clock,
      maxStreams: this.options.maxStreams,
      futureHorizon: this.options.futureHorizon,
    });
    this.context = { verifier, mac: new FrameMac(key), clock };
    return this.context;
  }

  streams(): StreamInfo[] {
    return this.context?.verifier.streams() ?? [];
  }

  /** The reference new streams are judged against (not our outgoing clock: see reference.ts). */
  get localTimestamp(): number {
    return this.reference.now();
  }

  /** How far ahead of the reference a signed frame may be before it is `future`, in timestamp units. */
  get futureHorizon(): number {
    return this.options.futureHorizon ?? FUTURE_HORIZON;
  }

  /** Whether the outgoing clock can be trusted, and if not which file and why. */
  get clockHealth(): ClockHealth {
    return this.persistent.health;
  }

  close(): Promise<void> {
    return this.persistent.close();
  }
}

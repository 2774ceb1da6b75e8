// The GCS's signing state: one key, one persisted clock, one verifier whose
// stream table every link shares. Links get a SigningContext from here and a
// new one whenever the key changes.

import { join } from 'node:path';
import { FrameMac } from '../signing/frame-mac';
import type { SigningKey } from '../signing/key';
import type { StreamInfo } from '../signing/stream-table';
import { PersistentClock } from '../signing/timestamp-store';
import { SignatureVerifier } from '../signing/verifier';
import type { SigningContext } from './link';

export interface SigningServiceOptions {
  /** Folder for the persisted signing timestamp. */
  dataDir: string;
  maxStreams?: number;
}

export class SigningService {
  private key: SigningKey | null = null;
  private context: SigningContext | null = null;

  private constructor(
    readonly persistent: PersistentClock,
    private readonly maxStreams: number | undefined,
  ) {}

  static async open(options: SigningServiceOptions): Promise<SigningService> {
    const persistent = await PersistentClock.open(join(options.dataDir, 'signing-timestamp.json'));
    return new SigningService(persistent, options.maxStreams);
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
    const verifier = new SignatureVerifier({ key, clock, maxStreams: this.maxStreams });
    this.context = { verifier, mac: new FrameMac(key), clock };
    return this.context;
  }

  streams(): StreamInfo[] {
    return this.context?.verifier.streams() ?? [];
  }

  /** The local timestamp new streams are judged against, and the floor of what we send. */
  get localTimestamp(): number {
    return this.persistent.clock.now();
  }

  close(): Promise<void> {
    return this.persistent.close();
  }
}

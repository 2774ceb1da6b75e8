// Batched telemetry: whatever the frame rate, the UI gets at most one
// `telemetry.snapshot` per tick (about 30 a second), only when something
// changed (a value turning stale and a link lost included: they change with
// no frame coming), and at least one a second so rates and "last heard"
// stay fresh.

import { systemClock, unrefTimer, type Clock, type TimerHandle } from '../clock';
import type { Gcs } from '../core/gcs';
import type { EventPacket } from '../../protocol/contract';
import { clockHealth, linkInfo, vehicleState } from './wire';

export const SNAPSHOT_INTERVAL_MS = 33;
export const SNAPSHOT_IDLE_MS = 1000;

export interface TelemetryPumpOptions {
  intervalMs?: number;
  /** Longest time without a snapshot while anyone listens. */
  idleMs?: number;
  /** The ticks and the snapshots' time; wall clock by default. */
  clock?: Clock;
}

export function telemetrySnapshot(gcs: Gcs, now = Date.now()): EventPacket<'telemetry.snapshot'> {
  return {
    packetType: 'telemetry.snapshot',
    timeMs: now,
    vehicles: gcs.router.vehicles().map((entry) => vehicleState(entry, now)),
    links: gcs.links().map(linkInfo),
    signing: {
      fingerprint: gcs.keyFingerprint,
      localTimestamp: gcs.signing.localTimestamp,
      clock: clockHealth(gcs.signing.clockHealth),
    },
  };
}

export class TelemetryPump {
  private dirty = true;
  private lastEmitMs = -Infinity;
  /** Frames in, refused and out over all links at the last snapshot: refusals change counters too. */
  private lastTraffic = -1;
  /** Which vehicles' telemetry was stale, and which links lost, at the last snapshot. */
  private lastStaleness = '';
  private timer: TimerHandle | undefined;
  private readonly intervalMs: number;
  private readonly idleMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly gcs: Gcs,
    private readonly emit: (event: EventPacket<'telemetry.snapshot'>) => void,
    /** Whether anyone listens: no listener, no work. */
    private readonly wanted: () => boolean,
    options: TelemetryPumpOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? SNAPSHOT_INTERVAL_MS;
    this.idleMs = options.idleMs ?? SNAPSHOT_IDLE_MS;
    this.clock = options.clock ?? systemClock;
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.tickLater();
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Something shown changed; the next tick sends a snapshot. */
  markDirty(): void {
    this.dirty = true;
  }

  tick(now = this.clock.now()): void {
    if (!this.wanted()) return;
    let traffic = 0;
    for (const link of this.gcs.links()) {
      const stats = link.stats();
      traffic += stats.framesIn + stats.framesRejected + stats.framesOut;
    }
    const staleness = this.gcs.router
      .vehicles()
      .map((entry) => entry.vehicle.staleness(now))
      .join();
    const due =
      this.dirty ||
      traffic !== this.lastTraffic ||
      staleness !== this.lastStaleness ||
      now - this.lastEmitMs >= this.idleMs;
    if (!due) return;
    this.dirty = false;
    this.lastTraffic = traffic;
    this.lastStaleness = staleness;
    this.lastEmitMs = now;
    this.emit(telemetrySnapshot(this.gcs, now));
  }

  /** The next tick; it does not keep the process alive. */
  private tickLater(): void {
    this.timer = this.clock.setTimeout(() => {
      this.tickLater();
      this.tick();
    }, this.intervalMs);
    unrefTimer(this.timer);
  }
}

// Batched telemetry: whatever the frame rate, the UI gets at most one
// `telemetry.snapshot` per tick (about 30 a second), only when something
// changed, and at least one a second so rates and "last heard" stay fresh.

import type { Gcs } from '../core/gcs';
import type { EventPacket, VehicleState } from './contract';
import { linkInfo } from './link-info';

export const SNAPSHOT_INTERVAL_MS = 33;
export const SNAPSHOT_IDLE_MS = 1000;

export interface TelemetryPumpOptions {
  intervalMs?: number;
  /** Longest time without a snapshot while anyone listens. */
  idleMs?: number;
}

export function telemetrySnapshot(gcs: Gcs, now = Date.now()): EventPacket<'telemetry.snapshot'> {
  const vehicles = gcs.router.vehicles().map((entry): VehicleState => {
    // A fresh object each time: status texts go out as their own events.
    const state: VehicleState & { statusTexts?: unknown } = entry.vehicle.snapshot(now);
    delete state.statusTexts;
    return state;
  });
  return {
    packetType: 'telemetry.snapshot',
    timeMs: now,
    vehicles,
    links: gcs.links().map(linkInfo),
    signing: { fingerprint: gcs.keyFingerprint, localTimestamp: gcs.signing.localTimestamp },
  };
}

export class TelemetryPump {
  private dirty = true;
  private lastEmitMs = -Infinity;
  /** Frames in, refused and out over all links at the last snapshot: refusals change counters too. */
  private lastTraffic = -1;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly idleMs: number;

  constructor(
    private readonly gcs: Gcs,
    private readonly emit: (event: EventPacket<'telemetry.snapshot'>) => void,
    /** Whether anyone listens: no listener, no work. */
    private readonly wanted: () => boolean,
    options: TelemetryPumpOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? SNAPSHOT_INTERVAL_MS;
    this.idleMs = options.idleMs ?? SNAPSHOT_IDLE_MS;
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Something shown changed; the next tick sends a snapshot. */
  markDirty(): void {
    this.dirty = true;
  }

  tick(now = Date.now()): void {
    if (!this.wanted()) return;
    let traffic = 0;
    for (const link of this.gcs.links()) {
      const stats = link.stats();
      traffic += stats.framesIn + stats.framesRejected + stats.framesOut;
    }
    const due = this.dirty || traffic !== this.lastTraffic || now - this.lastEmitMs >= this.idleMs;
    if (!due) return;
    this.dirty = false;
    this.lastTraffic = traffic;
    this.lastEmitMs = now;
    this.emit(telemetrySnapshot(this.gcs, now));
  }
}

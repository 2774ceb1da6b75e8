// The Api over one Gcs: every request is checked against the contract
// before a handler runs, and every answer is a result or a `service.error`
// with a sentence for a person, never a thrown exception. Events (batched
// telemetry, status texts, progress, log errors) go to every subscriber.
// Plain Node: the desktop shell and the headless host both carry this.

import { join } from 'node:path';
import type { SerialBinding } from '../../native/serial';
import { Gcs, type GcsOptions } from '../core/gcs';
import type { Vehicle } from '../vehicle/vehicle';
import type { SigningKey } from '../signing/key';
import type { ErrorPacket, EventPacket, ResultPacket } from '../../protocol/contract';
import { errorPacket } from '../../protocol/packets';
import { messageOf } from './errors';
import { MapTiles, type MapTilesOptions } from '../tiles/map-tiles';
import { replayProgress, replaySource, statusTextEntry, tileDownloadProgress } from './wire';
import type { ApiContext, Handlers } from './handlers/context';
import { linkHandlers } from './handlers/links';
import { logHandlers } from './handlers/logs';
import { missionHandlers } from './handlers/missions';
import { signingHandlers } from './handlers/signing';
import { SimController, simHandlers, type SimOptions } from './handlers/sim';
import { tileHandlers } from './handlers/tiles';
import { vehicleHandlers } from './handlers/vehicles';
import { TelemetryPump, type TelemetryPumpOptions } from './snapshot';
import { checkRequest } from './validate';

export type EventListener = (event: EventPacket) => void;

export interface ApiServiceOptions {
  /** The data folder the Gcs was started with (its logs are in `logs/`). */
  dataDir: string;
  /** For links.listSerialPorts; without one the list is empty. */
  serial?: SerialBinding;
  /** The simulated vehicle sim.start runs (system id, GPS fix delay, tick, ...). */
  sim?: SimOptions;
  /**
   * Called with every new key (null: removed) before it takes effect, for
   * the shell's key store; if it rejects, the key stays as it was.
   */
  saveKey?: (key: SigningKey | null) => Promise<void>;
  /** Snapshot pacing (tests). */
  snapshots?: TelemetryPumpOptions;
  /** How map tiles are fetched (time limits, fetches at once); they are kept in `dataDir`. */
  tiles?: Omit<MapTilesOptions, 'dataDir'>;
}

export interface ApiStartOptions extends ApiServiceOptions {
  /** The UDP listener opened at start; null for none. A port in use shows as the link's error. */
  defaultLink?: string | null;
  /** A key to start with (from the shell's key store). */
  key?: SigningKey;
  /** Further Gcs settings (identity, recording, timeouts). */
  gcs?: Omit<GcsOptions, 'dataDir' | 'serial'>;
}

export const DEFAULT_LINK = 'udpin:0.0.0.0:14550';

export class ApiService {
  private readonly listeners = new Set<EventListener>();
  private readonly handlers: Handlers;
  private readonly pump: TelemetryPump;
  private readonly sim: SimController;
  /** The map's tiles, which the shells serve on the page's own origin. */
  readonly tiles: MapTiles;
  private readonly offs: (() => void)[] = [];
  /** Listeners on each vehicle, released when the core drops it. */
  private readonly vehicleOffs = new Map<Vehicle, (() => void)[]>();
  private closing: Promise<void> | undefined;

  /** Creates the Gcs, opens the default UDP listener and sets the stored key. */
  static async start(options: ApiStartOptions): Promise<ApiService> {
    const { defaultLink = DEFAULT_LINK, key, gcs: gcsOptions, ...serviceOptions } = options;
    const gcs = await Gcs.start({
      ...gcsOptions,
      dataDir: options.dataDir,
      ...(options.serial === undefined ? {} : { serial: options.serial }),
    });
    try {
      if (key !== undefined) gcs.setKey(key);
      if (defaultLink !== null) gcs.openLink(defaultLink);
      return new ApiService(gcs, serviceOptions);
    } catch (error) {
      await gcs.close();
      throw error;
    }
  }

  constructor(
    readonly gcs: Gcs,
    options: ApiServiceOptions,
  ) {
    this.tiles = new MapTiles({ ...options.tiles, dataDir: options.dataDir });
    const ctx: ApiContext = {
      gcs,
      dataDir: options.dataDir,
      logsDir: join(options.dataDir, 'logs'),
      serial: options.serial,
      saveKey: options.saveKey,
      tiles: this.tiles,
    };
    this.sim = new SimController(ctx, options.sim);
    this.handlers = {
      ...linkHandlers(ctx),
      ...vehicleHandlers(ctx),
      ...missionHandlers(ctx),
      ...signingHandlers(ctx),
      ...logHandlers(ctx),
      ...tileHandlers(ctx),
      ...simHandlers(this.sim),
    };
    this.pump = new TelemetryPump(
      gcs,
      (event) => this.emit(event),
      () => this.listeners.size > 0,
      options.snapshots,
    );
    this.listen();
    this.pump.start();
  }

  /** Checks and answers one request packet. Never throws. */
  async handle(raw: unknown): Promise<ResultPacket | ErrorPacket> {
    const checked = checkRequest(raw);
    if (!checked.ok) return errorPacket(checked.packetId, checked.message);
    const { packetId, packetType, payload } = checked;
    if (this.closing !== undefined) {
      return errorPacket(packetId, `${packetType}: the service is shut down`);
    }
    try {
      const handler = this.handlers[packetType] as (payload: unknown) => Promise<object>;
      const answer = await handler(payload);
      return { ...answer, packetId, packetType: `${packetType}.result` } as ResultPacket;
    } catch (error) {
      return errorPacket(packetId, `${packetType}: ${messageOf(error)}`);
    }
  }

  /** Every event from now on; returns the way to unsubscribe. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    // A new subscriber sees the state at once, not at the next change.
    this.pump.markDirty();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Whether the simulated vehicle is running. */
  get simRunning(): boolean {
    return this.sim.isRunning;
  }

  /** Stops the simulated vehicle and the timers, then the Gcs (timestamps saved, logs closed). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.pump.stop();
      for (const off of this.offs.splice(0)) off();
      for (const offs of this.vehicleOffs.values()) for (const off of offs) off();
      this.vehicleOffs.clear();
      try {
        await Promise.all([this.sim.close(), this.tiles.close()]);
      } finally {
        await this.gcs.close();
        this.listeners.clear();
      }
    })();
    return this.closing;
  }

  private emit(event: EventPacket): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken subscriber must not cost the others their events, nor the core its loop.
      }
    }
  }

  private listen(): void {
    const { events, router } = this.gcs;
    const dirty = () => this.pump.markDirty();
    this.offs.push(
      events.on('linkOpened', dirty),
      events.on('linkClosed', dirty),
      events.on('linkState', dirty),
      events.on('key', dirty),
      events.on('vehicle', (entry) => {
        dirty();
        this.watch(entry.vehicle);
      }),
      events.on('vehicleGone', (entry) => {
        dirty();
        this.unwatch(entry.vehicle);
      }),
      events.on('signedVehicle', dirty),
      // The snapshot carries the clock's health: a banner must not wait for the next frame.
      events.on('signingClock', dirty),
      events.on('statustext', ({ sysid, compid, replay, entry }) =>
        this.emit({
          packetType: 'statustext',
          sysid,
          compid,
          ...(replay === null ? {} : { replay: replaySource(replay) }),
          entry: statusTextEntry(entry),
        }),
      ),
      events.on('recorderError', (message) => this.emit({ packetType: 'logs.error', message })),
      this.tiles.events.on('download', (progress) =>
        this.emit({ packetType: 'tiles.progress', download: tileDownloadProgress(progress) }),
      ),
      // The replay transport already paces these (at most ten a second, the last always sent).
      events.on('replayProgress', ({ link, progress }) =>
        this.emit({
          packetType: 'replay.progress',
          linkId: link.id,
          progress: replayProgress(progress),
        }),
      ),
    );
    for (const entry of router.vehicles()) this.watch(entry.vehicle);
  }

  private watch(vehicle: Vehicle): void {
    const { sysid, compid } = vehicle;
    this.vehicleOffs.set(vehicle, [
      vehicle.events.on('change', () => this.pump.markDirty()),
      vehicle.events.on('paramsProgress', ({ received, total }) =>
        this.emit({ packetType: 'params.progress', sysid, compid, received, total }),
      ),
      vehicle.events.on('missionProgress', ({ type, direction, done, total }) =>
        this.emit({
          packetType: 'missions.progress',
          sysid,
          compid,
          missionType: type,
          direction,
          done,
          total,
        }),
      ),
    ]);
  }

  private unwatch(vehicle: Vehicle): void {
    for (const off of this.vehicleOffs.get(vehicle) ?? []) off();
    this.vehicleOffs.delete(vehicle);
  }
}

// What every handler is given, and the shape of a handler table: one
// function per request type, taking the validated payload and returning
// the answer (or throwing an error with a message for a person).

import type { Gcs } from '../../core/gcs';
import type { RoutedVehicle } from '../../core/router';
import type { Link } from '../../core/link';
import type { SerialBinding } from '../../../native/serial';
import type { SigningKey } from '../../signing/key';
import type { MapTiles } from '../../tiles/map-tiles';
import type { RequestPayload, RequestType, Responses } from '../../../protocol/contract';
import { ApiRequestError } from '../../../protocol/answers';

export interface ApiContext {
  readonly gcs: Gcs;
  /** The GCS's data folder: flight logs in `logs/`, the simulated vehicle's state in `sim/`. */
  readonly dataDir: string;
  readonly logsDir: string;
  readonly serial: SerialBinding | undefined;
  /** Keeps a new key (the shell's key store) before it takes effect; a failure changes nothing. */
  readonly saveKey: ((key: SigningKey | null) => Promise<void>) | undefined;
  /** The map's tiles: source, cache and area downloads. */
  readonly tiles: MapTiles;
}

export type Handler<T extends RequestType> = (payload: RequestPayload<T>) => Promise<Responses[T]>;

export type Handlers = { [T in RequestType]: Handler<T> };

export function findLink(ctx: ApiContext, linkId: number): Link {
  const link = ctx.gcs.link(linkId);
  if (link === undefined)
    throw new ApiRequestError(`there is no link ${linkId} (links.list shows them)`);
  return link;
}

export function findVehicle(ctx: ApiContext, sysid: number, compid: number): RoutedVehicle {
  const entry = ctx.gcs.router.find(sysid, compid);
  if (entry === undefined) {
    throw new ApiRequestError(
      `no vehicle ${sysid}/${compid} has been heard (vehicles.list shows the vehicles)`,
    );
  }
  return entry;
}

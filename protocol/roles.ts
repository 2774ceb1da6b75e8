// What each kind of session may ask. A `view` session (SIGIL_VIEW_KEY)
// watches: every event and the requests that only read. A `control`
// session may do everything. Every request type of the contract is listed
// here as reading or commanding, so a new one cannot be added without
// deciding which it is (the `satisfies` below fails until it is).

import type { RequestType } from './contract';
import { CONTROL_ROLE, type SessionRole } from './session';

export type RequestKind = 'read' | 'command';

export const REQUEST_KINDS = {
  'links.listSerialPorts': 'read',
  'links.open': 'command',
  'links.close': 'command',
  'links.list': 'read',
  'vehicles.list': 'read',
  'vehicles.command': 'command',
  'vehicles.inspector': 'read',
  // It changes nothing on the vehicle, but it puts a whole parameter table
  // on the radio link, whose bandwidth belongs to the pilot.
  'params.download': 'command',
  'params.list': 'read',
  // A request on the radio link, as a download is.
  'params.get': 'command',
  'params.set': 'command',
  // Like params.download: it puts a whole plan on the pilot's radio link.
  'missions.download': 'command',
  'missions.upload': 'command',
  'missions.clear': 'command',
  'missions.list': 'read',
  // Text in, text out: they touch no vehicle and keep nothing.
  'missions.parseFile': 'read',
  'missions.formatFile': 'read',
  'signing.setKey': 'command',
  'signing.clearKey': 'command',
  'signing.state': 'read',
  'signing.sendToVehicle': 'command',
  'signing.disableOnVehicle': 'command',
  'signing.forgetVehicle': 'command',
  'signing.setLinkPolicy': 'command',
  'logs.list': 'read',
  'logs.replay': 'command',
  'replay.control': 'command',
  'tiles.source': 'read',
  'tiles.setSource': 'command',
  'tiles.stats': 'read',
  'tiles.setCacheLimit': 'command',
  'tiles.clear': 'command',
  'tiles.estimate': 'read',
  // The tile source's bandwidth and the disk are the operator's to spend.
  'tiles.download': 'command',
  'tiles.cancelDownload': 'command',
  'sim.start': 'command',
  'sim.stop': 'command',
  'sim.status': 'read',
} as const satisfies Record<RequestType, RequestKind>;

export const VIEW_REFUSAL = 'this session can watch but not command';

/**
 * Requests that carry a signing key in the clear, in the request or its
 * answer. A remote session's frames are sealed but not encrypted: a key
 * sent that way would be readable by anyone on the field network, and
 * message signing would protect nothing.
 */
export const KEY_BEARING_REQUESTS: ReadonlySet<string> = new Set<RequestType>(['signing.setKey']);

export const REMOTE_KEY_REFUSAL =
  'a signing key must not cross the network in the clear: set it on the ground station itself ' +
  '(the desktop app, or a browser on that machine with the one-time link)';

function isRequestType(packetType: string): packetType is RequestType {
  return Object.hasOwn(REQUEST_KINDS, packetType);
}

/**
 * Why a session with `role` may not make this request, or null when it may.
 * A packetType the contract does not know is let through: the service
 * answers it as unknown, and it can do nothing.
 */
export function refusal(role: SessionRole, packetType: unknown, remote: boolean): string | null {
  if (typeof packetType !== 'string' || !isRequestType(packetType)) return null;
  if (role !== CONTROL_ROLE && REQUEST_KINDS[packetType] !== 'read') return VIEW_REFUSAL;
  if (remote && KEY_BEARING_REQUESTS.has(packetType)) return REMOTE_KEY_REFUSAL;
  return null;
}

// What every transport needs to answer a packet it could not hand to the
// service, or that the service refused: the request's packetId, when it has
// a valid one, and the `service.error` that carries the reason.

import type { ErrorPacket } from './contract';

/** A packetId is a non-empty string of at most this many characters. */
export const MAX_PACKET_ID_LENGTH = 64;

export function isPacketId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_PACKET_ID_LENGTH;
}

/** The packetId of a raw request, for its answer; null when it has no valid one. */
export function packetIdOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { packetId?: unknown }).packetId;
  return isPacketId(id) ? id : null;
}

export function errorPacket(packetId: string | null, message: string): ErrorPacket {
  return { packetId, packetType: 'service.error', message };
}

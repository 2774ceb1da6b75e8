// Matching answers to requests, for every Api over a socket: a packet with
// a packetId settles the request that sent it; one without is an event.

import type { ErrorPacket } from '../../protocol/contract';

/** An answer that reports the request failed: its message is the core's. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
}

/** A request waiting for its answer. */
export interface Pending {
  type: string;
  resolve: (value: never) => void;
  reject: (error: Error) => void;
}

/**
 * Settles the request `packet` answers, if any is waiting. Returns false
 * when the packet has no packetId: it is an event, for the caller.
 */
export function settleAnswer(
  pending: Map<string, Pending>,
  packet: Record<string, unknown>,
): boolean {
  const id = packet.packetId;
  if (typeof id !== 'string') return false;
  const waiting = pending.get(id);
  if (waiting === undefined) return true;
  pending.delete(id);
  const type = packet.packetType;
  if (type === 'service.error') {
    waiting.reject(new ApiError(String((packet as unknown as ErrorPacket).message)));
  } else if (type === `${waiting.type}.result`) {
    const answer = { ...packet };
    delete answer.packetId;
    delete answer.packetType;
    waiting.resolve(answer as never);
  } else {
    waiting.reject(new ApiError(`unexpected answer ${String(type)} to ${waiting.type}`));
  }
  return true;
}

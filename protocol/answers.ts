// Answers back into results, the same way on every transport (Electron IPC,
// the host's WebSocket, a caller in the same process): a result becomes its
// payload, a `service.error` becomes an ApiRequestError with the core's
// sentence, and anything else is refused rather than taken for a result.

import type { RequestType, Responses } from './contract';

/**
 * An Api request that could not be done, with a sentence for the person who
 * asked. The core's handlers throw it; the service sends its message as a
 * `service.error`; every client throws it again from that answer.
 */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The payload of the answer to the request `packetId` of type `packetType`;
 * throws an ApiRequestError when the answer is a `service.error`, or is not
 * the answer to that request at all.
 */
export function unwrapAnswer<T extends RequestType>(
  packetType: T,
  packetId: string,
  answer: unknown,
): Responses[T] {
  if (!isObject(answer)) throw new ApiRequestError(`${packetType}: no answer`);
  if (answer.packetType === 'service.error') {
    throw new ApiRequestError(
      typeof answer.message === 'string' ? answer.message : `${packetType} failed`,
    );
  }
  if (answer.packetId !== packetId || answer.packetType !== `${packetType}.result`) {
    throw new ApiRequestError(`${packetType}: the answer belongs to another request`);
  }
  const result: Record<string, unknown> = { ...answer };
  delete result.packetId;
  delete result.packetType;
  return result as Responses[T];
}

/** A request sent over a socket, waiting for its answer. */
export interface Pending {
  type: RequestType;
  resolve: (value: never) => void;
  reject: (error: Error) => void;
}

/**
 * Settles the request `packet` answers, if any is waiting (answers on a
 * socket are matched by packetId). Returns false when the packet has no
 * packetId: it is an event, for the caller.
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
  try {
    waiting.resolve(unwrapAnswer(waiting.type, id, packet) as never);
  } catch (error) {
    waiting.reject(error as Error);
  }
  return true;
}

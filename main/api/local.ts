// The Api for a caller in the same process (the command line, tests): the
// SigilApi shape over an ApiService, with packet ids made here and a
// `service.error` turned into a thrown ApiRequestError.

import type { RequestPayload, RequestType, Responses, SigilApi } from '../../protocol/contract';
import type { ApiService } from './service';

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
}

export function localApi(service: ApiService): SigilApi {
  let next = 0;
  return {
    async request<T extends RequestType>(
      packetType: T,
      payload: RequestPayload<T>,
    ): Promise<Responses[T]> {
      const packetId = `local-${++next}`;
      const answer = await service.handle({ ...payload, packetId, packetType });
      if (answer.packetType === 'service.error') throw new ApiRequestError(answer.message);
      const result: Record<string, unknown> = { ...answer };
      delete result.packetId;
      delete result.packetType;
      return result as Responses[T];
    },
    subscribe: (listener) => service.subscribe(listener),
  };
}

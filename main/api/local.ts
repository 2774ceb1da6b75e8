// The Api for a caller in the same process (the command line, tests): the
// SigilApi shape over an ApiService, with packet ids made here and answers
// unwrapped as every transport does (a `service.error` is thrown as an
// ApiRequestError).

import { unwrapAnswer } from '../../protocol/answers';
import type { RequestPayload, RequestType, Responses, SigilApi } from '../../protocol/contract';
import type { ApiService } from './service';

export function localApi(service: ApiService): SigilApi {
  let next = 0;
  return {
    async request<T extends RequestType>(
      packetType: T,
      payload: RequestPayload<T>,
    ): Promise<Responses[T]> {
      const packetId = `local-${++next}`;
      const answer = await service.handle({ ...payload, packetId, packetType });
      return unwrapAnswer(packetType, packetId, answer);
    },
    subscribe: (listener) => service.subscribe(listener),
  };
}

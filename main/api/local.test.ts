// The in-process SigilApi over the service.

import { afterEach, describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../protocol/answers';
import { localApi } from './local';
import { closeServices, startService } from './testing/services';

afterEach(closeServices);

describe('localApi', () => {
  it('answers a request with its payload only', async () => {
    const api = localApi(await startService());
    expect(await api.request('links.list', {})).toEqual({ links: [] });
  });

  it('throws the service error as an ApiRequestError', async () => {
    const api = localApi(await startService());
    const request = api.request('links.close', { linkId: 4 });
    await expect(request).rejects.toThrow(ApiRequestError);
    await expect(request).rejects.toThrow(
      'links.close: there is no link 4 (links.list shows them)',
    );
  });
});

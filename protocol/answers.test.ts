import { describe, expect, it } from 'vitest';
import { ApiRequestError, settleAnswer, unwrapAnswer, type Pending } from './answers';

describe('unwrapAnswer', () => {
  it('gives a result its payload only', () => {
    const answer = { packetId: 'p1', packetType: 'links.list.result', links: [] };
    expect(unwrapAnswer('links.list', 'p1', answer)).toEqual({ links: [] });
  });

  it("throws a service.error as an ApiRequestError with the core's sentence", () => {
    const answer = { packetId: 'p1', packetType: 'service.error', message: 'there is no link 4' };
    expect(() => unwrapAnswer('links.close', 'p1', answer)).toThrow(
      new ApiRequestError('there is no link 4'),
    );
  });

  it('refuses the answer to another request', () => {
    const other = { packetId: 'p2', packetType: 'links.list.result', links: [] };
    expect(() => unwrapAnswer('links.list', 'p1', other)).toThrow(
      'links.list: the answer belongs to another request',
    );
    const otherType = { packetId: 'p1', packetType: 'vehicles.list.result', vehicles: [] };
    expect(() => unwrapAnswer('links.list', 'p1', otherType)).toThrow(ApiRequestError);
  });

  it('refuses something that is not an answer', () => {
    expect(() => unwrapAnswer('links.list', 'p1', undefined)).toThrow('links.list: no answer');
  });
});

describe('settleAnswer', () => {
  function waiting() {
    const pending = new Map<string, Pending>();
    const outcome = new Promise((resolve, reject) =>
      pending.set('p1', { type: 'links.list', resolve, reject }),
    );
    return { pending, outcome };
  }

  it('settles the request with the same packetId', async () => {
    const { pending, outcome } = waiting();
    const packet = { packetId: 'p1', packetType: 'links.list.result', links: [] };
    expect(settleAnswer(pending, packet)).toBe(true);
    await expect(outcome).resolves.toEqual({ links: [] });
    expect(pending.size).toBe(0);
  });

  it('rejects it with the service.error', async () => {
    const { pending, outcome } = waiting();
    settleAnswer(pending, { packetId: 'p1', packetType: 'service.error', message: 'refused' });
    await expect(outcome).rejects.toThrow(new ApiRequestError('refused'));
  });

  it('leaves a packet without packetId to the caller: it is an event', () => {
    const { pending } = waiting();
    expect(settleAnswer(pending, { packetType: 'logs.error', message: 'disk full' })).toBe(false);
    expect(pending.size).toBe(1);
  });
});

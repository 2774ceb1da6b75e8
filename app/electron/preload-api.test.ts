// The preload's SigilApi over a stand-in ipcRenderer: packet ids, results
// and errors, and subscriptions that come and go.

import { describe, expect, it, vi } from 'vitest';
import type { EventPacket } from '../../protocol/contract';
import { IPC_CHANNELS } from './ipc-channels';
import { ApiRequestError } from '../../protocol/answers';
import { createSigilApi, type IpcRendererLike } from './preload-api';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(answer: (packet: Record<string, unknown>) => unknown) {
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike & { sent: Record<string, unknown>[] } = {
    sent: [],
    invoke: vi.fn(async (channel: string, packet: unknown) => {
      expect(channel).toBe(IPC_CHANNELS.request);
      ipc.sent.push(packet as Record<string, unknown>);
      return answer(packet as Record<string, unknown>);
    }),
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
  const emit = (packet: unknown) =>
    listeners.get(IPC_CHANNELS.event)?.forEach((l) => l({ sender: 'ipc-event' }, packet));
  const count = () => listeners.get(IPC_CHANNELS.event)?.size ?? 0;
  return { ipc, emit, count };
}

const echo = (packet: Record<string, unknown>) => ({
  packetId: packet.packetId,
  packetType: `${String(packet.packetType)}.result`,
  links: [],
});

describe('request', () => {
  it('sends the payload with a fresh packetId and resolves with the payload of the result', async () => {
    const { ipc } = fakeIpc(echo);
    const api = createSigilApi(ipc);
    await expect(api.request('links.list', {})).resolves.toEqual({ links: [] });
    await api.request('links.close', { linkId: 3 });
    expect(ipc.sent).toEqual([
      { packetId: 'ipc-1', packetType: 'links.list' },
      { packetId: 'ipc-2', packetType: 'links.close', linkId: 3 },
    ]);
  });

  it('keeps the payload from replacing the packet id or type', async () => {
    const { ipc } = fakeIpc(echo);
    const api = createSigilApi(ipc);
    const sneaky = { packetId: 'x', packetType: 'sim.start' } as unknown as Record<string, never>;
    await api.request('links.list', sneaky);
    expect(ipc.sent[0]).toEqual({ packetId: 'ipc-1', packetType: 'links.list' });
  });

  it('rejects with an Error carrying the message of a service.error', async () => {
    const { ipc } = fakeIpc((packet) => ({
      packetId: packet.packetId,
      packetType: 'service.error',
      message: 'links.close: there is no link 9 (links.list shows them)',
    }));
    const api = createSigilApi(ipc);
    const failure = api.request('links.close', { linkId: 9 });
    await expect(failure).rejects.toBeInstanceOf(ApiRequestError);
    await expect(failure).rejects.toThrow(
      'links.close: there is no link 9 (links.list shows them)',
    );
  });

  it('rejects an answer that is not for this request', async () => {
    const wrongId = createSigilApi(fakeIpc(() => ({ ...echo({}), packetId: 'other' })).ipc);
    await expect(wrongId.request('links.list', {})).rejects.toThrow(/another request/);
    const nothing = createSigilApi(fakeIpc(() => undefined).ipc);
    await expect(nothing.request('links.list', {})).rejects.toThrow(/no answer/);
  });
});

describe('subscribe', () => {
  const event: EventPacket = { packetType: 'service.interrupt', reason: 'bye' };

  it('gives listeners the packet only, and stops after unsubscribe', () => {
    const { ipc, emit, count } = fakeIpc(echo);
    const api = createSigilApi(ipc);
    expect(count()).toBe(0);
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = api.subscribe(first);
    const offSecond = api.subscribe(second);
    expect(count()).toBe(1);
    emit(event);
    expect(first).toHaveBeenCalledWith(event);
    expect(first.mock.calls[0]).toHaveLength(1);
    offFirst();
    offFirst();
    emit(event);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
    offSecond();
    expect(count()).toBe(0);
  });

  it('counts the same function subscribed twice as two subscriptions', () => {
    const { ipc, emit } = fakeIpc(echo);
    const api = createSigilApi(ipc);
    const listener = vi.fn();
    const off = api.subscribe(listener);
    api.subscribe(listener);
    off();
    emit(event);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('ignores what is not a packet', () => {
    const { ipc, emit } = fakeIpc(echo);
    const api = createSigilApi(ipc);
    const listener = vi.fn();
    api.subscribe(listener);
    emit('text');
    emit(null);
    emit({ no: 'type' });
    expect(listener).not.toHaveBeenCalled();
  });
});

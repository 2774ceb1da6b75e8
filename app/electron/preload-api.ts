// The SigilApi the preload hands the page (window.sigil), over two IPC
// channels: requests by invoke, events by one listener. The page never sees
// ipcRenderer, IPC events or anything but packets' payloads.

import { unwrapAnswer } from '../../protocol/answers';
import type {
  EventPacket,
  RequestPayload,
  RequestType,
  Responses,
  SigilApi,
} from '../../protocol/contract';
import { IPC_CHANNELS } from './ipc-channels';

/** The parts of Electron's ipcRenderer used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createSigilApi(ipc: IpcRendererLike): SigilApi {
  let next = 0;
  const listeners = new Set<{ listener: (event: EventPacket) => void }>();
  const onEvent = (_event: unknown, packet: unknown) => {
    if (!isObject(packet) || typeof packet.packetType !== 'string') return;
    for (const entry of [...listeners]) {
      try {
        entry.listener(packet as EventPacket);
      } catch (error) {
        // One failing listener must not cost the others the event; the error still shows.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };

  return {
    async request<T extends RequestType>(
      packetType: T,
      payload: RequestPayload<T>,
    ): Promise<Responses[T]> {
      const packetId = `ipc-${++next}`;
      // The id and type come last: a payload cannot replace them.
      const answer = await ipc.invoke(IPC_CHANNELS.request, {
        ...(isObject(payload) ? payload : {}),
        packetId,
        packetType,
      });
      return unwrapAnswer(packetType, packetId, answer);
    },

    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe takes a function');
      // An entry of its own: the same function subscribed twice is two subscriptions.
      const entry = { listener };
      if (listeners.size === 0) ipc.on(IPC_CHANNELS.event, onEvent);
      listeners.add(entry);
      return () => {
        if (!listeners.delete(entry)) return;
        if (listeners.size === 0) ipc.removeListener(IPC_CHANNELS.event, onEvent);
      };
    },
  };
}

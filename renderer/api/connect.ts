// Which Api this page has: the Electron preload's `window.sigil`, or the
// WebSocket client to the headless host. Views never know which.

import type { EventPacket, SigilApi } from '../../main/api/contract';
import { browserEnvironment, WsClient, type ConnectionStatus } from './ws-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    sigil?: SigilApi;
  }
}

export interface ApiHandle {
  readonly api: SigilApi;
  readonly kind: 'electron' | 'websocket';
  /** Signs in and opens the session (at once for Electron). */
  connect(): Promise<ConnectionStatus>;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

/** The preload's Api: always there; only a `service.interrupt` ends it. */
function electronHandle(api: SigilApi): ApiHandle {
  const listeners = new Set<(status: ConnectionStatus) => void>();
  let interrupted = false;
  api.subscribe((event: EventPacket) => {
    if (event.packetType !== 'service.interrupt') return;
    interrupted = true;
    const reason = (event as EventPacket<'service.interrupt'>).reason;
    for (const l of listeners) l({ state: 'disconnected', reason });
  });
  return {
    api,
    kind: 'electron',
    connect: () => {
      // After an interrupt the main process has started over: load the page afresh.
      if (interrupted) window.location.reload();
      const status: ConnectionStatus = { state: 'ready' };
      for (const l of listeners) l(status);
      return Promise.resolve(status);
    },
    onStatus: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function createApiHandle(): ApiHandle {
  if (window.sigil !== undefined) return electronHandle(window.sigil);
  const client = new WsClient(browserEnvironment());
  return {
    api: client,
    kind: 'websocket',
    connect: () => client.connect(),
    onStatus: (listener) => client.onStatus(listener),
  };
}

// Which Api this page has: the Electron preload's `window.sigil`, or the
// WebSocket client to the headless host. Views never know which.

import type { EventPacket, SigilApi } from '../../protocol/contract';
import { CONTROL_ROLE, type SessionRole } from '../../protocol/session';
import { signIn, type SignInOptions } from '../../protocol/remote/client';
import type { SocketLike } from '../../protocol/socket-like';
import { RemoteApi, type RemoteStatus } from './remote-client';
import { browserEnvironment, WsClient, type ConnectionStatus } from './ws-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    sigil?: SigilApi;
  }
}

/** What the page may do: a remote session may not set a key; a view session commands nothing. */
export interface Access {
  remote: boolean;
  role: SessionRole;
}

export interface ApiHandle {
  readonly api: SigilApi;
  readonly kind: 'electron' | 'websocket';
  /** Signs in and opens the session (at once for Electron). */
  connect(): Promise<ConnectionStatus>;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  access(): Access;
  /** The remote sign-in (a browser only); rejects with a RemoteError. */
  signIn?(options: SignInOptions): Promise<void>;
  /** Ends a remote session (DELETE /api/session). */
  signOut?(): Promise<void>;
}

const LOCAL_ACCESS: Access = { remote: false, role: CONTROL_ROLE };

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
    access: () => LOCAL_ACCESS,
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

function fromRemote(status: RemoteStatus): ConnectionStatus {
  switch (status.state) {
    case 'ready':
      return status;
    case 'reconnecting':
      return { state: 'connecting', reason: status.reason };
    case 'ended':
      return { state: 'signed-out', reason: status.reason };
  }
}

/**
 * A browser page: the one-time link's WebSocket client, until the sign-in
 * form opens a remote session; the page's Api then forwards to that.
 */
function browserHandle(): ApiHandle {
  const local = new WsClient(browserEnvironment());
  let remote: RemoteApi | null = null;
  const eventListeners = new Set<(event: EventPacket) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const emit = (status: ConnectionStatus): void => {
    for (const l of [...statusListeners]) l(status);
  };
  const forward = (event: EventPacket): void => {
    for (const l of [...eventListeners]) l(event);
  };
  local.subscribe((event) => {
    if (remote === null) forward(event);
  });
  local.onStatus((status) => {
    if (remote === null) emit(status);
  });
  const api: SigilApi = {
    request: (packetType, payload) => (remote ?? local).request(packetType, payload),
    subscribe: (listener) => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  };
  return {
    api,
    kind: 'websocket',
    access: () => (remote === null ? LOCAL_ACCESS : { remote: true, role: remote.role }),
    connect: () => {
      // Try again after a remote session ended: the sign-in form (or a kept one-time token).
      remote?.close();
      remote = null;
      return local.connect();
    },
    onStatus: (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    async signIn(options) {
      const session = await signIn(
        {
          baseUrl: window.location.origin,
          openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
        },
        options,
      );
      const next = new RemoteApi(session);
      next.subscribe((event) => {
        if (remote === next) forward(event);
      });
      next.onStatus((status) => {
        if (remote === next) emit(fromRemote(status));
      });
      remote?.close();
      remote = next;
      try {
        await next.start();
      } catch (error) {
        remote = null;
        next.close();
        throw error;
      }
    },
    signOut: async () => {
      await remote?.signOut();
    },
  };
}

export function createApiHandle(): ApiHandle {
  if (window.sigil !== undefined) return electronHandle(window.sigil);
  return browserHandle();
}

// Component tests against a real core: the headless host of the view under
// test (started for the run by app/host/testing/local-hosts.ts), reached
// through the page's own WebSocket client with the session token that host
// handed over, and the page's stores fed by its events as main.tsx feeds them.

import { cleanup, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { inject, type ProvidedContext } from 'vitest';
import WebSocket from 'ws';
import type { SocketLike } from '../../protocol/socket-like';
import { ApiContext } from '../api/context';
import { TOKEN_KEY, WsClient } from '../api/ws-client';
import { dispatchEvent, loadInitialState } from '../store/feed';
import { useMessages } from '../store/messages';
import { useParams } from '../store/params';
import { useSession } from '../store/session';
import { useTelemetry } from '../store/telemetry';

export type ViewName = keyof ProvidedContext['localHosts']['hosts'];

export interface ViewSession {
  /** The page's Api, signed in to the view's host. */
  readonly api: WsClient;
  /** Draws `ui` as the page does, with this session's Api. */
  show(ui: ReactElement): RenderResult;
  /** Takes down what `show` drew and ends the session. */
  close(): void;
}

/** Every store as a freshly loaded page has it. */
function resetStores(): void {
  for (const store of [useTelemetry, useParams, useMessages, useSession] as const) {
    (store.setState as (state: unknown, replace: true) => void)(store.getInitialState(), true);
  }
}

/** A session with the view's host, and stores that start empty and follow its events. */
export async function openSession(view: ViewName): Promise<ViewSession> {
  const { baseUrl, token } = inject('localHosts').hosts[view];
  const url = new URL(baseUrl);
  const kept = new Map([[TOKEN_KEY, token]]);
  const api = new WsClient({
    location: { protocol: url.protocol, host: url.host, hash: '', pathname: '/', search: '' },
    history: null,
    storage: {
      getItem: (key) => kept.get(key) ?? null,
      setItem: (key, value) => void kept.set(key, value),
      removeItem: (key) => void kept.delete(key),
    },
    fetch: () => Promise.reject(new Error('signed in with a token: there is no code to trade')),
    createSocket: (socketUrl) => new WebSocket(socketUrl) as unknown as SocketLike,
  });
  resetStores();
  api.subscribe((event) => dispatchEvent(api, event));
  const status = await api.connect();
  if (status.state !== 'ready') {
    api.close();
    throw new Error(`no session with the ${view} host: ${JSON.stringify(status)}`);
  }
  useSession.setState({ status });
  await loadInitialState(api);
  return {
    api,
    show: (ui) => render(<ApiContext.Provider value={api}>{ui}</ApiContext.Provider>),
    close: () => {
      cleanup();
      api.close();
    },
  };
}

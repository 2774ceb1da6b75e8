// What the page shows instead of the app when there is no session: still
// connecting, signed out, or disconnected, each in plain words with a way on.

import type { ReactNode } from 'react';
import type { SignInOptions } from '../../protocol/remote/client';
import type { ConnectionStatus } from '../api/ws-client';
import { RemoteSignIn } from './RemoteSignIn';

/** What the page can do about its session; the sign-in ones only in a browser. */
export interface SessionActions {
  retry(): void;
  signIn?(options: SignInOptions): Promise<void>;
  signOut?(): Promise<void>;
}

export function SessionScreen({
  status,
  actions,
}: {
  status: ConnectionStatus;
  actions: SessionActions;
}): ReactNode {
  const onRetry = actions.retry;
  switch (status.state) {
    case 'ready':
      return null;
    case 'connecting':
      return (
        <main className="session-screen" data-testid="connecting">
          <h1>Sigil</h1>
          <p role="status">
            {status.reason === undefined
              ? 'Connecting to Sigil…'
              : `Reconnecting to Sigil: ${status.reason}…`}
          </p>
        </main>
      );
    case 'login-needed':
    case 'signed-out':
      if (actions.signIn === undefined) {
        return (
          <main className="session-screen" data-testid="login-needed">
            <h1>Sign in to Sigil</h1>
            <p>{status.reason}</p>
            <button type="button" onClick={onRetry}>
              Try again
            </button>
          </main>
        );
      }
      return (
        <RemoteSignIn
          signIn={actions.signIn}
          hint={status.state === 'login-needed' ? status.reason : null}
          ended={status.state === 'signed-out' ? status.reason : null}
        />
      );
    case 'login-failed':
      return (
        <main className="session-screen" data-testid="login-failed">
          <h1>Could not sign in</h1>
          <p role="alert">{status.reason}</p>
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        </main>
      );
    case 'disconnected':
      return (
        <main className="session-screen" data-testid="disconnected">
          <h1>Disconnected</h1>
          <p role="alert" data-testid="disconnect-reason">
            disconnected: {status.reason}
          </p>
          <button
            type="button"
            className="primary"
            autoFocus
            onClick={onRetry}
            data-testid="reconnect"
          >
            Reconnect
          </button>
        </main>
      );
  }
}

// What the page shows instead of the app when there is no session: still
// connecting, signed out, or disconnected, each in plain words with a way on.

import type { ReactNode } from 'react';
import type { ConnectionStatus } from '../api/ws-client';

export function SessionScreen({
  status,
  onRetry,
}: {
  status: ConnectionStatus;
  onRetry: () => void;
}): ReactNode {
  switch (status.state) {
    case 'ready':
      return null;
    case 'connecting':
      return (
        <main className="session-screen" data-testid="connecting">
          <h1>Sigil</h1>
          <p role="status">Connecting to Sigil…</p>
        </main>
      );
    case 'login-needed':
      // The seam for a sign-in form for remote use (a later issue).
      return (
        <main className="session-screen" data-testid="login-needed">
          <h1>Sign in to Sigil</h1>
          <p>{status.reason}</p>
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        </main>
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

// The sign-in form for remote use (protocol/session.ts, part B): the
// server's identity key, then the authorization (or view) key. Only the
// server address is remembered (localStorage); keys live in the form's
// fields until the page forgets them. Each way a sign-in can fail is said
// in plain words: above all, a server that cannot prove its identity is
// left before any secret is sent.

import { useState, type FormEvent, type ReactNode } from 'react';
import { MAX_CLIENT_NAME } from '../../protocol/session';
import {
  IDENTITY_MISMATCH,
  RemoteError,
  type RemoteErrorKind,
  type SignInOptions,
} from '../../protocol/remote/client';

export const ADDRESS_KEY = 'sigil.server-address';

function storedAddress(): string | null {
  try {
    return window.localStorage.getItem(ADDRESS_KEY);
  } catch {
    return null;
  }
}

function rememberAddress(address: string): void {
  try {
    window.localStorage.setItem(ADDRESS_KEY, address);
  } catch {
    // Storage can be disabled: the address is typed again next time.
  }
}

/** `http://host:port` from what the user typed (a bare host:port gets http://), or null. */
export function originOf(address: string): string | null {
  const text = address.trim();
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).origin;
  } catch {
    return null;
  }
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** What a failed sign-in means, for the person at the form. */
export function failureText(error: unknown, now = new Date()): { kind: string; text: string } {
  if (!(error instanceof RemoteError)) {
    return { kind: 'other', text: error instanceof Error ? error.message : String(error) };
  }
  const kind: RemoteErrorKind = error.kind;
  switch (kind) {
    case 'identity':
      return {
        kind,
        text: `${IDENTITY_MISMATCH}. Stopped before any secret was sent: check the server identity key with the operator.`,
      };
    case 'refused':
      return { kind, text: `The server refused the sign-in: ${error.message}.` };
    case 'rate-limited': {
      const seconds = error.retryAfterSeconds;
      const at =
        seconds === undefined
          ? ''
          : ` Try again after ${new Date(now.getTime() + seconds * 1000).toLocaleTimeString()}.`;
      return { kind, text: `${capitalised(error.message)}.${at}` };
    }
    case 'unreachable':
      return { kind, text: `Cannot reach the server: ${error.message}.` };
    case 'protocol':
      return { kind, text: `The server did not answer as a Sigil host does: ${error.message}.` };
  }
}

export function RemoteSignIn({
  signIn,
  hint,
  ended,
}: {
  signIn: (options: SignInOptions) => Promise<void>;
  /** How else to sign in (the one-time link), when this is the first screen. */
  hint: string | null;
  /** Why the last session ended. */
  ended: string | null;
}): ReactNode {
  const [address, setAddress] = useState(() => storedAddress() ?? window.location.origin);
  const [identityKey, setIdentityKey] = useState('');
  const [authKey, setAuthKey] = useState('');
  const [clientName, setClientName] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ kind: string; text: string } | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const origin = originOf(address);
    if (origin === null) {
      setFailure({
        kind: 'address',
        text: 'The server address is not an address: http://host:port.',
      });
      return;
    }
    if (origin !== window.location.origin) {
      // The host accepts a sign-in only from the page it serves (its origin check and the CSP).
      setFailure({
        kind: 'address',
        text: `This page signs in to the server it came from (${window.location.origin}). Open ${origin}/ in the browser to sign in there.`,
      });
      return;
    }
    rememberAddress(origin);
    setBusy(true);
    setFailure(null);
    signIn({ identityKey, authKey, clientName: clientName.trim() }).then(
      () => {
        // The app replaces this screen; the keys go with it.
      },
      (error: unknown) => {
        setBusy(false);
        setAuthKey('');
        setFailure(failureText(error));
      },
    );
  };

  return (
    <main className="session-screen" data-testid="remote-sign-in">
      <h1>Sign in to Sigil</h1>
      {ended !== null ? (
        <p className="banner error" role="alert" data-testid="session-ended">
          The session ended: {ended}.
        </p>
      ) : null}
      <form className="sign-in-form" onSubmit={submit} aria-label="Remote sign-in">
        <label>
          Server address
          <input
            type="url"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            autoComplete="url"
            data-testid="remote-address"
          />
        </label>
        <label>
          Server identity key
          <input
            type="password"
            value={identityKey}
            onChange={(e) => setIdentityKey(e.target.value)}
            autoComplete="off"
            required
            data-testid="remote-identity-key"
          />
        </label>
        <label>
          Authorization key (or view key, to watch)
          <input
            type="password"
            value={authKey}
            onChange={(e) => setAuthKey(e.target.value)}
            autoComplete="off"
            required
            data-testid="remote-auth-key"
          />
        </label>
        <label>
          This device's name (shown to the operator)
          <input
            type="text"
            value={clientName}
            onChange={(e) => setClientName(e.target.value)}
            maxLength={MAX_CLIENT_NAME}
            placeholder="field laptop"
            data-testid="remote-client-name"
          />
        </label>
        <button type="submit" className="primary" disabled={busy} data-testid="remote-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {failure !== null ? (
          <p
            className="field-error"
            role="alert"
            data-testid="remote-error"
            data-kind={failure.kind}
          >
            {failure.text}
          </p>
        ) : null}
      </form>
      <p className="hint">
        The server checks its identity first: nothing secret leaves this page for a server that
        cannot prove it is the one whose identity key you typed. Keys are never stored.
      </p>
      {hint !== null ? <p className="hint">{hint}</p> : null}
    </main>
  );
}

// Setting the signing key. The key itself stays in the core; this page sees
// its fingerprint, except once: a generated key is shown for the pilot to
// copy, then forgotten when the box is dismissed or the key changes in any
// way (a copy taken after that would be the wrong secret).

import { useEffect, useState, type ReactNode } from 'react';
import type { RequestPayload } from '../../../protocol/contract';
import { useApi } from '../../api/context';
import { ConfirmAction } from '../../components/ConfirmAction';
import { useAction } from '../../components/hooks';
import { useCommandRefusal, useKeySetupRefusal } from '../../store/session';
import { useTelemetry } from '../../store/telemetry';
import { isSigningOffKey, normalizeHexKey, SIGNING_OFF_KEY } from './policy';

type Source = 'passphrase' | 'hex' | 'generate';

function GeneratedKey({ hex, onDismiss }: { hex: string; onDismiss: () => void }): ReactNode {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = (): void => {
    navigator.clipboard.writeText(hex).then(
      () => setCopied('Copied.'),
      () => setCopied('Copying is not allowed here: select the key and copy it by hand.'),
    );
  };
  return (
    <div className="generated-key" role="alert" data-testid="generated-key">
      <strong>Your new key — shown this once.</strong>
      <p>
        Store it somewhere safe (a password manager). Anyone who has it can command your vehicle;
        without it you cannot put this key on another ground station.
      </p>
      <code className="key-hex" data-testid="generated-key-hex">
        {hex}
      </code>
      <div className="form-row">
        <button type="button" onClick={copy}>
          Copy key
        </button>
        <button
          type="button"
          className="primary"
          onClick={onDismiss}
          data-testid="generated-key-dismiss"
        >
          I have saved it — hide the key
        </button>
        {copied !== null ? <span role="status">{copied}</span> : null}
      </div>
    </div>
  );
}

export function KeySetup(): ReactNode {
  const api = useApi();
  const fingerprint = useTelemetry((s) => s.signing.fingerprint);
  const keyMissing = useTelemetry((s) => s.vehicles.some((v) => v.signingKeyMissing === true));
  const keyRefusal = useKeySetupRefusal();
  const commandRefusal = useCommandRefusal();
  const [source, setSource] = useState<Source>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [kdf, setKdf] = useState<'sha256' | 'qgc'>('sha256');
  const [hex, setHex] = useState('');
  // The generated key and the fingerprint it belongs to: shown only while that key is set.
  const [generated, setGenerated] = useState<{ hex: string; fingerprint: string } | null>(null);
  const shownKey =
    generated !== null && generated.fingerprint === fingerprint ? generated.hex : null;
  const [localError, setLocalError] = useState<string | null>(null);
  const [keyNote, setKeyNote] = useState<string | null>(null);

  const [set, runSet] = useAction(async (request: RequestPayload<'signing.setKey'>) => {
    setGenerated(null);
    const answer = await api.request('signing.setKey', request);
    useTelemetry.setState((s) => ({ signing: { ...s.signing, fingerprint: answer.fingerprint } }));
    if (answer.key !== undefined)
      setGenerated({ hex: answer.key, fingerprint: answer.fingerprint });
    setPassphrase('');
    setHex('');
    return answer;
  });
  const [clear, runClear] = useAction(async () => {
    setGenerated(null);
    await api.request('signing.clearKey', {});
    useTelemetry.setState((s) => ({ signing: { ...s.signing, fingerprint: null } }));
    return true;
  });
  // How the key is kept across restarts (or why it is not), asked again at each key change.
  useEffect(() => {
    let live = true;
    api.request('signing.state', {}).then(
      (state) => {
        if (live) setKeyNote(state.keyNote ?? null);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, fingerprint]);

  const hexKey = normalizeHexKey(hex);
  const submit = (): void => {
    setLocalError(null);
    if (source === 'passphrase') {
      if (passphrase === '') setLocalError('Enter a passphrase.');
      else void runSet({ source, passphrase, kdf });
    } else if (source === 'hex') {
      if (hexKey === null) setLocalError('A key is exactly 64 hex digits (0-9, a-f).');
      else if (isSigningOffKey(hexKey)) setLocalError(SIGNING_OFF_KEY);
      else void runSet({ source, hex: hexKey });
    } else void runSet({ source });
  };
  const keyError =
    localError ??
    (set.error !== null ? `The key was not set: ${set.error}` : null) ??
    (clear.error !== null ? `The key was not removed: ${clear.error}` : null);

  return (
    <section className="panel key-setup" aria-label="Signing key">
      <h2>Signing key</h2>
      <p>
        Key fingerprint:{' '}
        <strong className="mono" data-testid="key-fingerprint">
          {fingerprint ?? 'no key set'}
        </strong>
      </p>
      {keyNote !== null ? (
        <p className="hint" data-testid="key-note">
          {keyNote.charAt(0).toUpperCase() + keyNote.slice(1)}.
        </p>
      ) : null}
      {fingerprint === null && keyMissing ? (
        <p className="warning" role="alert" data-testid="signing-key-missing">
          Signing key not set: commands to this vehicle will be ignored. A vehicle here signs its
          frames or its link requires signing: set the key it was given.
        </p>
      ) : null}
      {shownKey !== null ? (
        <GeneratedKey hex={shownKey} onDismiss={() => setGenerated(null)} />
      ) : null}
      {keyRefusal !== null ? (
        <p className="hint" data-testid="key-setup-refused">
          {keyRefusal}
        </p>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          // Replacing a key goes through its confirmation, never by Enter alone.
          if (keyRefusal === null && fingerprint === null) submit();
        }}
      >
        <fieldset className="plain" disabled={keyRefusal !== null}>
          <div className="form-row" role="radiogroup" aria-labelledby="key-source-label">
            <span id="key-source-label" className="hint">
              {fingerprint === null ? 'Set a key from' : 'Replace the key with one from'}
            </span>
            {(['passphrase', 'hex', 'generate'] as const).map((s) => (
              <label key={s}>
                <input
                  type="radio"
                  name="key-source"
                  value={s}
                  checked={source === s}
                  onChange={() => {
                    setSource(s);
                    setLocalError(null);
                  }}
                  data-testid={`key-source-${s}`}
                />{' '}
                {s === 'passphrase'
                  ? 'a passphrase'
                  : s === 'hex'
                    ? '64 hex digits'
                    : 'a new random key'}
              </label>
            ))}
          </div>
          {source === 'passphrase' ? (
            <div className="form-row">
              <label>
                Passphrase{' '}
                <input
                  type="password"
                  autoComplete="off"
                  value={passphrase}
                  onChange={(e) => setPassphrase(e.target.value)}
                  data-testid="key-passphrase"
                />
              </label>
              <label>
                Derived as{' '}
                <select
                  value={kdf}
                  onChange={(e) => setKdf(e.target.value as 'sha256' | 'qgc')}
                  data-testid="key-kdf"
                >
                  <option value="sha256">SHA-256 (MAVProxy, Mission Planner)</option>
                  <option value="qgc">QGroundControl (PBKDF2)</option>
                </select>
              </label>
            </div>
          ) : null}
          {source === 'hex' ? (
            <div className="form-row">
              <label>
                Key{' '}
                <input
                  className="wide mono"
                  autoComplete="off"
                  spellCheck={false}
                  value={hex}
                  onChange={(e) => setHex(e.target.value)}
                  aria-invalid={hex !== '' && hexKey === null}
                  data-testid="key-hex"
                />
              </label>
              <span className="hint">
                {hex === ''
                  ? ''
                  : `${hex.replace(/\s+/g, '').replace(/^0x/i, '').length} of 64 digits`}
              </span>
            </div>
          ) : null}
          {source === 'generate' ? (
            <p className="hint">
              Sigil makes a random 32-byte key and shows it to you once, to copy.
            </p>
          ) : null}
        </fieldset>
        <div className="form-row">
          {fingerprint === null ? (
            <button
              type="submit"
              className="primary"
              disabled={set.pending || keyRefusal !== null}
              title={keyRefusal ?? undefined}
              data-testid="key-set"
            >
              {set.pending ? 'Setting…' : source === 'generate' ? 'Generate key' : 'Set key'}
            </button>
          ) : (
            <ConfirmAction
              label={source === 'generate' ? 'Replace with a new key' : 'Replace key'}
              question={`Replace key ${fingerprint}? A vehicle given the old key ignores commands signed with the new one until it is given the new key too.`}
              confirmLabel="Yes, replace the key"
              onConfirm={submit}
              pending={set.pending}
              refusal={keyRefusal}
              danger
              testId="key-set"
            />
          )}
          {fingerprint !== null ? (
            <ConfirmAction
              label="Remove key"
              question="Remove the key from Sigil? Links that sign will send unsigned frames, which a vehicle that requires signing ignores."
              onConfirm={() => void runClear()}
              pending={clear.pending}
              refusal={commandRefusal}
              danger
              testId="key-clear"
            />
          ) : null}
          {keyError !== null ? (
            <span className="error" role="alert" data-testid="key-error">
              {keyError}
            </span>
          ) : null}
          {set.result !== null && shownKey === null ? (
            <span className="good" role="status">
              Key set.
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}

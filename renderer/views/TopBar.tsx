import { useState, type ReactNode } from 'react';
import { VIEW_ROLE } from '../../protocol/session';
import { vehicleLabel } from '../components/format';
import { vehicleKey } from '../store/keys';
import { showView, useCommandRefusal, useSession, VIEW_LABELS, VIEWS } from '../store/session';
import { selectedVehicle, selectVehicle, useTelemetry } from '../store/telemetry';
import { linkSummary } from './connections/link-stats';
import { vehiclesOffered } from './vehicle-choice';

/** The links, red with "vehicle link lost" while the vehicle shown is not heard, whatever the links say. */
function LinkStatus(): ReactNode {
  const summary = useTelemetry((s) => {
    const { text, tone } = linkSummary(s.links);
    return selectedVehicle(s)?.linkLost === true
      ? `bad|${text} · vehicle link lost`
      : `${tone}|${text}`;
  });
  const [tone, text] = summary.split('|') as [string, string];
  return (
    <button
      type="button"
      className={`topbar-item link-button ${tone === 'bad' ? 'bad' : ''}`}
      onClick={() => showView('connections')}
      data-testid="topbar-links"
      data-tone={tone}
    >
      <span className={`state-dot ${tone}`} aria-hidden="true" />
      {text}
    </button>
  );
}

function VehicleStatus(): ReactNode {
  const all = useTelemetry((s) => s.vehicles);
  const nowMs = useTelemetry((s) => s.timeMs);
  const v = useTelemetry(selectedVehicle);
  if (v === null) return <span className="topbar-item hint">no vehicle</span>;
  const vehicles = vehiclesOffered(all, nowMs, v);
  return (
    <span className="topbar-item">
      {vehicles.length > 1 ? (
        <select
          aria-label="Vehicle shown"
          data-testid="vehicle-select"
          value={vehicleKey(v)}
          onChange={(e) => {
            const chosen = vehicles.find((o) => vehicleKey(o) === e.target.value);
            if (chosen !== undefined) selectVehicle(chosen);
          }}
        >
          {vehicles.map((o) => (
            <option key={vehicleKey(o)} value={vehicleKey(o)}>
              {vehicleLabel(o)}
            </option>
          ))}
        </select>
      ) : (
        <span data-testid="vehicle-label">{vehicleLabel(v)}</span>
      )}
      {v.replay !== undefined ? (
        <span className="badge" data-testid="topbar-replay">
          replay
        </span>
      ) : null}
      <strong data-testid="topbar-mode">{v.mode ?? '—'}</strong>
      <span className={`badge ${v.armed ? 'armed' : ''}`} data-testid="topbar-armed">
        {v.armed ? 'ARMED' : 'disarmed'}
      </span>
      {v.linkLost ? <span className="badge bad">link lost</span> : null}
    </span>
  );
}

function KeyStatus(): ReactNode {
  const fingerprint = useTelemetry((s) => s.signing.fingerprint);
  return (
    <button
      type="button"
      className="topbar-item link-button"
      onClick={() => showView('signing')}
      title="Signing key fingerprint"
    >
      key{' '}
      <span className="mono" data-testid="topbar-fingerprint">
        {fingerprint ?? 'none'}
      </span>
    </button>
  );
}

/** A remote session: who it is (watch only?) and the way out. */
function RemoteStatus({ onSignOut }: { onSignOut: (() => Promise<void>) | undefined }): ReactNode {
  const access = useSession((s) => s.access);
  const refusal = useCommandRefusal();
  const [leaving, setLeaving] = useState(false);
  return (
    <>
      {access.role === VIEW_ROLE ? (
        <span className="badge watch-only" title={refusal ?? undefined} data-testid="watch-only">
          watch only
        </span>
      ) : null}
      {access.remote && onSignOut !== undefined ? (
        <button
          type="button"
          className="topbar-item"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            void onSignOut().finally(() => setLeaving(false));
          }}
          data-testid="sign-out"
        >
          {leaving ? 'Signing out…' : 'Sign out'}
        </button>
      ) : null}
    </>
  );
}

export function TopBar({ onSignOut }: { onSignOut?: () => Promise<void> }): ReactNode {
  const view = useSession((s) => s.view);
  return (
    <header className="topbar">
      <span className="brand">Sigil</span>
      <nav aria-label="Views">
        <ul>
          {VIEWS.map((v) => (
            <li key={v}>
              <button
                type="button"
                aria-current={view === v ? 'page' : undefined}
                onClick={() => showView(v)}
                data-testid={`nav-${v}`}
              >
                {VIEW_LABELS[v]}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="topbar-status">
        <LinkStatus />
        <VehicleStatus />
        <KeyStatus />
        <RemoteStatus onSignOut={onSignOut} />
      </div>
    </header>
  );
}

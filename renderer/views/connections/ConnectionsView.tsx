import { useState, type ReactNode } from 'react';
import type { LinkInfo, ReplayProgress, VehicleState } from '../../../protocol/wire-types';
import type { RequestPayload } from '../../../protocol/contract';
import { useApi } from '../../api/context';
import {
  errorMessage,
  formatBytes,
  formatCount,
  formatDuration,
  formatNumber,
} from '../../components/format';
import { useAction } from '../../components/hooks';
import { ProgressBar } from '../../components/ProgressBar';
import { useCommandRefusal, useSession } from '../../store/session';
import { useTelemetry } from '../../store/telemetry';
import { OfflineMaps } from '../maps/OfflineMaps';
import { AddLinkForm } from './AddLinkForm';
import { lossPercent, refusedBreakdown, stateLabel } from './link-stats';

/** Whether a vehicle is heard now, one was but went silent, or none ever was. */
function vehiclePresence(vehicles: readonly VehicleState[]): 'heard' | 'lost' | 'none' {
  if (vehicles.length === 0) return 'none';
  return vehicles.some((v) => !v.linkLost) ? 'heard' : 'lost';
}

function SimPanel(): ReactNode {
  const api = useApi();
  const presence = useTelemetry((s) => vehiclePresence(s.vehicles));
  const hasVehicle = presence !== 'none';
  const refusal = useCommandRefusal();
  const [start, runStart] = useAction(() => api.request('sim.start', {}));
  const [stop, runStop] = useAction(() => api.request('sim.stop', {}));
  return (
    <section className="panel sim" aria-label="Simulated vehicle">
      <h2>Simulated vehicle</h2>
      <p className={presence === 'lost' ? 'bad' : 'hint'} data-testid="vehicle-presence">
        {presence === 'heard'
          ? 'A vehicle is connected.'
          : presence === 'lost'
            ? 'Link lost: no vehicle heard now. Check the link, the vehicle and its power; the last known state stays on the Flight view.'
            : 'No vehicle yet. Sigil listens for vehicles on UDP port 14550; to try it without one, start the built-in simulated vehicle.'}
      </p>
      <div className="form-row">
        <button
          type="button"
          className={hasVehicle ? undefined : 'primary'}
          onClick={() => void runStart()}
          disabled={start.pending || refusal !== null}
          title={refusal ?? undefined}
          data-testid="sim-start"
        >
          {start.pending ? 'Starting…' : 'Start simulated vehicle'}
        </button>
        <button
          type="button"
          onClick={() => void runStop()}
          disabled={stop.pending || refusal !== null}
          title={refusal ?? undefined}
          data-testid="sim-stop"
        >
          Stop simulated vehicle
        </button>
        {start.result !== null ? (
          <span className="good" role="status" data-testid="sim-result">
            Simulated vehicle started as system {start.result.sysid}.
          </span>
        ) : null}
        {stop.result !== null ? <span role="status">Simulated vehicle stopped.</span> : null}
        {start.error !== null ? (
          <span className="error" role="alert" data-testid="sim-error">
            Could not start the simulated vehicle: {start.error}
          </span>
        ) : null}
        {stop.error !== null ? (
          <span className="error" role="alert">
            Could not stop the simulated vehicle: {stop.error}
          </span>
        ) : null}
      </div>
    </section>
  );
}

function ReplayControls({
  link,
  progress,
}: {
  link: LinkInfo;
  progress: ReplayProgress | undefined;
}): ReactNode {
  const api = useApi();
  const refusal = useCommandRefusal();
  const [error, setError] = useState<string | null>(null);
  const control = (payload: RequestPayload<'replay.control'>): void => {
    setError(null);
    api.request('replay.control', payload).catch((e: unknown) => setError(errorMessage(e)));
  };
  if (progress === undefined) return <span className="hint">waiting for the replay to start…</span>;
  const span = progress.endUs - progress.startUs;
  const at = progress.positionUs - progress.startUs;
  return (
    <div className="replay" data-testid="replay-controls">
      <ProgressBar
        value={progress.bytesRead}
        max={progress.totalBytes}
        label={`${progress.done ? 'Finished' : progress.paused ? 'Paused' : 'Playing'} ${formatDuration(at)} / ${formatDuration(span)}`}
        counts={false}
        testId="replay-progress"
      />
      <button
        type="button"
        disabled={refusal !== null}
        title={refusal ?? undefined}
        onClick={() => control({ linkId: link.id, action: progress.paused ? 'resume' : 'pause' })}
      >
        {progress.paused ? 'Resume' : 'Pause'}
      </button>
      <label>
        Seek{' '}
        <input
          type="range"
          min={0}
          max={1000}
          value={span > 0 ? Math.round((at / span) * 1000) : 0}
          onChange={(e) =>
            control({ linkId: link.id, action: 'seek', fraction: Number(e.target.value) / 1000 })
          }
          aria-label="Replay position"
          disabled={refusal !== null}
        />
      </label>
      <label>
        Speed{' '}
        <select
          disabled={refusal !== null}
          value={String(progress.rate)}
          onChange={(e) =>
            control({ linkId: link.id, action: 'rate', rate: Number(e.target.value) })
          }
        >
          {[...new Set([0.5, 1, 2, 5, 10, 50, progress.rate])]
            .sort((a, b) => a - b)
            .map((r) => (
              <option key={r} value={String(r)}>
                {r}×
              </option>
            ))}
        </select>
      </label>
      {error !== null ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function LinkRow({ link, replayColumn }: { link: LinkInfo; replayColumn: boolean }): ReactNode {
  const api = useApi();
  const progress = useSession((s) => s.replay[link.id]);
  const refusal = useCommandRefusal();
  const [close, runClose] = useAction(() => api.request('links.close', { linkId: link.id }));
  const s = link.stats;
  const loss = lossPercent(s.loss);
  const state = link.state;
  return (
    <tr data-testid="link-row" data-link-id={link.id} className={`link-${state.status}`}>
      <td>{link.id}</td>
      <td className="mono">{link.connection}</td>
      <td className="state-cell">
        <span className={`state-dot ${state.status}`} aria-hidden="true" />
        <span data-testid="link-state">{stateLabel(state)}</span>
        {state.status === 'error' ? (
          <div className="error" data-testid="link-error">
            {state.message}
          </div>
        ) : null}
      </td>
      <td className="num">
        {formatNumber(s.rates.framesIn, 0)} /s
        <div className="hint">{formatBytes(s.rates.bytesIn)}/s</div>
      </td>
      <td className="num">
        {formatNumber(s.rates.framesOut, 0)} /s
        <div className="hint">{formatBytes(s.rates.bytesOut)}/s</div>
      </td>
      <td className="num" data-testid="link-frames">
        {formatCount(s.framesIn)} in
        <div className="hint">{formatCount(s.framesOut)} out</div>
      </td>
      <td
        className={`num ${s.framesRejected > 0 ? 'bad' : ''}`}
        data-testid="link-refused"
        title={refusedBreakdown(s)}
      >
        {formatCount(s.framesRejected)}
        <div className="hint">{formatNumber(s.rejectedRate, 0)} /s</div>
      </td>
      <td className={`num ${s.parser.badCrc > 0 ? 'warn' : ''}`} data-testid="link-badcrc">
        {formatCount(s.parser.badCrc)}
      </td>
      <td className="num" data-testid="link-loss">
        {loss === null ? '—' : `${formatNumber(loss, 1)}%`}
      </td>
      <td>
        {link.kind === 'tlog'
          ? '—'
          : `${link.policy.sign ? 'signs' : 'unsigned'}${link.policy.require ? ', requires signatures' : ''}`}
      </td>
      <td>
        {state.status !== 'closed' ? (
          <button
            type="button"
            onClick={() => void runClose()}
            disabled={close.pending || refusal !== null}
            title={refusal ?? undefined}
            data-testid="link-close"
          >
            {close.pending ? 'Closing…' : 'Close'}
          </button>
        ) : null}
        {close.error !== null ? (
          <div className="error" role="alert">
            {close.error}
          </div>
        ) : null}
      </td>
      {replayColumn ? (
        <td className="replay-cell">
          {link.kind === 'tlog' ? <ReplayControls link={link} progress={progress} /> : null}
        </td>
      ) : null}
    </tr>
  );
}

export function ConnectionsView(): ReactNode {
  const links = useTelemetry((s) => s.links);
  const hasReplay = links.some((l) => l.kind === 'tlog');
  return (
    <div className="view connections-view">
      <h1>Connections</h1>
      <SimPanel />
      <section className="panel" aria-label="Links">
        <h2>Links</h2>
        {links.length === 0 ? (
          <p className="hint" data-testid="no-links">
            No links open.
          </p>
        ) : (
          <table className="table links-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Connection</th>
                <th>State</th>
                <th className="num">Received</th>
                <th className="num">Sent</th>
                <th className="num">Frames</th>
                <th className="num">Refused</th>
                <th className="num">Bad CRC</th>
                <th className="num">Loss</th>
                <th>Signing</th>
                <th />
                {hasReplay ? <th>Replay</th> : null}
              </tr>
            </thead>
            <tbody>
              {links.map((l) => (
                <LinkRow key={l.id} link={l} replayColumn={hasReplay} />
              ))}
            </tbody>
          </table>
        )}
        {links.length === 0 ? null : (
          <p className="hint" data-testid="links-note">
            Received, frames in and loss count only frames that passed verification. Refused frames
            (rejected by signing, or claiming a signed vehicle or Sigil itself) are counted apart,
            and the Signing page says why each was refused.
          </p>
        )}
      </section>
      <AddLinkForm />
      <OfflineMaps />
    </div>
  );
}

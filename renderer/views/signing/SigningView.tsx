import { useCallback, useState, type ReactNode } from 'react';
import type {
  DropReason,
  LinkInfo,
  Rejection,
  SigningState,
  Verdict,
} from '../../../protocol/wire-types';
import { useApi } from '../../api/context';
import {
  formatCount,
  formatHorizon,
  formatSigningTimestamp,
  formatTimeOfDay,
} from '../../components/format';
import { usePoll } from '../../components/hooks';
import { useTelemetry } from '../../store/telemetry';
import { ClockBanner } from './ClockBanner';
import { KeySetup } from './KeySetup';
import { LinkPolicies } from './LinkPolicies';
import { RejectionChart } from './RejectionChart';
import { SignedVehicles } from './SignedVehicles';
import { VehicleSigning } from './VehicleSigning';

type Column = {
  verdict: Verdict | DropReason;
  label: string;
  rejected: boolean;
  count: (l: LinkInfo) => number;
};

const verdict = (v: Verdict, label: string, rejected: boolean): Column => ({
  verdict: v,
  label,
  rejected,
  count: (l) => l.stats.verdicts[v],
});

const drop = (d: DropReason, label: string): Column => ({
  verdict: d,
  label,
  rejected: true,
  count: (l) => l.stats.dropped[d],
});

// The signing verdicts, then the frames dropped before any vehicle saw them.
const VERDICT_COLUMNS: readonly Column[] = [
  verdict('ok', 'ok', false),
  verdict('unsigned-allowed', 'unsigned allowed', false),
  verdict('bad-signature', 'bad signature', true),
  verdict('replay', 'replay', true),
  verdict('stale', 'stale', true),
  verdict('future', 'future', true),
  verdict('too-many-streams', 'too many streams', true),
  verdict('unsigned', 'unsigned', true),
  drop('impersonation', 'impersonation'),
  drop('own-identity', 'own identity'),
];

const REASONS: Record<Rejection['verdict'], { label: string; why: string }> = {
  'bad-signature': { label: 'bad signature', why: 'wrong key, or the frame was altered' },
  replay: { label: 'replay', why: 'timestamp not newer than the last one on its stream' },
  stale: { label: 'stale', why: 'a new stream more than 60 s behind Sigil’s clock' },
  future: {
    label: 'future',
    why: 'dated more than the future horizon ahead of Sigil’s reference time',
  },
  'too-many-streams': { label: 'too many streams', why: 'the stream table is full' },
  unsigned: { label: 'unsigned', why: 'an unsigned frame on a link that requires signing' },
  impersonation: {
    label: 'impersonation',
    why: 'claims a signed vehicle without a verified signature',
  },
  'own-identity': { label: 'own identity', why: 'claims Sigil’s own system and component id' },
};

/** Rows shown; the core keeps a few more per link. */
const REJECTIONS_SHOWN = 30;

function VerdictCounters(): ReactNode {
  const links = useTelemetry((s) => s.links);
  return (
    <section className="panel" aria-label="Verification counters">
      <h2>Verification by link</h2>
      {links.length === 0 ? (
        <p className="hint">No links open.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              <th>Connection</th>
              {VERDICT_COLUMNS.map((c) => (
                <th key={c.verdict} className="num">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {links.map((l) => (
              <tr key={l.id} data-testid="verdict-row" data-link-id={l.id}>
                <td>{l.id}</td>
                <td className="mono">{l.connection}</td>
                {VERDICT_COLUMNS.map((c) => {
                  const n = c.count(l);
                  return (
                    <td
                      key={c.verdict}
                      className={`num ${c.rejected && n > 0 ? 'bad' : ''}`}
                      data-testid={`verdict-${c.verdict}`}
                    >
                      {formatCount(n)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Streams({ state }: { state: SigningState | null }): ReactNode {
  const streams =
    state === null
      ? []
      : [...state.streams].sort(
          (a, b) => a.sysid - b.sysid || a.compid - b.compid || a.linkId - b.linkId,
        );
  return (
    <section className="panel" aria-label="Signed streams">
      <h2>Signed streams</h2>
      {state !== null ? (
        <p className="hint">
          Sigil’s reference time:{' '}
          <span data-testid="local-timestamp">{formatSigningTimestamp(state.localTimestamp)}</span>.
          A new stream more than 60 s behind it is refused as stale; a frame more than{' '}
          <span data-testid="future-horizon">{formatHorizon(state.futureHorizon)}</span> ahead of it
          is refused as future, and moves no clock.
        </p>
      ) : null}
      {streams.length === 0 ? (
        <p className="hint">No signed frames accepted yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th className="num">System</th>
              <th className="num">Component</th>
              <th className="num">Link id</th>
              <th>Last timestamp</th>
              <th className="num">Frames accepted</th>
            </tr>
          </thead>
          <tbody>
            {streams.map((s) => (
              <tr key={`${s.sysid}:${s.compid}:${s.linkId}`} data-testid="stream-row">
                <td className="num">{s.sysid}</td>
                <td className="num">{s.compid}</td>
                <td className="num">{s.linkId}</td>
                <td title={String(s.timestamp)}>{formatSigningTimestamp(s.timestamp)}</td>
                <td className="num">{formatCount(s.accepted)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RecentRejections({ state }: { state: SigningState | null }): ReactNode {
  const rows = (state?.links ?? [])
    .flatMap((l) => l.recentRejections.map((r) => ({ ...r, onLink: l.linkId })))
    .sort((a, b) => b.timeMs - a.timeMs)
    .slice(0, REJECTIONS_SHOWN);
  return (
    <section className="panel" aria-label="Recent rejections">
      <h2>Recently refused frames</h2>
      {rows.length === 0 ? (
        <p className="hint" data-testid="no-rejections">
          Nothing refused.
        </p>
      ) : (
        <div className="scroll-box">
          <table className="table compact">
            <thead>
              <tr>
                <th>Time</th>
                <th className="num">Link</th>
                <th>Reason</th>
                <th className="num">From</th>
                <th>Message</th>
                <th>Signature timestamp</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={`${r.timeMs}:${i}`} data-testid="rejection-row" data-verdict={r.verdict}>
                  <td>{formatTimeOfDay(r.timeMs)}</td>
                  <td className="num">{r.onLink}</td>
                  <td className="bad" title={REASONS[r.verdict].why}>
                    {REASONS[r.verdict].label}
                    <span className="hint"> — {REASONS[r.verdict].why}</span>
                  </td>
                  <td className="num">
                    {r.sysid}/{r.compid}
                    {r.linkId !== undefined ? ` link ${r.linkId}` : ''}
                  </td>
                  <td title={`message id ${r.msgid}`}>{r.name ?? `id ${r.msgid}`}</td>
                  <td>
                    {r.timestamp !== undefined
                      ? formatSigningTimestamp(r.timestamp)
                      : r.verdict === 'unsigned'
                        ? 'unsigned'
                        : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function SigningView(): ReactNode {
  const api = useApi();
  const [state, setState] = useState<SigningState | null>(null);
  const refresh = useCallback(async () => {
    const next = await api.request('signing.state', {});
    setState(next);
    useTelemetry.setState((s) =>
      s.signing.fingerprint === next.fingerprint
        ? s
        : { signing: { ...s.signing, fingerprint: next.fingerprint } },
    );
  }, [api]);
  const pollError = usePoll(refresh, 1000);
  return (
    <div className="view signing-view">
      <h1>Signing</h1>
      {pollError !== null ? (
        <p className="error" role="alert">
          Could not read the signing state: {pollError}
        </p>
      ) : null}
      <ClockBanner />
      <div className="two-columns">
        <KeySetup />
        <VehicleSigning />
      </div>
      <SignedVehicles state={state} onChange={refresh} />
      <LinkPolicies />
      <VerdictCounters />
      <section className="panel" aria-label="Rejections over time">
        <h2>Rejections over time</h2>
        <RejectionChart />
      </section>
      <RecentRejections state={state} />
      <Streams state={state} />
    </div>
  );
}

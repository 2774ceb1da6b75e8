// Per link: whether Sigil signs what it sends, whether it requires signed
// frames, and which unsigned messages it lets through anyway.

import { useState, type ReactNode } from 'react';
import type { LinkInfo } from '../../../protocol/wire-types';
import { useApi } from '../../api/context';
import { useAction } from '../../components/hooks';
import { useCommandRefusal } from '../../store/session';
import { mergeLink, useTelemetry } from '../../store/telemetry';
import { describeAllowList, parseAllowList } from './policy';

function PolicyRow({ link }: { link: LinkInfo }): ReactNode {
  const api = useApi();
  const refusal = useCommandRefusal();
  const live = {
    sign: link.policy.sign,
    require: link.policy.require,
    allow: describeAllowList(link.policy.allowUnsigned),
  };
  // The row shows the link's policy as it changes (sending the key to the
  // vehicle turns signing on) until the pilot edits; then the edits, until applied.
  const [draft, setDraft] = useState<typeof live | null>(null);
  const shown = draft ?? live;
  const edit = (patch: Partial<typeof live>): void => setDraft({ ...shown, ...patch });
  const [localError, setLocalError] = useState<string | null>(null);
  const [apply, runApply] = useAction(async (allowUnsigned: (string | number)[]) => {
    const { link: updated } = await api.request('signing.setLinkPolicy', {
      linkId: link.id,
      sign: shown.sign,
      require: shown.require,
      allowUnsigned,
    });
    useTelemetry.setState((s) => ({ links: mergeLink(s.links, updated) }));
    setDraft(null);
    return updated;
  });
  const dirty =
    draft !== null &&
    (draft.sign !== live.sign || draft.require !== live.require || draft.allow !== live.allow);
  return (
    <tr data-testid="policy-row" data-link-id={link.id}>
      <td>{link.id}</td>
      <td className="mono">{link.connection}</td>
      <td>
        <label>
          <input
            type="checkbox"
            checked={shown.sign}
            onChange={(e) => edit({ sign: e.target.checked })}
            data-testid="policy-sign"
          />{' '}
          sign
        </label>
      </td>
      <td>
        <label>
          <input
            type="checkbox"
            checked={shown.require}
            onChange={(e) => edit({ require: e.target.checked })}
            data-testid="policy-require"
          />{' '}
          require
        </label>
      </td>
      <td>
        <input
          className="wide"
          value={shown.allow}
          onChange={(e) => edit({ allow: e.target.value })}
          aria-label={`Unsigned messages allowed on link ${link.id}`}
          placeholder="none"
          data-testid="policy-allow"
        />
      </td>
      <td>
        <button
          type="button"
          disabled={apply.pending || refusal !== null}
          title={refusal ?? undefined}
          className={dirty ? 'primary' : undefined}
          data-testid="policy-apply"
          onClick={() => {
            const parsed = parseAllowList(shown.allow);
            setLocalError(parsed.ok ? null : parsed.error);
            if (parsed.ok) void runApply(parsed.list);
          }}
        >
          {apply.pending ? 'Applying…' : 'Apply'}
        </button>
        {localError !== null || apply.error !== null ? (
          <div className="error" role="alert" data-testid="policy-error">
            {localError ?? apply.error}
          </div>
        ) : apply.result !== null && draft === null ? (
          <div className="good" role="status">
            Applied.
          </div>
        ) : null}
      </td>
    </tr>
  );
}

export function LinkPolicies(): ReactNode {
  const links = useTelemetry((s) => s.links);
  const open = links.filter((l) => l.state.status !== 'closed' && l.kind !== 'tlog');
  return (
    <section className="panel" aria-label="Link signing policy">
      <h2>Link policy</h2>
      <p className="hint">
        “Require” drops unsigned frames except the messages listed (telemetry radios inject
        RADIO_STATUS unsigned).
      </p>
      {open.length === 0 ? (
        <p className="hint">No links open.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              <th>Connection</th>
              <th>Outgoing</th>
              <th>Incoming</th>
              <th>Allowed unsigned</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {open.map((l) => (
              <PolicyRow key={l.id} link={l} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

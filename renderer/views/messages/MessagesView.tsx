import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type {
  InspectorComponent,
  InspectorMessage,
  StatusTextEntry,
} from '../../../protocol/wire-types';
import { useApi } from '../../api/context';
import { formatNumber, formatTimeOfDay } from '../../components/format';
import { usePoll } from '../../components/hooks';
import { vehicleKey } from '../../store/keys';
import { useMessages } from '../../store/messages';
import { useTelemetry } from '../../store/telemetry';

const EMPTY: readonly StatusTextEntry[] = [];

/** MAV_SEVERITY 0-7 to a colour class: emergency..error red, warning amber, notice/info plain, debug grey. */
export function severityClass(severityId: number): string {
  if (severityId <= 3) return 'sev-error';
  if (severityId === 4) return 'sev-warning';
  if (severityId <= 6) return 'sev-info';
  return 'sev-debug';
}

function StatusTexts(): ReactNode {
  const selected = useTelemetry((s) => s.selected);
  const texts = useMessages((s) =>
    selected === null ? EMPTY : (s.texts[vehicleKey(selected)] ?? EMPTY),
  );
  const newestFirst = useMemo(() => [...texts].reverse(), [texts]);
  return (
    <section className="panel status-texts" aria-label="Status texts">
      <h2>Status messages</h2>
      {newestFirst.length === 0 ? (
        <p className="hint">No messages from the vehicle yet.</p>
      ) : (
        <ol className="statustext-list" aria-live="polite">
          {newestFirst.map((t, i) => (
            <li
              key={`${t.time}:${newestFirst.length - i}`}
              className={`${severityClass(t.severityId)} ${t.fromGcs === true ? 'gcs-note' : ''}`}
              data-testid="statustext"
              data-severity={t.severity}
              data-from-gcs={t.fromGcs === true ? 'true' : undefined}
            >
              <time>{formatTimeOfDay(t.time)}</time>
              <span className="severity">{t.severity}</span>
              <span className="text">
                {t.text}
                {t.incomplete ? ' (parts missing)' : ''}
              </span>
              {t.fromGcs === true ? <span className="hint"> noted by Sigil</span> : null}
              {t.compid !== selected?.compid ? (
                <span className="hint"> component {t.compid}</span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function FieldValue({ value }: { value: unknown }): ReactNode {
  if (Array.isArray(value)) return <span className="mono">[{value.join(', ')}]</span>;
  if (typeof value === 'number' && !Number.isInteger(value))
    return <span className="mono">{value.toPrecision(7)}</span>;
  return <span className="mono">{String(value)}</span>;
}

function MessageFields({ message }: { message: InspectorMessage }): ReactNode {
  return (
    <div className="inspector-fields" data-testid="inspector-fields">
      <h3>
        {message.name} <span className="hint">#{message.msgid}</span>
      </h3>
      {message.fields === null ? (
        <p className="hint">
          The dialect does not know this message: its fields cannot be decoded.
        </p>
      ) : (
        <table className="table compact">
          <tbody>
            {Object.entries(message.fields).map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>
                  <FieldValue value={value} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Inspector(): ReactNode {
  const api = useApi();
  const selected = useTelemetry((s) => s.selected);
  const [components, setComponents] = useState<InspectorComponent[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const sysid = selected?.sysid;
  const error = usePoll(
    useCallback(async () => {
      const { components: next } = await api.request(
        'vehicles.inspector',
        sysid === undefined ? {} : { sysid },
      );
      setComponents(next);
    }, [api, sysid]),
    1000,
  );
  const rows = components.flatMap((c) =>
    [...c.messages]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((m) => ({ c, m, key: `${c.sysid}:${c.compid}:${m.msgid}` })),
  );
  const current = rows.find((r) => r.key === chosen) ?? null;
  return (
    <section className="panel inspector" aria-label="MAVLink inspector">
      <h2>MAVLink inspector</h2>
      {error !== null ? (
        <p className="error" role="alert">
          Could not read the inspector: {error}
        </p>
      ) : null}
      <div className="inspector-body">
        <div className="inspector-list">
          {rows.length === 0 ? (
            <p className="hint">No messages received yet.</p>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th className="num">Sys/comp</th>
                  <th>Message</th>
                  <th className="num">Rate</th>
                  <th className="num">Count</th>
                  <th>Signed</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ c, m, key }) => (
                  <tr
                    key={key}
                    className={key === chosen ? 'chosen' : undefined}
                    data-testid="inspector-row"
                    data-message={m.name}
                    aria-selected={key === chosen}
                  >
                    <td className="num">
                      {c.sysid}/{c.compid}
                    </td>
                    <td>
                      <button type="button" className="link-button" onClick={() => setChosen(key)}>
                        {m.name}
                      </button>
                    </td>
                    <td className="num">{formatNumber(m.rateHz, 1, 'Hz')}</td>
                    <td className="num">{m.count}</td>
                    <td>{m.signed ? 'yes' : 'no'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {current !== null ? (
          <MessageFields message={current.m} />
        ) : (
          <p className="hint">Pick a message to see its latest fields.</p>
        )}
      </div>
    </section>
  );
}

export function MessagesView(): ReactNode {
  return (
    <div className="view messages-view">
      <h1>Messages</h1>
      <div className="two-columns">
        <StatusTexts />
        <Inspector />
      </div>
    </div>
  );
}

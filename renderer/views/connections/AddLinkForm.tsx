// Opening a link: the pilot picks a kind and fills in what it needs; the
// form builds the connection string the core parses (see main/links/connection.ts).

import { useState, type ReactNode } from 'react';
import type { LinkInfo, LogEntry, SerialPortEntry } from '../../../protocol/wire-types';
import { useApi } from '../../api/context';
import { errorMessage, formatBytes, formatDateTime } from '../../components/format';
import { useAction } from '../../components/hooks';
import { useCommandRefusal } from '../../store/session';
import { mergeLink, useTelemetry } from '../../store/telemetry';
import { buildConnection, BAUD_RATES, LINK_KINDS, type LinkForm, type LinkKind } from './link-form';
import { MqttFields } from './MqttFields';
import { EMPTY_MQTT, MQTT_PORT } from './mqtt-form';

const REPLAY_RATES = [1, 2, 5, 10, 50];

export function AddLinkForm(): ReactNode {
  const api = useApi();
  const refusal = useCommandRefusal();
  const fingerprint = useTelemetry((s) => s.signing.fingerprint);
  const [form, setForm] = useState<LinkForm>({
    kind: 'udpin',
    host: '0.0.0.0',
    port: '14550',
    serialPath: '',
    baud: '57600',
    logName: '',
    rate: '1',
  });
  const [sign, setSign] = useState<boolean | null>(null);
  const [require, setRequire] = useState(false);
  const [ports, setPorts] = useState<SerialPortEntry[] | null>(null);
  const [logs, setLogs] = useState<LogEntry[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const signing = sign ?? fingerprint !== null;

  const [open, runOpen, resetOpen] = useAction(async (): Promise<LinkInfo> => {
    const built = buildConnection(form);
    if (!built.ok) throw new Error(built.error);
    const { link } =
      built.replay !== undefined
        ? await api.request('logs.replay', built.replay)
        : await api.request('links.open', { connection: built.connection, sign: signing, require });
    useTelemetry.setState((s) => ({ links: mergeLink(s.links, link) }));
    return link;
  });

  const loadPorts = (): void => {
    setListError(null);
    api.request('links.listSerialPorts', {}).then(
      (r) => setPorts(r.ports),
      (e: unknown) => setListError(`Could not list serial ports: ${errorMessage(e)}`),
    );
  };
  const loadLogs = (): void => {
    setListError(null);
    api.request('logs.list', {}).then(
      (r) => setLogs([...r.logs].sort((a, b) => b.modifiedMs - a.modifiedMs)),
      (e: unknown) => setListError(`Could not list logs: ${errorMessage(e)}`),
    );
  };

  const set = (patch: Partial<LinkForm>): void => setForm((f) => ({ ...f, ...patch }));
  const setKind = (kind: LinkKind): void => {
    const defaults: Partial<Record<LinkKind, Partial<LinkForm>>> = {
      udpin: { host: '0.0.0.0', port: '14550' },
      udpout: { host: '127.0.0.1', port: '14550' },
      tcp: { host: '127.0.0.1', port: '5760' },
      tcpin: { host: '0.0.0.0', port: '5760' },
      mqtt: { host: '127.0.0.1', port: String(MQTT_PORT), mqtt: form.mqtt ?? EMPTY_MQTT },
    };
    set({ kind, ...defaults[kind] });
    resetOpen();
    // Lists load once when their kind is first picked; the refresh buttons reload them.
    if (kind === 'serial' && ports === null) loadPorts();
    if (kind === 'tlog' && logs === null) loadLogs();
  };
  const check = buildConnection(form);
  // The link just opened as the core last reported it: one that failed at once is no success.
  const opened = useTelemetry((s) =>
    open.result === null ? undefined : s.links.find((l) => l.id === open.result!.id),
  );
  const openedState = opened?.state ?? open.result?.state;

  return (
    <form
      className="panel add-link"
      aria-label="Add a link"
      onSubmit={(e) => {
        e.preventDefault();
        void runOpen();
      }}
    >
      <h2>Add a link</h2>
      <div className="form-row">
        <label>
          Kind{' '}
          <select
            value={form.kind}
            onChange={(e) => setKind(e.target.value as LinkKind)}
            data-testid="link-kind"
          >
            {LINK_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        {form.kind === 'udpin' ||
        form.kind === 'udpout' ||
        form.kind === 'tcp' ||
        form.kind === 'tcpin' ||
        form.kind === 'mqtt' ? (
          <>
            <label>
              {form.kind === 'udpin' || form.kind === 'tcpin' ? 'Listen on address' : 'Host'}{' '}
              <input
                value={form.host}
                onChange={(e) => set({ host: e.target.value })}
                data-testid="link-host"
              />
            </label>
            <label>
              Port{' '}
              <input
                className="narrow"
                inputMode="numeric"
                value={form.port}
                onChange={(e) => set({ port: e.target.value })}
                data-testid="link-port"
              />
            </label>
          </>
        ) : null}
        {form.kind === 'serial' ? (
          <>
            <label>
              Port{' '}
              <input
                list="serial-port-list"
                value={form.serialPath}
                onChange={(e) => set({ serialPath: e.target.value })}
                placeholder={
                  ports === null
                    ? 'looking…'
                    : ports.length === 0
                      ? 'none found: type a path'
                      : 'pick or type a path'
                }
                spellCheck={false}
                className="mono"
                data-testid="serial-port"
              />
            </label>
            {/* Outside the label: the ports' names are not the field's. */}
            <datalist id="serial-port-list">
              {(ports ?? []).map((p) => (
                <option key={p.path} value={p.path}>
                  {p.manufacturer ?? ''}
                </option>
              ))}
            </datalist>
            <button type="button" onClick={loadPorts}>
              Refresh ports
            </button>
            <label>
              Baud{' '}
              <select
                value={form.baud}
                onChange={(e) => set({ baud: e.target.value })}
                data-testid="serial-baud"
              >
                {BAUD_RATES.map((b) => (
                  <option key={b} value={String(b)}>
                    {b}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : null}
        {form.kind === 'tlog' ? (
          <>
            <label>
              Log{' '}
              <select
                value={form.logName}
                onChange={(e) => set({ logName: e.target.value })}
                data-testid="replay-log"
              >
                <option value="">
                  {logs === null
                    ? 'looking…'
                    : logs.length === 0
                      ? 'no logs in the log folder'
                      : 'choose a log'}
                </option>
                {(logs ?? []).map((l) => (
                  <option key={l.name} value={l.name}>
                    {l.name} ({formatBytes(l.bytes)}, {formatDateTime(new Date(l.modifiedMs))})
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={loadLogs}>
              Refresh logs
            </button>
            <label>
              Speed{' '}
              <select value={form.rate} onChange={(e) => set({ rate: e.target.value })}>
                {REPLAY_RATES.map((r) => (
                  <option key={r} value={String(r)}>
                    {r}×
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : null}
      </div>
      {form.kind === 'mqtt' ? (
        <MqttFields
          form={form.mqtt ?? EMPTY_MQTT}
          port={form.port}
          onChange={(patch, port) =>
            set({ mqtt: { ...(form.mqtt ?? EMPTY_MQTT), ...patch }, ...(port ? { port } : {}) })
          }
        />
      ) : null}
      {form.kind !== 'tlog' ? (
        <div className="form-row">
          <label>
            <input type="checkbox" checked={signing} onChange={(e) => setSign(e.target.checked)} />{' '}
            Sign what Sigil sends {fingerprint === null ? '(no key set yet)' : ''}
          </label>
          <label>
            <input
              type="checkbox"
              checked={require}
              onChange={(e) => setRequire(e.target.checked)}
            />{' '}
            Require signed frames from the vehicle
          </label>
        </div>
      ) : null}
      <div className="form-row">
        <button
          type="submit"
          className="primary"
          disabled={open.pending || !check.ok || refusal !== null}
          title={refusal ?? undefined}
          data-testid="link-open"
        >
          {open.pending ? 'Opening…' : form.kind === 'tlog' ? 'Start replay' : 'Open link'}
        </button>
        {!check.ok && check.error !== '' ? (
          <span className="field-error">{check.error}</span>
        ) : null}
        {open.error !== null ? (
          <span className="error" role="alert" data-testid="link-open-error">
            Could not open the link: {open.error}
          </span>
        ) : null}
        {open.result !== null && openedState?.status === 'error' ? (
          <span className="error" role="alert" data-testid="link-open-failed">
            Link {open.result.id} ({open.result.connection}) failed: {openedState.message}
          </span>
        ) : open.result !== null ? (
          <span
            className={openedState?.status === 'connected' ? 'good' : 'hint'}
            role="status"
            data-testid="link-opened"
          >
            {openedState?.status === 'connected' ? 'Opened' : 'Opening'} link {open.result.id} (
            {open.result.connection}).
          </span>
        ) : null}
        {listError !== null ? <span className="error">{listError}</span> : null}
      </div>
    </form>
  );
}

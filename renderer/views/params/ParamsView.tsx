// Parameters: download with progress, or read one by name without the
// download, search, and edits the vehicle confirms. The table draws only the
// rows in view, so ~1000 stay quick.

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ParamEntry } from '../../../protocol/wire-types';
import { useApi } from '../../api/context';
import { errorMessage, vehicleLabel } from '../../components/format';
import { useAction } from '../../components/hooks';
import { ProgressBar } from '../../components/ProgressBar';
import { loadParams } from '../../store/feed';
import { liveTarget, type VehicleKey } from '../../store/keys';
import { useCommandRefusal } from '../../store/session';
import { filterParams, paramsOf, parseParamValue, setParam, useParams } from '../../store/params';
import { selectedVehicle, useTelemetry } from '../../store/telemetry';
import { visibleRange } from './rows';

const ROW_HEIGHT = 32;

type RowNote = { kind: 'good' | 'bad'; text: string };

export function formatParamValue(p: ParamEntry): string {
  if (p.type.includes('REAL')) return String(Number(p.value.toPrecision(7)));
  return String(p.value);
}

function ParamRow(props: {
  param: ParamEntry;
  vehicle: VehicleKey;
  note: RowNote | undefined;
  onNote: (name: string, note: RowNote | undefined) => void;
}): ReactNode {
  const { param, vehicle, note, onNote } = props;
  const api = useApi();
  const refusal = useCommandRefusal();
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = (): void => {
    if (editing === null) return;
    const parsed = parseParamValue(editing);
    if (!parsed.ok) {
      onNote(param.name, { kind: 'bad', text: parsed.error });
      return;
    }
    setBusy(true);
    api
      .request('params.set', { ...liveTarget(vehicle), name: param.name, value: parsed.value })
      .then(
        ({ param: confirmed }) => {
          setBusy(false);
          setEditing(null);
          useParams.setState((s) => setParam(s, vehicle, confirmed));
          onNote(param.name, {
            kind: 'good',
            text: `The vehicle confirmed ${formatParamValue(confirmed)}.`,
          });
        },
        (error: unknown) => {
          setBusy(false);
          onNote(param.name, { kind: 'bad', text: `Not set: ${errorMessage(error)}` });
        },
      );
  };
  return (
    <div className="param-row" role="row" data-testid="param-row" data-param={param.name}>
      <span role="cell" className="param-name mono">
        {param.name}
      </span>
      <span role="cell" className="param-value">
        {editing === null ? (
          <button
            type="button"
            className="value-button mono"
            onClick={() => {
              setEditing(formatParamValue(param));
              onNote(param.name, undefined);
            }}
            aria-label={`${param.name} is ${formatParamValue(param)}; edit`}
            disabled={refusal !== null}
            title={refusal ?? undefined}
            data-testid="param-value"
          >
            {formatParamValue(param)}
          </button>
        ) : (
          <form
            className="param-edit"
            onSubmit={(e) => {
              e.preventDefault();
              save();
            }}
          >
            <input
              autoFocus
              className="mono"
              inputMode="decimal"
              value={editing}
              disabled={busy}
              onChange={(e) => setEditing(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  setEditing(null);
                  onNote(param.name, undefined);
                }
              }}
              aria-label={`New value for ${param.name}`}
              data-testid="param-input"
            />
            <button type="submit" disabled={busy} data-testid="param-save">
              {busy ? 'Setting…' : 'Set'}
            </button>
            <button type="button" disabled={busy} onClick={() => setEditing(null)}>
              Cancel
            </button>
          </form>
        )}
      </span>
      <span role="cell" className="param-type hint">
        {param.type}
      </span>
      <span
        role="cell"
        className={`param-note ${note?.kind ?? ''}`}
        data-testid={note ? 'param-note' : undefined}
      >
        {note?.text}
      </span>
    </div>
  );
}

export function ParamsView(): ReactNode {
  const api = useApi();
  const refusal = useCommandRefusal();
  const vehicle = useTelemetry(selectedVehicle);
  // The store keeps one `selected` object until the pilot picks another vehicle.
  const key = useTelemetry((s) => s.selected);
  const { list, progress } = useParams((s) => paramsOf(s, key));
  const downloading = vehicle?.params.downloading ?? false;
  const [query, setQuery] = useState('');
  const [notes, setNotes] = useState<Record<string, RowNote>>({});
  const [listError, setListError] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });

  // The list (and its scroller) is there only while a vehicle is.
  const listShown = vehicle !== null;
  useEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const observer = new ResizeObserver(() =>
      setScroll({ top: el.scrollTop, height: el.clientHeight }),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [listShown]);

  useEffect(() => {
    // A replayed log's vehicle has no parameters to ask for.
    if (key === null || key.replay !== undefined) return;
    loadParams(api, key).catch((e: unknown) => setListError(errorMessage(e)));
  }, [api, key]);

  const [download, runDownload] = useAction(() => api.request('params.download', liveTarget(key!)));
  const [oneName, setOneName] = useState('');
  const [readOne, runReadOne] = useAction(async (name: string) => {
    const { param } = await api.request('params.get', { ...liveTarget(key!), name });
    useParams.setState((s) => setParam(s, key!, param));
    setQuery(param.name);
    return param;
  });
  const shown = useMemo(() => filterParams(list, query), [list, query]);
  const range = visibleRange(shown.length, ROW_HEIGHT, scroll.top, scroll.height);
  const onNote = (name: string, note: RowNote | undefined): void =>
    setNotes((n) => {
      const next = { ...n };
      if (note === undefined) delete next[name];
      else next[name] = note;
      return next;
    });

  if (vehicle === null || key === null) {
    return (
      <div className="view empty-view">
        <h1>Parameters</h1>
        <p>No vehicle connected.</p>
      </div>
    );
  }
  if (vehicle.replay !== undefined) {
    return (
      <div className="view empty-view">
        <h1>Parameters</h1>
        <p data-testid="replay-no-params">
          The {vehicleLabel(vehicle)} is a recorded flight: it has no parameters to download or set.
          Choose a live vehicle.
        </p>
      </div>
    );
  }
  const received = progress?.received ?? vehicle.params.received;
  const total = progress?.total ?? vehicle.params.total;
  return (
    <div className="view params-view">
      <h1>Parameters</h1>
      <div className="panel params-toolbar">
        <button
          type="button"
          className={list.length === 0 ? 'primary' : undefined}
          onClick={() => void runDownload()}
          disabled={download.pending || downloading || refusal !== null}
          title={refusal ?? undefined}
          data-testid="param-download"
        >
          {downloading
            ? 'Downloading…'
            : list.length === 0
              ? 'Download parameters'
              : 'Download again'}
        </button>
        <form
          className="read-one"
          onSubmit={(e) => {
            e.preventDefault();
            const name = oneName.trim().toUpperCase();
            if (name !== '') void runReadOne(name);
          }}
        >
          <label>
            Read one{' '}
            <input
              value={oneName}
              onChange={(e) => setOneName(e.target.value)}
              placeholder="RTL_ALT"
              maxLength={16}
              spellCheck={false}
              className="narrow mono"
              data-testid="param-read-name"
            />
          </label>{' '}
          <button
            type="submit"
            disabled={readOne.pending || refusal !== null || oneName.trim() === ''}
            title={refusal ?? undefined}
            data-testid="param-read"
          >
            {readOne.pending ? 'Reading…' : 'Read'}
          </button>
          {readOne.error !== null ? (
            <span className="error" role="alert" data-testid="param-read-error">
              {readOne.error}
            </span>
          ) : null}
        </form>
        {downloading || download.pending || (total > 0 && received < total) ? (
          <ProgressBar
            value={received}
            max={total}
            label="Parameters received"
            testId="param-progress"
          />
        ) : (
          <span className="hint" data-testid="param-count">
            {list.length} parameters
          </span>
        )}
        <label className="search">
          Search{' '}
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="name contains…"
            data-testid="param-search"
          />
        </label>
        {download.error !== null ? (
          <span className="error" role="alert" data-testid="param-error">
            Download failed: {download.error}
          </span>
        ) : null}
        {listError !== null ? (
          <span className="error" role="alert">
            Could not read the parameters: {listError}
          </span>
        ) : null}
      </div>
      <div
        className="panel params-table"
        role="table"
        aria-label="Parameters"
        aria-rowcount={shown.length}
      >
        <div className="param-row param-head" role="row">
          <span role="columnheader">Name</span>
          <span role="columnheader">Value</span>
          <span role="columnheader">Type</span>
          <span role="columnheader">Vehicle’s answer</span>
        </div>
        <div
          ref={scroller}
          className="params-scroll"
          onScroll={(e) =>
            setScroll({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })
          }
        >
          <div style={{ height: shown.length * ROW_HEIGHT, position: 'relative' }}>
            <div style={{ transform: `translateY(${range.start * ROW_HEIGHT}px)` }}>
              {shown.slice(range.start, range.end).map((p) => (
                <ParamRow
                  key={p.name}
                  param={p}
                  vehicle={key}
                  note={notes[p.name]}
                  onNote={onNote}
                />
              ))}
            </div>
          </div>
          {shown.length === 0 ? (
            <p className="hint">
              {list.length > 0
                ? 'No parameter matches.'
                : downloading
                  ? 'Downloading: the list appears when every parameter has arrived.'
                  : 'No parameters yet: download them.'}
            </p>
          ) : null}
        </div>
      </div>
    </div>
  );
}

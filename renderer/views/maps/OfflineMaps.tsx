// The Offline maps panel: where the map's tiles come from (a URL template
// and the attribution its licence asks for), the tile cache Sigil keeps in
// its data folder, and areas downloaded ahead for flying where there is no
// internet: what an area will take is shown before it starts, then its
// progress, which can be cancelled.

import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Responses } from '../../../protocol/contract';
import type { TileDownloadProgress, TileSourceInfo } from '../../../protocol/wire-types';
import { useApi } from '../../api/context';
import { errorMessage, formatBytes, formatCount } from '../../components/format';
import { useAction, usePoll } from '../../components/hooks';
import { ConfirmAction } from '../../components/ConfirmAction';
import { ProgressBar } from '../../components/ProgressBar';
import { useCommandRefusal } from '../../store/session';
import { selectedVehicle, useTelemetry } from '../../store/telemetry';
import { setDownload, useTiles } from '../../store/tiles';
import { areaAround, EMPTY_AREA, readArea, type AreaFields } from './area-form';

type Stats = Responses['tiles.stats'];

const MIB = 1024 * 1024;
/** How often the cache's size is asked again while the panel is shown: the map fills it. */
const STATS_INTERVAL_MS = 5000;

function SourceForm(props: { source: TileSourceInfo; onSaved: () => void }): ReactNode {
  const api = useApi();
  const refusal = useCommandRefusal();
  const [urlTemplate, setUrlTemplate] = useState(props.source.urlTemplate);
  const [attribution, setAttribution] = useState(props.source.attribution);
  const [maxZoom, setMaxZoom] = useState(String(props.source.maxZoom));
  const [save, runSave] = useAction(async () => {
    const answer = await api.request('tiles.setSource', {
      urlTemplate,
      attribution,
      maxZoom: Number(maxZoom),
    });
    props.onSaved();
    return answer;
  });
  const zoomOk = /^\d{1,2}$/.test(maxZoom) && Number(maxZoom) <= 22;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void runSave();
      }}
    >
      <h3>Tile source</h3>
      <div className="form-row">
        <label>
          URL template{' '}
          <input
            className="mono wide"
            value={urlTemplate}
            onChange={(e) => setUrlTemplate(e.target.value)}
            data-testid="tile-source-url"
          />
        </label>
        <label>
          Deepest zoom{' '}
          <input
            inputMode="numeric"
            size={3}
            value={maxZoom}
            onChange={(e) => setMaxZoom(e.target.value)}
            data-testid="tile-source-max-zoom"
          />
        </label>
      </div>
      <div className="form-row">
        <label>
          Attribution{' '}
          <input
            className="wide"
            value={attribution}
            onChange={(e) => setAttribution(e.target.value)}
            data-testid="tile-source-attribution"
          />
        </label>
        <button
          type="submit"
          disabled={save.pending || !zoomOk || refusal !== null}
          title={refusal ?? undefined}
          data-testid="tile-source-save"
        >
          {save.pending ? 'Saving…' : 'Save source'}
        </button>
        {save.result !== null ? (
          <span className="good" role="status" data-testid="tile-source-saved">
            Saved: the map takes its tiles from this source.
          </span>
        ) : null}
        {save.error !== null ? (
          <span className="error" role="alert">
            Not saved: {save.error}
          </span>
        ) : null}
      </div>
      <p className="hint">
        {'{z}'}, {'{x}'} and {'{y}'} name the tile, {'{s}'} a server (a, b or c). Sigil fetches
        tiles itself, naming itself to the source, and keeps each one it fetched, so the map still
        shows them offline. OpenStreetMap&apos;s tiles are free to view this way, not to download in
        bulk.
      </p>
      {props.source.settingsProblem !== null ? (
        <p className="warning" role="note">
          {props.source.settingsProblem}
        </p>
      ) : null}
    </form>
  );
}

function CacheRow(props: { stats: Stats; onChanged: () => void }): ReactNode {
  const api = useApi();
  const refusal = useCommandRefusal();
  const { cache, unreachable } = props.stats;
  const [limit, setLimit] = useState(String(Math.round(cache.limitBytes / MIB)));
  const [clear, runClear] = useAction(async () => {
    const answer = await api.request('tiles.clear', {});
    props.onChanged();
    return answer;
  });
  const [setCacheLimit, runSetLimit] = useAction(async () => {
    const answer = await api.request('tiles.setCacheLimit', { bytes: Number(limit) * MIB });
    props.onChanged();
    return answer;
  });
  const limitOk = /^\d{1,7}$/.test(limit) && Number(limit) >= 16;
  return (
    <div>
      <h3>Tile cache</h3>
      <div className="form-row">
        <span data-testid="tile-cache-stats">
          {formatCount(cache.tiles)} tiles, {formatBytes(cache.bytes)} of{' '}
          {formatBytes(cache.limitBytes)}
        </span>
        <ConfirmAction
          label="Clear cache"
          question="Remove every cached tile? The map needs the internet again for them."
          onConfirm={() => void runClear()}
          pending={clear.pending}
          refusal={refusal}
          danger
          testId="tile-cache-clear"
        />
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void runSetLimit();
          }}
        >
          <label>
            Limit (MiB){' '}
            <input
              inputMode="numeric"
              size={6}
              value={limit}
              onChange={(e) => setLimit(e.target.value)}
              data-testid="tile-cache-limit"
            />
          </label>{' '}
          <button
            type="submit"
            disabled={setCacheLimit.pending || !limitOk || refusal !== null}
            title={limitOk ? (refusal ?? undefined) : 'At least 16 MiB.'}
          >
            Set limit
          </button>
        </form>
        {clear.error !== null || setCacheLimit.error !== null ? (
          <span className="error" role="alert">
            {clear.error ?? setCacheLimit.error}
          </span>
        ) : null}
      </div>
      {unreachable !== null ? (
        <p className="warn" role="status" data-testid="tile-source-unreachable">
          {unreachable}: the map shows the tiles in the cache, and none where it has none.
        </p>
      ) : null}
    </div>
  );
}

function downloadLabel(d: TileDownloadProgress): string {
  switch (d.state) {
    case 'running':
      return 'Downloading';
    case 'finished':
      return 'Downloaded';
    case 'cancelled':
      return 'Cancelled at';
    case 'stopped':
      return 'Stopped at';
  }
}

/** Where the selected vehicle is (or its home), once either is known. */
function placeOf(
  state: ReturnType<typeof useTelemetry.getState>,
): { lat: number; lon: number } | null {
  const v = selectedVehicle(state);
  const lat = v?.position?.lat ?? v?.home?.lat ?? null;
  const lon = v?.position?.lon ?? v?.home?.lon ?? null;
  return lat === null || lon === null || (lat === 0 && lon === 0) ? null : { lat, lon };
}

function useVehiclePlace(): { lat: number; lon: number } | null {
  const lat = useTelemetry((s) => placeOf(s)?.lat ?? null);
  const lon = useTelemetry((s) => placeOf(s)?.lon ?? null);
  return useMemo(() => (lat === null || lon === null ? null : { lat, lon }), [lat, lon]);
}

/**
 * The area's fields: around the vehicle as soon as its place is known
 * (once: a moving vehicle does not move them under the pilot's hands), or
 * as the pilot types them.
 */
function useAreaFields(): [AreaFields | null, (fields: AreaFields) => void] {
  const [fields, setFields] = useState<AreaFields | null>(() => {
    const place = placeOf(useTelemetry.getState());
    return place === null ? null : areaAround(place.lat, place.lon);
  });
  const waiting = fields === null;
  useEffect(() => {
    if (!waiting) return;
    return useTelemetry.subscribe((state) => {
      const place = placeOf(state);
      if (place !== null) setFields((f) => f ?? areaAround(place.lat, place.lon));
    });
  }, [waiting]);
  return [fields, setFields];
}

function AreaDownload(props: { source: TileSourceInfo; onEnded: () => void }): ReactNode {
  const api = useApi();
  const refusal = useCommandRefusal();
  const place = useVehiclePlace();
  const download = useTiles((s) => s.download);
  const [given, setFields] = useAreaFields();
  const fields = given ?? EMPTY_AREA;
  const read = readArea(fields);
  const areaKey = read.ok ? JSON.stringify(read.area) : null;
  const [estimate, runEstimate, resetEstimate] = useAction(async (area: typeof read) => {
    if (!area.ok) throw new Error(area.error);
    return { key: JSON.stringify(area.area), ...(await api.request('tiles.estimate', area.area)) };
  });
  const [start, runStart] = useAction(async () => {
    if (!read.ok) throw new Error(read.error);
    const { download: started } = await api.request('tiles.download', read.area);
    useTiles.setState((s) => setDownload(s, started));
    return started;
  });
  const [cancelError, setCancelError] = useState<string | null>(null);
  const running = download?.state === 'running';
  const ended = download !== null && !running;
  const { onEnded } = props;
  useEffect(() => {
    if (ended) onEnded();
  }, [ended, onEnded]);

  const set = (change: Partial<AreaFields>): void => {
    setFields({ ...fields, ...change });
    resetEstimate();
  };
  const current =
    estimate.result !== null && estimate.result.key === areaKey ? estimate.result : null;
  const sourceRefusal = props.source.areaDownloadRefusal;
  const field = (name: keyof AreaFields, label: string, size = 10): ReactNode => (
    <label>
      {label}{' '}
      <input
        className="mono"
        inputMode="decimal"
        size={size}
        value={fields[name]}
        onChange={(e) => set({ [name]: e.target.value })}
        data-testid={`tile-area-${name}`}
      />
    </label>
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void runEstimate(read);
      }}
    >
      <h3>Download an area for offline use</h3>
      {sourceRefusal !== null ? (
        <p className="warning" role="note" data-testid="tile-area-refusal">
          {sourceRefusal}
        </p>
      ) : null}
      <div className="form-row">
        {field('south', 'South')}
        {field('west', 'West')}
        {field('north', 'North')}
        {field('east', 'East')}
        {field('minZoom', 'Zoom from', 3)}
        {field('maxZoom', 'to', 3)}
        <button
          type="button"
          disabled={place === null}
          title={place === null ? 'No vehicle position yet.' : undefined}
          onClick={() => {
            if (place === null) return;
            setFields(areaAround(place.lat, place.lon, fields));
            resetEstimate();
          }}
        >
          Around the vehicle
        </button>
      </div>
      <div className="form-row">
        <button
          type="submit"
          disabled={estimate.pending || !read.ok}
          data-testid="tile-area-estimate"
        >
          {estimate.pending ? 'Estimating…' : 'Estimate'}
        </button>
        {given === null ? (
          <span className="hint">No vehicle position yet: enter the area&apos;s edges.</span>
        ) : !read.ok ? (
          <span className="field-error">{read.error}</span>
        ) : null}
        {current !== null ? (
          <span data-testid="tile-estimate">
            {formatCount(current.estimate.tiles)} tiles
            {current.estimate.cached > 0
              ? ` (${formatCount(current.estimate.cached)} cached already)`
              : ''}
            , about {formatBytes(current.estimate.bytes)} to fetch.
          </span>
        ) : null}
        {estimate.error !== null ? (
          <span className="error" role="alert">
            {estimate.error}
          </span>
        ) : null}
        <button
          type="button"
          className="primary"
          disabled={
            current === null ||
            current.estimate.refusal !== null ||
            running ||
            start.pending ||
            refusal !== null
          }
          title={refusal ?? (current === null ? 'Estimate the area first.' : undefined)}
          onClick={() => void runStart()}
          data-testid="tile-area-download"
        >
          {current === null ? 'Download' : `Download ${formatCount(current.estimate.tiles)} tiles`}
        </button>
      </div>
      {current !== null &&
      current.estimate.refusal !== null &&
      current.estimate.refusal !== sourceRefusal ? (
        <p className="error" role="alert" data-testid="tile-estimate-refusal">
          {current.estimate.refusal}
        </p>
      ) : null}
      {start.error !== null ? (
        <p className="error" role="alert">
          Not started: {start.error}
        </p>
      ) : null}
      {download !== null ? (
        <div className="form-row" data-testid="tile-download" data-state={download.state}>
          <ProgressBar
            value={download.done + download.failed}
            max={download.total}
            label={downloadLabel(download)}
            testId="tile-download-progress"
          />
          <span>
            {formatBytes(download.bytes)} fetched
            {download.failed > 0 ? `, ${formatCount(download.failed)} tiles failed` : ''}
          </span>
          {running ? (
            <button
              type="button"
              disabled={refusal !== null}
              title={refusal ?? undefined}
              onClick={() => {
                setCancelError(null);
                api
                  .request('tiles.cancelDownload', {})
                  .then(({ download: last }) => {
                    if (last !== null) useTiles.setState((s) => setDownload(s, last));
                  })
                  .catch((e: unknown) => setCancelError(errorMessage(e)));
              }}
              data-testid="tile-download-cancel"
            >
              Cancel
            </button>
          ) : null}
          {download.reason !== null && download.state !== 'running' ? (
            <span className={download.state === 'finished' ? 'warn' : 'error'}>
              {download.reason}
            </span>
          ) : null}
          {cancelError !== null ? <span className="error">{cancelError}</span> : null}
        </div>
      ) : null}
    </form>
  );
}

export function OfflineMaps(): ReactNode {
  const api = useApi();
  const [source, setSource] = useState<TileSourceInfo | null>(null);
  const [stats, setStats] = useState<Stats | null>(null);
  const refresh = useCallback(async () => {
    const [info, latest] = await Promise.all([
      api.request('tiles.source', {}),
      api.request('tiles.stats', {}),
    ]);
    setSource(info.source);
    useTiles.setState({ source: info.source });
    setStats(latest);
    if (latest.download !== null) {
      const { download } = latest;
      useTiles.setState((s) => setDownload(s, download));
    }
  }, [api]);
  const error = usePoll(refresh, STATS_INTERVAL_MS);
  const refreshNow = useCallback(() => void refresh().catch(() => undefined), [refresh]);
  return (
    <section className="panel offline-maps" aria-label="Offline maps" data-testid="offline-maps">
      <h2>Offline maps</h2>
      {error !== null ? (
        <p className="error" role="alert">
          The map settings could not be read: {error}
        </p>
      ) : null}
      {source === null || stats === null ? (
        <p className="hint">Reading the map settings…</p>
      ) : (
        <>
          <SourceForm
            key={`${source.urlTemplate}\n${source.attribution}\n${source.maxZoom}`}
            source={source}
            onSaved={refreshNow}
          />
          <CacheRow key={stats.cache.limitBytes} stats={stats} onChanged={refreshNow} />
          <AreaDownload source={source} onEnded={refreshNow} />
        </>
      )}
    </section>
  );
}

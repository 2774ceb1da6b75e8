// Refused frames per second over the last minutes, one line per reason
// (signing verdicts and drops). uPlot draws on a canvas; new data goes in
// with setData, React renders the box once.

import { useEffect, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RefusalReason } from '../../../protocol/wire-types';
import { formatTimeOfDay } from '../../components/format';
import { HISTORY_SECONDS, REFUSAL_REASONS, type RejectionHistory } from '../../store/rejections';
import { useTelemetry } from '../../store/telemetry';

export const VERDICT_COLOURS: Record<RefusalReason, string> = {
  'bad-signature': '#ff6b6b',
  replay: '#ffb347',
  stale: '#c58cff',
  future: '#ff8a65',
  'too-many-streams': '#4dd0e1',
  unsigned: '#9ccc65',
  impersonation: '#f06292',
  'own-identity': '#90a4ae',
};

export function chartData(h: RejectionHistory): uPlot.AlignedData {
  return [h.seconds as number[], ...REFUSAL_REASONS.map((r) => h.series[r] as number[])];
}

/** A tick's time as the wall clock reads it: 12:35:30. */
function clockLabel(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function RejectionChart(): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  const total = useTelemetry((s) => {
    let n = 0;
    for (const r of REFUSAL_REASONS) for (const x of s.rejections.series[r]) n += x;
    return n;
  });
  const counted = useTelemetry((s) => s.rejections.counted);
  const sinceMs = useTelemetry((s) => s.rejections.sinceMs);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const options: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height: 220,
      scales: {
        // Always the whole window, so a quiet start does not stretch a few seconds across.
        x: { time: true, range: (_u, _min, max) => [max - HISTORY_SECONDS, max] },
        y: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.15))] },
      },
      axes: [
        {
          stroke: '#aab4c3',
          grid: { stroke: '#2a3340' },
          ticks: { stroke: '#2a3340' },
          // One short label per tick, far enough apart not to overlap at any width
          // (uPlot's own puts a date under the first and crowds a narrow chart).
          space: 90,
          values: (_u, splits) => splits.map(clockLabel),
        },
        {
          stroke: '#aab4c3',
          grid: { stroke: '#2a3340' },
          ticks: { stroke: '#2a3340' },
          label: 'per second',
        },
      ],
      series: [
        { label: 'time' },
        ...REFUSAL_REASONS.map((r) => ({
          label: r,
          stroke: VERDICT_COLOURS[r],
          width: 1.5,
          points: { show: false },
        })),
      ],
      legend: { live: false },
    };
    const plot = new uPlot(options, chartData(useTelemetry.getState().rejections), el);
    let shown = useTelemetry.getState().rejections.seconds;
    const unsubscribe = useTelemetry.subscribe((s) => {
      // A new point only when a second ends, not on every snapshot.
      if (s.rejections.seconds === shown) return;
      shown = s.rejections.seconds;
      plot.setData(chartData(s.rejections));
    });
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(300, el.clientWidth), height: 220 }),
    );
    resize.observe(el);
    return () => {
      unsubscribe();
      resize.disconnect();
      plot.destroy();
    };
  }, []);

  return (
    <figure className="rejection-chart">
      <div ref={box} data-testid="rejection-chart" />
      <figcaption className="hint">
        Refused frames per second, every link together, last 5 minutes ({total} in all).{' '}
        {sinceMs === null ? null : (
          <span data-testid="chart-since">
            Counted since {formatTimeOfDay(sinceMs)}, when this page began watching:{' '}
            <span data-testid="chart-counted">{counted}</span>. The counters above count from each
            link’s opening.
          </span>
        )}
      </figcaption>
    </figure>
  );
}

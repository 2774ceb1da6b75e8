// The artificial horizon and heading. It changes with every snapshot, so it
// subscribes to the store itself and moves SVG nodes: React renders it once.
// An attitude that stopped coming is greyed and says how old it is.

import { useEffect, useRef, type ReactNode } from 'react';
import { formatHeading, formatNumber } from '../../components/format';
import { selectedVehicle, useTelemetry } from '../../store/telemetry';
import { staleNote } from './staleness';

const SIZE = 220;
const C = SIZE / 2;
/** Pixels per degree of pitch. */
const PITCH_PX = 3;
const LADDER = [-30, -20, -10, 10, 20, 30];
const ROLL_TICKS = [-60, -45, -30, -20, -10, 0, 10, 20, 30, 45, 60];

export function horizonTransform(roll: number, pitch: number): string {
  // The world turns against the roll and drops as the nose comes up.
  return `rotate(${(-roll).toFixed(2)} ${C} ${C}) translate(0 ${(pitch * PITCH_PX).toFixed(2)})`;
}

export function AttitudeIndicator(): ReactNode {
  const horizon = useRef<SVGGElement>(null);
  const rollPointer = useRef<SVGGElement>(null);
  const readout = useRef<HTMLSpanElement>(null);
  const heading = useRef<HTMLSpanElement>(null);
  const compass = useRef<SVGGElement>(null);
  const stale = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let last = '';
    const apply = (): void => {
      const v = selectedVehicle(useTelemetry.getState());
      const att = v?.attitude ?? null;
      const hdg = v?.hud?.heading ?? v?.position?.heading ?? (att !== null ? att.yaw : null);
      const old = att === null ? null : staleNote(v?.ages.attitude);
      const key = `${att?.roll},${att?.pitch},${hdg},${old}`;
      if (key === last) return;
      last = key;
      const roll = att?.roll ?? 0;
      const pitch = att?.pitch ?? 0;
      horizon.current?.setAttribute('transform', horizonTransform(roll, pitch));
      rollPointer.current?.setAttribute('transform', `rotate(${(-roll).toFixed(2)} ${C} ${C})`);
      compass.current?.setAttribute('transform', `rotate(${(-(hdg ?? 0)).toFixed(1)} 50 50)`);
      if (readout.current)
        readout.current.textContent =
          att === null
            ? 'no attitude yet'
            : `roll ${formatNumber(roll, 0)}°  pitch ${formatNumber(pitch, 0)}°` +
              (old === null ? '' : ` (${old})`);
      if (heading.current) heading.current.textContent = formatHeading(hdg);
      if (stale.current)
        stale.current.textContent = att === null ? 'no attitude yet' : `attitude ${old}`;
      stale.current?.classList.toggle('hidden', att !== null && old === null);
      root.current?.classList.toggle('stale', old !== null);
      if (old === null) root.current?.removeAttribute('data-stale');
      else root.current?.setAttribute('data-stale', 'true');
    };
    apply();
    return useTelemetry.subscribe(apply);
  }, []);

  return (
    <div className="attitude" ref={root} data-testid="attitude-indicator">
      <div className="attitude-horizon">
        <svg
          viewBox={`0 0 ${SIZE} ${SIZE}`}
          width={SIZE}
          height={SIZE}
          role="img"
          aria-label="Artificial horizon"
        >
          <defs>
            <clipPath id="attitude-clip">
              <circle cx={C} cy={C} r={C - 4} />
            </clipPath>
          </defs>
          <g clipPath="url(#attitude-clip)">
            <g ref={horizon}>
              <rect
                className="sky"
                x={-SIZE}
                y={-2 * SIZE}
                width={3 * SIZE}
                height={2 * SIZE + C}
              />
              <rect className="ground" x={-SIZE} y={C} width={3 * SIZE} height={2 * SIZE} />
              <line className="horizon-line" x1={-SIZE} y1={C} x2={2 * SIZE} y2={C} />
              {LADDER.map((deg) => (
                <g key={deg} className="ladder">
                  <line
                    x1={C - (deg % 20 === 0 ? 30 : 18)}
                    x2={C + (deg % 20 === 0 ? 30 : 18)}
                    y1={C - deg * PITCH_PX}
                    y2={C - deg * PITCH_PX}
                  />
                  {deg % 20 === 0 ? (
                    <text x={C + 36} y={C - deg * PITCH_PX + 4}>
                      {Math.abs(deg)}
                    </text>
                  ) : null}
                </g>
              ))}
            </g>
          </g>
          <g className="roll-scale">
            {ROLL_TICKS.map((deg) => (
              <line
                key={deg}
                x1={C}
                y1={8}
                x2={C}
                y2={deg % 30 === 0 ? 20 : 15}
                transform={`rotate(${deg} ${C} ${C})`}
              />
            ))}
          </g>
          <g ref={rollPointer} className="roll-pointer">
            <path d={`M${C},22 l-6,10 h12 z`} />
          </g>
          <g className="aircraft">
            <path d={`M${C - 60},${C} h40 l10,10 l10,-10 h40`} />
            <circle cx={C} cy={C} r={2.5} />
          </g>
          <circle className="bezel" cx={C} cy={C} r={C - 4} />
        </svg>
        <div ref={stale} className="attitude-stale">
          no attitude yet
        </div>
      </div>
      <div className="attitude-readout">
        <span ref={readout} data-testid="attitude" />
        <span className="heading-box">
          <svg viewBox="0 0 100 100" width={64} height={64} aria-hidden="true">
            <circle className="compass-ring" cx={50} cy={50} r={46} />
            <g ref={compass} className="compass-card">
              {['N', 'E', 'S', 'W'].map((label, i) => (
                <text
                  key={label}
                  x={50}
                  y={20}
                  textAnchor="middle"
                  transform={`rotate(${i * 90} 50 50)`}
                >
                  {label}
                </text>
              ))}
            </g>
            <path className="compass-needle" d="M50,30 l6,22 h-12 z" />
          </svg>
          <span>
            heading <strong ref={heading} data-testid="heading" />
          </span>
        </span>
      </div>
    </div>
  );
}

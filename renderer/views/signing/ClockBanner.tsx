// The signing clock's trouble, from every snapshot: shown at once when the
// clock cannot be read or saved, gone when it is sound again.

import type { ReactNode } from 'react';
import { useTelemetry } from '../../store/telemetry';
import { clockBannerText } from './clock-banner';

export function ClockBanner(): ReactNode {
  const clock = useTelemetry((s) => s.signing.clock);
  const text = clockBannerText(clock);
  if (clock === null || text === null) return null;
  return (
    <section
      className="panel clock-banner warning"
      role="alert"
      aria-label="Signing clock"
      data-testid="clock-banner"
      data-state={clock.state}
    >
      <h2>{text.title}</h2>
      {text.problems.length > 0 ? (
        <ul className="clock-problems">
          {text.problems.map((p) => (
            <li key={p} className="mono">
              {p}
            </li>
          ))}
        </ul>
      ) : null}
      <p data-testid="clock-held">{text.held}</p>
      <p className="hint">{text.why}</p>
      <p className="hint">
        The clock’s files ({clock.files.join(', ')}) are in Sigil’s data folder; the ground
        station’s log names the full path.
      </p>
    </section>
  );
}

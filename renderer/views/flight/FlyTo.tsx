// "Fly here": a click (or long press) on the flight map offers to send the
// vehicle there in GUIDED, at an altitude the pilot sets; the offer is the
// question, its button the confirmation. Outside GUIDED it says why not.

import { useState, type ReactNode } from 'react';
import type { VehicleState } from '../../../protocol/wire-types';
import type { LatLon } from '../../components/geo';
import { liveTarget } from '../../store/keys';
import { useCommandRefusal } from '../../store/session';
import { ResultLine, useCommand } from './command-outcome';
import { linkLostRefusal } from './staleness';

/** The altitude offered first: where it flies now, or 10 m from the ground. */
function startingAltitude(vehicle: VehicleState): string {
  const alt = vehicle.position?.altRelative ?? null;
  return alt === null || alt < 2 ? '10' : String(Math.round(alt));
}

export function FlyToOffer(props: {
  vehicle: VehicleState;
  at: LatLon | null;
  onClose: () => void;
}): ReactNode {
  const { vehicle, at, onClose } = props;
  const refusal = useCommandRefusal() ?? linkLostRefusal(vehicle);
  const { outcome, busy, send } = useCommand<'flyTo'>();
  const [altitude, setAltitude] = useState<string | null>(null);
  const text = altitude ?? startingAltitude(vehicle);
  const alt = Number(text);
  const altOk = text.trim() !== '' && Number.isFinite(alt) && alt >= 1 && alt <= 1000;
  const guided = vehicle.mode === 'GUIDED';

  return (
    <>
      {at === null ? null : (
        <div className="flyto-offer" role="dialog" aria-label="Fly here" data-testid="flyto-offer">
          <p className="flyto-place mono">
            {at.lat.toFixed(6)}, {at.lon.toFixed(6)}
          </p>
          {refusal !== null ? (
            <p className="hint">{refusal}</p>
          ) : !guided ? (
            <p className="hint" data-testid="flyto-not-guided">
              Fly-to works in GUIDED; the vehicle is in {vehicle.mode ?? 'an unknown mode'}.
            </p>
          ) : (
            <label>
              Fly here at{' '}
              <input
                type="number"
                className="narrow"
                min={1}
                max={1000}
                step={1}
                value={text}
                onChange={(e) => setAltitude(e.target.value)}
                aria-invalid={!altOk}
                data-testid="flyto-altitude"
              />{' '}
              m above home?
            </label>
          )}
          <div className="action-row">
            {guided && refusal === null ? (
              <button
                type="button"
                className="primary"
                disabled={!altOk || busy}
                data-testid="flyto-confirm"
                onClick={() => {
                  send('flyTo', {
                    ...liveTarget(vehicle),
                    command: 'flyTo',
                    lat: at.lat,
                    lon: at.lon,
                    alt,
                  });
                  onClose();
                }}
              >
                Fly here at {altOk ? alt : '?'} m
              </button>
            ) : null}
            <button type="button" onClick={onClose} data-testid="flyto-cancel">
              Cancel
            </button>
          </div>
        </div>
      )}
      <div className="flyto-result">
        <ResultLine outcome={outcome} action="flyTo" />
      </div>
    </>
  );
}

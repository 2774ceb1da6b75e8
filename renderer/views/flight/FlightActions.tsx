// Arm/disarm, mode, takeoff, land, RTL: each asks first, and the vehicle's
// answer appears next to the button that sent it (one answer at a time).

import { useState, type ReactNode } from 'react';
import type { VehicleState } from '../../../protocol/wire-types';
import { ConfirmAction } from '../../components/ConfirmAction';
import { liveTarget } from '../../store/keys';
import { useCommandRefusal } from '../../store/session';
import { ResultLine, useCommand } from './command-outcome';
import { linkLostRefusal } from './staleness';

type Action = 'arm' | 'mode' | 'takeoff' | 'land' | 'rtl';

export function FlightActions({ vehicle }: { vehicle: VehicleState }): ReactNode {
  const refusal = useCommandRefusal() ?? linkLostRefusal(vehicle);
  const { outcome, busy, send } = useCommand<Action>();
  const [mode, setMode] = useState('');
  const [altitude, setAltitude] = useState('10');
  const target = liveTarget(vehicle);

  // Until the pilot picks one, the selector shows the mode the vehicle is in.
  const current = vehicle.mode !== null && vehicle.modes.includes(vehicle.mode) ? vehicle.mode : '';
  const chosenMode =
    mode !== '' && vehicle.modes.includes(mode) ? mode : current || (vehicle.modes[0] ?? '');
  const alt = Number(altitude);
  const altOk = altitude.trim() !== '' && Number.isFinite(alt) && alt >= 1 && alt <= 1000;

  return (
    <section className="panel flight-actions" aria-label="Vehicle commands">
      <h2>Commands</h2>
      {refusal !== null ? (
        <p className="hint" data-testid="commands-refused">
          {refusal}
        </p>
      ) : null}
      {vehicle.signingKeyMissing === true ? (
        <p className="warning" role="alert" data-testid="signing-key-missing">
          Signing key not set: commands to this vehicle will be ignored. Set it on the Signing page.
        </p>
      ) : null}
      <div className="action-row">
        {vehicle.armed ? (
          <ConfirmAction
            label="Disarm"
            question="Stop the motors? In the air this drops the vehicle."
            onConfirm={() => send('arm', { ...target, command: 'disarm' })}
            pending={busy && outcome?.action === 'arm'}
            disabled={busy}
            danger
            testId="action-disarm"
            refusal={refusal}
          />
        ) : (
          <ConfirmAction
            label="Arm"
            question="Arm the motors? Props may spin."
            onConfirm={() => send('arm', { ...target, command: 'arm' })}
            pending={busy && outcome?.action === 'arm'}
            disabled={busy}
            danger
            testId="action-arm"
            refusal={refusal}
          />
        )}
        <ResultLine outcome={outcome} action="arm" />
      </div>
      <div className="action-row">
        <label>
          Mode{' '}
          <select
            value={chosenMode}
            onChange={(e) => setMode(e.target.value)}
            disabled={vehicle.modes.length === 0 || refusal !== null}
            data-testid="mode-select"
          >
            {vehicle.modes.length === 0 ? <option value="">no modes known</option> : null}
            {vehicle.modes.map((m) => (
              <option key={m} value={m}>
                {m === vehicle.mode ? `${m} (now)` : m}
              </option>
            ))}
          </select>
        </label>
        <ConfirmAction
          label="Set mode"
          question={`Switch to ${chosenMode}?`}
          onConfirm={() => send('mode', { ...target, command: 'setMode', mode: chosenMode })}
          disabled={busy || chosenMode === ''}
          pending={busy && outcome?.action === 'mode'}
          testId="action-mode"
          refusal={refusal}
        />
        <ResultLine outcome={outcome} action="mode" />
      </div>
      <div className="action-row">
        <label>
          Takeoff to{' '}
          <input
            type="number"
            min={1}
            max={1000}
            step={1}
            inputMode="decimal"
            className="narrow"
            value={altitude}
            onChange={(e) => setAltitude(e.target.value)}
            aria-invalid={!altOk}
            disabled={refusal !== null}
            data-testid="takeoff-altitude"
          />{' '}
          m
        </label>
        <ConfirmAction
          label="Take off"
          question={`Climb to ${altOk ? alt : '?'} m above home?`}
          onConfirm={() => send('takeoff', { ...target, command: 'takeoff', altitude: alt })}
          disabled={busy || !altOk}
          pending={busy && outcome?.action === 'takeoff'}
          danger
          testId="action-takeoff"
          refusal={refusal}
        />
        {!altOk ? <span className="field-error">Altitude: a number from 1 to 1000 m.</span> : null}
        <ResultLine outcome={outcome} action="takeoff" />
      </div>
      <div className="action-row">
        <ConfirmAction
          label="Land"
          question="Land where the vehicle is now?"
          onConfirm={() => send('land', { ...target, command: 'land' })}
          disabled={busy}
          pending={busy && outcome?.action === 'land'}
          testId="action-land"
          refusal={refusal}
        />
        <ResultLine outcome={outcome} action="land" />
      </div>
      <div className="action-row">
        <ConfirmAction
          label="Return to launch"
          question="Fly back to home and land?"
          onConfirm={() => send('rtl', { ...target, command: 'rtl' })}
          disabled={busy}
          pending={busy && outcome?.action === 'rtl'}
          testId="action-rtl"
          refusal={refusal}
        />
        <ResultLine outcome={outcome} action="rtl" />
      </div>
    </section>
  );
}

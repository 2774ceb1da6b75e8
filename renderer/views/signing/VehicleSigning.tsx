// Putting the key on the vehicle (SETUP_SIGNING) and taking it off again.

import type { ReactNode } from 'react';
import type { VehicleState } from '../../../protocol/wire-types';
import { useApi } from '../../api/context';
import { ConfirmAction } from '../../components/ConfirmAction';
import { vehicleLabel } from '../../components/format';
import { useAction } from '../../components/hooks';
import { liveTarget } from '../../store/keys';
import { useCommandRefusal } from '../../store/session';
import { selectedVehicle, useTelemetry } from '../../store/telemetry';

type Answer = { ok: boolean; reason?: string };

function Outcome(props: {
  pending: boolean;
  error: string | null;
  result: Answer | null;
  done: string;
  testId: string;
}): ReactNode {
  const { pending, error, result, done, testId } = props;
  if (pending) return <output className="pending">Waiting for the vehicle…</output>;
  if (error !== null) {
    return (
      <output className="error" role="alert" data-testid={testId} data-ok="false">
        {error}
      </output>
    );
  }
  if (result === null) return null;
  return (
    <output
      className={result.ok ? 'good' : 'error'}
      role={result.ok ? 'status' : 'alert'}
      data-testid={testId}
      data-ok={String(result.ok)}
    >
      {result.ok ? done : `Not done: ${result.reason ?? 'the vehicle did not confirm'}`}
    </output>
  );
}

function describe(v: VehicleState): string {
  return `${vehicleLabel(v)}${v.type !== null ? ` (${v.type.toLowerCase().replace(/_/g, ' ')})` : ''}`;
}

export function VehicleSigning(): ReactNode {
  const api = useApi();
  const refusal = useCommandRefusal();
  const vehicle = useTelemetry(selectedVehicle);
  const fingerprint = useTelemetry((s) => s.signing.fingerprint);
  const target = vehicle === null ? null : liveTarget(vehicle);
  const [send, runSend] = useAction(() => api.request('signing.sendToVehicle', target!));
  const [disable, runDisable] = useAction(() => api.request('signing.disableOnVehicle', target!));

  return (
    <section className="panel vehicle-signing" aria-label="Signing on the vehicle">
      <h2>Signing on the vehicle</h2>
      {vehicle === null ? (
        <p className="hint">No vehicle connected.</p>
      ) : vehicle.replay !== undefined ? (
        <p className="hint" data-testid="replay-no-signing">
          The {vehicleLabel(vehicle)} is a recorded flight: signing is set up on a live vehicle.
        </p>
      ) : (
        <>
          <p>
            Vehicle: {describe(vehicle)}; its last heartbeat was{' '}
            <strong data-testid="heartbeat-signed">
              {vehicle.heartbeatSigned === null
                ? 'not heard yet'
                : vehicle.heartbeatSigned
                  ? 'signed'
                  : 'unsigned'}
            </strong>
            {vehicle.signed ? (
              <>
                ; it is a <strong data-testid="vehicle-signed">signed vehicle</strong> (only its
                signed frames are taken)
              </>
            ) : null}
            .
          </p>
          <p className="warning" role="note">
            The key travels to the vehicle unencrypted. Send it only over a link you trust, such as
            a USB cable, never over a radio or a network others can hear. Vehicles refuse it while
            armed.
          </p>
          <div className="form-row">
            <ConfirmAction
              label="Send key to vehicle"
              question="Is this a trusted link (USB)? The key is sent in the clear."
              confirmLabel="Yes, send the key"
              onConfirm={() => void runSend()}
              disabled={fingerprint === null}
              pending={send.pending}
              refusal={refusal}
              testId="send-key"
            />
            {fingerprint === null ? <span className="hint">Set a key first.</span> : null}
            {vehicle.armed ? (
              <span className="hint">The vehicle is armed: it will refuse.</span>
            ) : null}
            <Outcome
              {...send}
              done="The vehicle took the key and answers signed."
              testId="send-key-result"
            />
          </div>
          <div className="form-row">
            <ConfirmAction
              label="Turn signing off on vehicle"
              question="Turn signing off on the vehicle? It will then accept unsigned commands from anyone on its links."
              confirmLabel="Yes, turn signing off"
              onConfirm={() => void runDisable()}
              pending={disable.pending}
              refusal={refusal}
              danger
              testId="disable-signing"
            />
            <Outcome
              {...disable}
              done="Signing is off on the vehicle."
              testId="disable-signing-result"
            />
          </div>
        </>
      )}
    </section>
  );
}

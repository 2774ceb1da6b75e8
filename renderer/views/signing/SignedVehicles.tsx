// The vehicles whose frames have verified: from then on only accepted signed
// frames change what Sigil shows of them. The pilot may forget that one
// signs (after a reflash, say), after confirming.

import type { ReactNode } from 'react';
import type { SigningState, VehicleId } from '../../../protocol/wire-types';
import { useApi } from '../../api/context';
import { ConfirmAction } from '../../components/ConfirmAction';
import { vehicleLabel } from '../../components/format';
import { useAction } from '../../components/hooks';
import { useCommandRefusal } from '../../store/session';
import { useTelemetry } from '../../store/telemetry';

function SignedVehicleRow({
  vehicle,
  onChange,
}: {
  vehicle: VehicleId;
  onChange: () => Promise<void>;
}): ReactNode {
  const api = useApi();
  const refusal = useCommandRefusal();
  const heard = useTelemetry((s) =>
    s.vehicles.some(
      (v) => v.replay === undefined && v.sysid === vehicle.sysid && v.compid === vehicle.compid,
    ),
  );
  const label = vehicleLabel(vehicle);
  const [forget, runForget] = useAction(async () => {
    const answer = await api.request('signing.forgetVehicle', vehicle);
    await onChange();
    return answer;
  });
  return (
    <tr data-testid="signed-vehicle" data-sysid={vehicle.sysid} data-compid={vehicle.compid}>
      <td>{label}</td>
      <td>{heard ? 'heard now' : 'not heard now'}</td>
      <td>
        <ConfirmAction
          label="Forget that this vehicle signs"
          question={`Forget that ${label} signs? Its unsigned frames will change what Sigil shows of it again, from any link. Do this only when it no longer signs (reflashed, or its key removed).`}
          confirmLabel="Yes, forget it"
          onConfirm={() => void runForget()}
          pending={forget.pending}
          refusal={refusal}
          danger
          testId="forget-signed"
        />
        {forget.error !== null ? (
          <span className="error" role="alert">
            {forget.error}
          </span>
        ) : null}
      </td>
    </tr>
  );
}

export function SignedVehicles({
  state,
  onChange,
}: {
  state: SigningState | null;
  onChange: () => Promise<void>;
}): ReactNode {
  const vehicles = state?.signedVehicles ?? [];
  return (
    <section className="panel" aria-label="Signed vehicles">
      <h2>Signed vehicles</h2>
      <p className="hint">
        Once a vehicle’s signed frames have verified, only its signed frames change what Sigil shows
        of it; unsigned or failing frames that claim it, on any link, are refused as impersonation.
        Turning signing off on it (confirmed by the vehicle) takes it off this list.
      </p>
      {vehicles.length === 0 ? (
        <p className="hint" data-testid="no-signed-vehicles">
          No vehicle has signed yet.
        </p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>Vehicle</th>
              <th>Now</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {vehicles.map((v) => (
              <SignedVehicleRow key={`${v.sysid}:${v.compid}`} vehicle={v} onChange={onChange} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

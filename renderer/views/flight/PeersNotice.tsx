// Said where the pilot looks: another ground station can command this
// vehicle (heard on its network, or on a direct link for a vehicle of the
// direct links).

import type { ReactNode } from 'react';
import type { VehicleState } from '../../../protocol/wire-types';
import { useTelemetry } from '../../store/telemetry';
import { peerLabel, peersOf } from '../connections/broker';

export function PeersNotice({ v }: { v: VehicleState }): ReactNode {
  const links = useTelemetry((s) => s.links);
  const peers = peersOf(v, links);
  if (peers.length === 0) return null;
  const who = peers.map(peerLabel).join(', ');
  return (
    <div className="flight-notices">
      <p className="notice warn" role="status" data-testid="peers-notice">
        Another ground station can command this vehicle: {who}
        {v.network === undefined ? '' : ` on network ${v.network}`}.
      </p>
    </div>
  );
}

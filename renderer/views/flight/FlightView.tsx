import type { ReactNode } from 'react';
import type { TelemetryAge, VehicleState } from '../../../protocol/wire-types';
import { formatNumber, UNKNOWN, vehicleLabel } from '../../components/format';
import { PeersNotice } from './PeersNotice';
import { showView } from '../../store/session';
import { selectedVehicle, useTelemetry } from '../../store/telemetry';
import { AttitudeIndicator } from './AttitudeIndicator';
import { FlightActions } from './FlightActions';
import { FlightMap } from './FlightMap';
import { MissionControls } from './MissionControls';
import { linkLostNotice, rebootNotice, staleNote } from './staleness';

/** A value and its label; a stale one is greyed and says how old it is. */
function Readout(props: {
  label: string;
  value: string;
  testId?: string;
  tone?: string;
  age?: TelemetryAge | null;
}): ReactNode {
  const stale = staleNote(props.age);
  return (
    <div className={`readout ${props.tone ?? ''} ${stale === null ? '' : 'stale'}`}>
      <span className="readout-label">{props.label}</span>
      <span
        className="readout-value"
        data-testid={props.testId}
        data-stale={stale === null ? undefined : 'true'}
      >
        {props.value}
      </span>
      {stale === null ? null : <span className="readout-age">{stale}</span>}
    </div>
  );
}

function batteryTone(v: VehicleState): string {
  const r = v.battery?.remaining;
  if (r === null || r === undefined) return '';
  return r < 15 ? 'bad' : r < 30 ? 'warn' : '';
}

function gpsTone(v: VehicleState): string {
  const fix = v.gps?.fixType ?? '';
  return fix === '' || fix.startsWith('NO') ? 'bad' : fix === '2D_FIX' ? 'warn' : '';
}

function FlightData({ v }: { v: VehicleState }): ReactNode {
  const alt = v.position?.altRelative ?? v.hud?.alt ?? null;
  const altAge = v.position !== null ? v.ages.position : v.ages.hud;
  const battery = v.battery;
  return (
    <section className="panel flight-data" aria-label="Flight data">
      <div className="readouts">
        <Readout label="Mode" value={v.mode ?? UNKNOWN} testId="mode" />
        <Readout
          label="State"
          value={v.armed ? 'ARMED' : 'disarmed'}
          testId="armed"
          tone={v.armed ? 'armed' : ''}
        />
        <Readout
          label="Altitude (rel.)"
          value={formatNumber(alt, 1, 'm')}
          testId="altitude"
          age={altAge}
        />
        <Readout
          label="Altitude (AMSL)"
          value={formatNumber(v.position?.altAmsl, 1, 'm')}
          age={v.ages.position}
        />
        <Readout
          label="Ground speed"
          value={formatNumber(v.hud?.groundspeed, 1, 'm/s')}
          testId="groundspeed"
          age={v.ages.hud}
        />
        <Readout
          label="Air speed"
          value={formatNumber(v.hud?.airspeed, 1, 'm/s')}
          testId="airspeed"
          age={v.ages.hud}
        />
        <Readout
          label="Climb"
          value={formatNumber(v.hud?.climb, 1, 'm/s')}
          testId="climb"
          age={v.ages.hud}
        />
        <Readout
          label="Battery"
          value={
            battery === null
              ? UNKNOWN
              : `${formatNumber(battery.voltage, 2, 'V')} · ${formatNumber(battery.current, 1, 'A')} · ${
                  battery.remaining === null ? UNKNOWN : `${battery.remaining}%`
                }`
          }
          testId="battery"
          tone={batteryTone(v)}
          age={v.ages.sysStatus}
        />
        <Readout
          label="GPS"
          value={
            v.gps === null
              ? 'no GPS data'
              : `${v.gps.fixType.replace(/_/g, ' ')} · ${v.gps.satellites ?? UNKNOWN} sats · HDOP ${formatNumber(v.gps.hdop, 2)}`
          }
          testId="gps"
          tone={gpsTone(v)}
          age={v.ages.gps}
        />
        <Readout
          label="Link"
          value={
            v.replay !== undefined
              ? 'replayed log'
              : v.linkLost
                ? 'LOST'
                : v.heartbeatSigned
                  ? 'signed heartbeat'
                  : 'unsigned heartbeat'
          }
          tone={v.linkLost && v.replay === undefined ? 'bad' : ''}
          testId="vehicle-link"
        />
      </div>
    </section>
  );
}

/** Link lost and a recent reboot, said where the pilot looks. */
function Notices({ v }: { v: VehicleState }): ReactNode {
  const now = useTelemetry((s) => s.timeMs);
  const lost = linkLostNotice(v, now);
  const reboot = rebootNotice(v, now);
  if (lost === null && reboot === null) return null;
  return (
    <div className="flight-notices">
      {lost === null ? null : (
        <p className="notice bad" role="alert" data-testid="link-lost-banner">
          {lost}
        </p>
      )}
      {reboot === null ? null : (
        <p className="notice warn" role="status" data-testid="reboot-banner">
          {reboot}
        </p>
      )}
    </div>
  );
}

export function FlightView(): ReactNode {
  const vehicle = useTelemetry(selectedVehicle);
  if (vehicle === null) {
    return (
      <div className="view empty-view" data-testid="flight-empty">
        <h1>Flight</h1>
        <p>No vehicle yet. Open a link or start the simulated vehicle on the Connections view.</p>
        <button type="button" onClick={() => showView('connections')}>
          Go to Connections
        </button>
      </div>
    );
  }
  return (
    <div className="view flight-view">
      <h1 className="visually-hidden">Flight</h1>
      <Notices v={vehicle} />
      <PeersNotice v={vehicle} />
      <div className="flight-left">
        <section className="panel" aria-label="Attitude">
          <AttitudeIndicator />
        </section>
        {vehicle.replay !== undefined ? (
          <p className="warning" role="note" data-testid="replay-note">
            This is the {vehicleLabel(vehicle)}: a recorded flight, not a live vehicle. It is shown
            apart from any live vehicle with the same system id, and takes no commands.
          </p>
        ) : null}
        <FlightData v={vehicle} />
        {vehicle.replay === undefined ? <FlightActions vehicle={vehicle} /> : null}
        {vehicle.replay === undefined ? <MissionControls vehicle={vehicle} /> : null}
      </div>
      <FlightMap vehicle={vehicle} />
    </div>
  );
}

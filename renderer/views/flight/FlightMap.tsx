// The flight map: the vehicle, its track and home; the mission, geofence
// and rally points it is known to hold, with the item it flies to marked;
// and fly-to: a click offers to send it there in GUIDED, and the place it
// was sent to stays on the map until it gets there.

import { useMemo, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { VehicleState } from '../../../protocol/wire-types';
import type { LatLon } from '../../components/geo';
import { HomeMarker, TargetMarker, TrackLine, VehicleMarker } from '../../components/map/layers';
import { MapView } from '../../components/map/MapView';
import { FenceLayer, MissionLayer, RallyLayer } from '../../components/map/plan-layers';
import { fenceFromItems } from '../../plan/fence';
import { missionFromItems } from '../../plan/plan';
import { rallyFromItems } from '../../plan/rally';
import { vehicleKey } from '../../store/keys';
import { selectedVehicle, useTelemetry } from '../../store/telemetry';
import { knownItems, useKnownPlans, useVehiclePlans } from '../../store/vehicle-plans';
import { FlyToOffer } from './FlyTo';

/** What the vehicle is known to hold, drawn as the Plan view draws it. */
function VehiclePlanLayers({
  vehicle,
  current,
}: {
  vehicle: VehicleState;
  current: number | null;
}): ReactNode {
  useKnownPlans(vehicle);
  const mission = useVehiclePlans((s) => knownItems(s, vehicle, 'mission')?.items ?? null);
  const fence = useVehiclePlans((s) => knownItems(s, vehicle, 'fence')?.items ?? null);
  const rally = useVehiclePlans((s) => knownItems(s, vehicle, 'rally')?.items ?? null);
  const missionModel = useMemo(
    () => (mission === null ? null : missionFromItems(mission).value),
    [mission],
  );
  const fenceModel = useMemo(() => (fence === null ? null : fenceFromItems(fence).value), [fence]);
  const rallyModel = useMemo(() => (rally === null ? null : rallyFromItems(rally).value), [rally]);
  return (
    <>
      {fenceModel === null ? null : <FenceLayer fence={fenceModel} />}
      {rallyModel === null ? null : <RallyLayer points={rallyModel} />}
      {missionModel === null ? null : <MissionLayer mission={missionModel} current={current} />}
    </>
  );
}

export function FlightMap({ vehicle }: { vehicle: VehicleState }): ReactNode {
  const track = useTelemetry((s) => s.tracks[vehicleKey(vehicle)] ?? null);
  const position = useTelemetry(
    useShallow((s) => {
      const v = selectedVehicle(s);
      const p = v?.position ?? null;
      return {
        lat: p?.lat ?? null,
        lon: p?.lon ?? null,
        heading: p?.heading ?? v?.hud?.heading ?? null,
      };
    }),
  );
  const home = useTelemetry(
    useShallow((s) => {
      const h = selectedVehicle(s)?.home ?? null;
      return { lat: h?.lat ?? null, lon: h?.lon ?? null };
    }),
  );
  const [pick, setPick] = useState<LatLon | null>(null);
  const live = vehicle.replay === undefined;
  const hasFix =
    position.lat !== null && position.lon !== null && !(position.lat === 0 && position.lon === 0);
  const flyTo = vehicle.mission.flyTo;

  return (
    <section className="panel flight-map" aria-label="Map">
      <MapView
        label="Map"
        follow={hasFix ? { lat: position.lat!, lon: position.lon! } : null}
        start={home.lat !== null && home.lon !== null ? { lat: home.lat, lon: home.lon } : null}
        onPick={live ? (at) => setPick(at) : undefined}
      >
        {live ? <VehiclePlanLayers vehicle={vehicle} current={vehicle.mission.current} /> : null}
        {track !== null && track.length > 1 ? <TrackLine points={track} /> : null}
        {home.lat !== null && home.lon !== null ? (
          <HomeMarker at={{ lat: home.lat, lon: home.lon }} />
        ) : null}
        {flyTo === null ? null : (
          <TargetMarker at={flyTo} kind="flyto" title={`Flying here at ${flyTo.alt} m`} />
        )}
        {pick === null ? null : <TargetMarker at={pick} kind="pick" title="Fly here?" />}
        {hasFix ? (
          <VehicleMarker
            at={{ lat: position.lat!, lon: position.lon! }}
            heading={position.heading}
          />
        ) : null}
      </MapView>
      {hasFix ? null : (
        <p className="map-empty">No position yet: the vehicle has not reported a GPS fix.</p>
      )}
      {live ? <FlyToOffer vehicle={vehicle} at={pick} onClose={() => setPick(null)} /> : null}
    </section>
  );
}

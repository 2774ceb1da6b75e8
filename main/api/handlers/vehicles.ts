// vehicles.* and params.*: what the GCS knows of each vehicle, the commands
// a pilot gives (running a mission and flying to a point among them), the
// MAVLink inspector, and the parameter table.

import type { CommandResult } from '../../vehicle/command-runner';
import type { Vehicle } from '../../vehicle/vehicle';
import type { RequestPayload } from '../../../protocol/contract';
import { commandResult, inspectorComponent, paramEntry, vehicleDetails } from '../wire';
import { findVehicle, type ApiContext, type Handlers } from './context';

function runCommand(
  vehicle: Vehicle,
  request: RequestPayload<'vehicles.command'>,
): Promise<CommandResult> {
  const commands = vehicle.commands;
  switch (request.command) {
    case 'arm':
      return commands.arm({ force: request.force ?? false });
    case 'disarm':
      return commands.disarm({ force: request.force ?? false });
    case 'setMode':
      return commands.setMode(request.mode);
    case 'takeoff':
      return commands.takeoff(request.altitude);
    case 'land':
      return commands.land();
    case 'rtl':
      return commands.returnToLaunch();
    case 'missionStart':
      return vehicle.missionCommands.start();
    case 'missionPause':
      return vehicle.missionCommands.pause();
    case 'missionResume':
      return vehicle.missionCommands.resume();
    case 'missionSetCurrent':
      return vehicle.missionCommands.setCurrent(request.seq);
    case 'flyTo':
      return vehicle.missionCommands.flyTo({
        lat: request.lat,
        lon: request.lon,
        alt: request.alt,
      });
  }
}

export function vehicleHandlers(
  ctx: ApiContext,
): Pick<
  Handlers,
  | 'vehicles.list'
  | 'vehicles.command'
  | 'vehicles.inspector'
  | 'params.download'
  | 'params.list'
  | 'params.set'
> {
  const { router } = ctx.gcs;
  return {
    async 'vehicles.list'() {
      const now = Date.now();
      return { vehicles: router.vehicles().map((e) => vehicleDetails(e, now)) };
    },

    async 'vehicles.command'(request) {
      const { vehicle } = findVehicle(ctx, request.sysid, request.compid);
      return { result: commandResult(await runCommand(vehicle, request)) };
    },

    async 'vehicles.inspector'({ sysid }) {
      return { components: router.inspector.snapshot(Date.now(), sysid).map(inspectorComponent) };
    },

    // Progress goes out as `params.progress` events (the service listens to every vehicle).
    async 'params.download'({ sysid, compid }) {
      const { vehicle } = findVehicle(ctx, sysid, compid);
      const { count } = await vehicle.params.downloadAll();
      return { count };
    },

    async 'params.list'({ sysid, compid }) {
      const { vehicle } = findVehicle(ctx, sysid, compid);
      return { params: vehicle.params.list().map(paramEntry) };
    },

    async 'params.set'({ sysid, compid, name, value }) {
      const { vehicle } = findVehicle(ctx, sysid, compid);
      return { param: paramEntry(await vehicle.params.set(name, value)) };
    },
  };
}

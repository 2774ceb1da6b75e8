// missions.*: a vehicle's mission, geofence and rally points read from it,
// written to it and cleared, and what the ground station knows each holds.
// Progress goes out as `missions.progress` events (the service listens to
// every vehicle); a refusal comes back as the request's error, in the
// vehicle's words.

import { readPlan, writePlan } from '../../vehicle/plan-file';
import { coreMissionItem, corePlan, knownPlan, missionItem, planFile } from '../wire';
import { findVehicle, type ApiContext, type Handlers } from './context';

export function missionHandlers(
  ctx: ApiContext,
): Pick<
  Handlers,
  | 'missions.download'
  | 'missions.upload'
  | 'missions.clear'
  | 'missions.list'
  | 'missions.parseFile'
  | 'missions.formatFile'
> {
  return {
    async 'missions.download'({ sysid, compid, network, missionType }) {
      const { vehicle } = findVehicle(ctx, sysid, compid, network);
      const items = await vehicle.missions.download(missionType);
      return { items: items.map(missionItem) };
    },

    async 'missions.upload'({ sysid, compid, network, missionType, items }) {
      const { vehicle } = findVehicle(ctx, sysid, compid, network);
      const { count } = await vehicle.missions.upload(missionType, items.map(coreMissionItem));
      return { count };
    },

    async 'missions.clear'({ sysid, compid, network, missionType }) {
      const { vehicle } = findVehicle(ctx, sysid, compid, network);
      await vehicle.missions.clear(missionType);
      return {};
    },

    async 'missions.list'({ sysid, compid, network, missionType }) {
      const { vehicle } = findVehicle(ctx, sysid, compid, network);
      return { plan: knownPlan(vehicle.missions.known(missionType)) };
    },

    // The one reader and writer of plan files, for the page as for `sigil mission`;
    // a file they cannot read or write is the request's error, in their words.
    async 'missions.parseFile'({ text }) {
      return { plan: planFile(readPlan(text)) };
    },

    async 'missions.formatFile'({ format, plan }) {
      return { text: writePlan(corePlan(plan), format) };
    },
  };
}

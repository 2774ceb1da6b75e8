// The vehicle core: models, commands, parameters and the inspector.

export { Vehicle, isVehicleHeartbeat } from './vehicle';
export type {
  PlanSummary,
  VehicleEvents,
  VehicleMission,
  VehicleOptions,
  VehicleSnapshot,
} from './vehicle';
export { CommandRunner, FORCE_ARM, FORCE_DISARM, commandName } from './command-runner';
export type { CommandResult, CommandRunnerOptions } from './command-runner';
export { ParamClient, ParamError } from './param-client';
export type { ParamClientOptions, ParamEntry, ParamProgress } from './param-client';
export { MissionClient } from './mission-client';
export type { KnownPlan, MissionClientOptions, TransferState } from './mission-client';
export { MissionCommands } from './mission-commands';
export type { FlyTo } from './mission-commands';
export { MISSION_TYPES } from './mission-items';
export type { MissionItem, MissionType } from './mission-items';
export { MissionError } from './mission-transfer';
export type { MissionProgress } from './mission-transfer';
export type { MissionProgressState } from './mission-state';
export { formatOfName, readPlan, writePlan, PlanFileError, planTypes } from './plan-file';
export type { Plan, PlanFormat } from './plan-file';
export { Inspector } from './inspector';
export type { InspectorComponent, InspectorMessage, InspectorOptions } from './inspector';
export type { IncomingMessage, VehicleIo } from './io';
export type { StatusTextEntry } from './statustext';
export type * from './telemetry';

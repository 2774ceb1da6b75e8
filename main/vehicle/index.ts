// The vehicle core: models, commands, parameters and the inspector.

export { Vehicle, isVehicleHeartbeat } from './vehicle';
export type { VehicleEvents, VehicleOptions, VehicleSnapshot } from './vehicle';
export { CommandRunner, FORCE_ARM, FORCE_DISARM, commandName } from './command-runner';
export type { CommandResult, CommandRunnerOptions } from './command-runner';
export { ParamClient, ParamError } from './param-client';
export type { ParamClientOptions, ParamEntry, ParamProgress } from './param-client';
export { Inspector } from './inspector';
export type { InspectorComponent, InspectorMessage, InspectorOptions } from './inspector';
export type { IncomingMessage, VehicleIo } from './io';
export type { StatusTextEntry } from './statustext';
export type * from './telemetry';

// A vehicle as the wire carries it: heard, disarmed, with no telemetry yet;
// a test overrides what it is about.

import type { VehicleState } from '../../protocol/wire-types';

export function vehicleState(over: Partial<VehicleState> = {}): VehicleState {
  return {
    sysid: 1,
    compid: 1,
    signed: false,
    type: 'QUADROTOR',
    typeId: 2,
    autopilot: 'ARDUPILOTMEGA',
    autopilotId: 3,
    mode: 'STABILIZE',
    modes: ['STABILIZE', 'GUIDED'],
    baseMode: 0,
    customMode: 0,
    armed: false,
    systemStatus: 'STANDBY',
    lastHeard: 0,
    linkLost: false,
    heartbeatSigned: false,
    params: { received: 0, total: 0, downloading: false },
    attitude: null,
    position: null,
    home: null,
    gps: null,
    battery: null,
    batteries: [],
    hud: null,
    sensors: null,
    load: null,
    ages: {
      attitude: null,
      position: null,
      gps: null,
      battery: null,
      hud: null,
      sysStatus: null,
      home: null,
    },
    rebootedAt: null,
    mission: {
      current: null,
      total: null,
      state: null,
      inMissionMode: null,
      lastReached: null,
      plans: {
        mission: { count: null, source: null, atMs: null, uncertain: false, changed: false },
        fence: { count: null, source: null, atMs: null, uncertain: false, changed: false },
        rally: { count: null, source: null, atMs: null, uncertain: false, changed: false },
      },
      transfers: [],
      flyTo: null,
    },
    ...over,
  };
}

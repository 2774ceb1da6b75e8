// The simulated vehicle on a real link: bytes from the transport go to the
// vehicle, its frames go to the transport, and a timer moves it on. Stopping
// closes the link and saves the vehicle's state.

import type { LinkState, Transport } from '../links/transport';
import type { ParamServerOptions } from './param-server';
import { SimVehicle, type SimVehicleOptions } from './vehicle';

/** How often the vehicle is ticked: fast enough for 10 Hz attitude with little jitter. */
export const DEFAULT_TICK_MS = 20;

export interface RunSimOptions extends Omit<SimVehicleOptions, 'onSend' | 'clock'> {
  transport: Transport;
  tickMs?: number;
  onLinkState?: (state: LinkState) => void;
  /** Reboots the vehicle once, this long after it starts: a power glitch in flight, for tests. */
  rebootAfterMs?: number;
}

export interface RunSimStats {
  /** Frames the transport would not take (no GCS connected yet, queue full). */
  unsent: number;
}

export interface RunningSim {
  readonly vehicle: SimVehicle;
  readonly transport: Transport;
  readonly stats: RunSimStats;
  /** Stops ticking, closes the link and saves the state. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Parameter pacing a serial link can carry: about half its bytes, leaving
 * the rest for telemetry. A signed PARAM_VALUE is about 50 bytes, and a
 * byte on the wire takes 10 bits.
 */
export function serialParamPacing(baud: number): ParamServerOptions {
  const intervalMs = 50;
  const perSecond = baud / 10 / 2 / 50;
  return { burst: Math.max(1, Math.floor((perSecond * intervalMs) / 1000)), intervalMs };
}

export async function startSim(options: RunSimOptions): Promise<RunningSim> {
  const {
    transport,
    tickMs = DEFAULT_TICK_MS,
    onLinkState,
    rebootAfterMs,
    ...vehicleOptions
  } = options;
  const config = transport.config;
  const paramStream =
    vehicleOptions.paramStream ??
    (config.kind === 'serial' ? serialParamPacing(config.baud) : undefined);
  const vehicle = await SimVehicle.open({
    ...vehicleOptions,
    ...(paramStream === undefined ? {} : { paramStream }),
  });
  const stats: RunSimStats = { unsent: 0 };
  vehicle.onSend = (frame) => {
    if (!transport.write(frame)) stats.unsent++;
  };
  transport.start({
    onData: (chunk) => vehicle.receive(chunk),
    onState: (state) => onLinkState?.(state),
    // A GCS connecting anew starts with nothing asked, as on ArduPilot's TCP ports.
    onPeer: () => vehicle.forgetStreams(),
  });
  const timer = setInterval(() => vehicle.tick(), tickMs);
  const reboot =
    rebootAfterMs === undefined ? undefined : setTimeout(() => vehicle.reboot(), rebootAfterMs);
  let stopping: Promise<void> | undefined;
  return {
    vehicle,
    transport,
    stats,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        clearTimeout(reboot);
        try {
          await transport.close();
        } finally {
          await vehicle.close();
        }
      })();
      return stopping;
    },
  };
}

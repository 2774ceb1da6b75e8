// sim.start / sim.stop: the built-in simulated vehicle, sending over UDP to
// the GCS's own listener as SITL does. It uses the first UDP listener that
// is up (or coming up); without one, it gets a listener of its own on a
// loopback port the system picks, rather than fight another program for
// 14550. Its signing key and timestamp live in the data folder, so a
// vehicle that was given the key keeps it, like a real one.

import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import type { Link } from '../../core/link';
import type { ConnectionConfig } from '../../links/connection';
import { createTransport } from '../../links/create-transport';
import { NO_SERIAL } from '../../links/serial';
import { startSim, type RunSimOptions, type RunningSim } from '../../sim/run-sim';
import { ApiRequestError } from '../../../protocol/answers';
import type { ApiContext, Handlers } from './context';

/** What a caller may choose about the simulated vehicle. */
export type SimOptions = Partial<
  Omit<RunSimOptions, 'transport' | 'stateDir' | 'sealer' | 'onSend'>
>;

type UdpConfig = Extract<ConnectionConfig, { kind: 'udpin' }>;

/** Where to send to reach a listener: a wildcard address means this machine. */
function targetHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

async function freeLoopbackPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', resolve);
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export class SimController {
  private running: RunningSim | null = null;
  private starting = false;
  private closed = false;

  constructor(
    private readonly ctx: ApiContext,
    private readonly options: SimOptions = {},
  ) {}

  get isRunning(): boolean {
    return this.running !== null;
  }

  async start(): Promise<{ sysid: number }> {
    if (this.running !== null || this.starting) {
      throw new ApiRequestError('the simulated vehicle is already running');
    }
    this.starting = true;
    const { gcs } = this.ctx;
    let opened: Link | undefined;
    try {
      let link = gcs
        .links()
        .find(
          (l) =>
            l.config.kind === 'udpin' && l.state.status !== 'error' && l.state.status !== 'closed',
        );
      if (link === undefined) {
        const port = await freeLoopbackPort();
        link = opened = gcs.openLink({ kind: 'udpin', host: '127.0.0.1', port });
      }
      const listener = link.config as UdpConfig;
      const sysid = this.options.sysid ?? 1;
      const transport = createTransport(
        { kind: 'udpout', host: targetHost(listener.host), port: listener.port },
        NO_SERIAL,
      );
      const sim = await startSim({
        ...this.options,
        sysid,
        transport,
        stateDir: join(this.ctx.dataDir, 'sim', `sim-${sysid}`),
        ...(this.ctx.sealer === undefined ? {} : { sealer: this.ctx.sealer }),
      });
      if (this.closed) {
        await sim.stop();
        throw new ApiRequestError('the service is shutting down');
      }
      this.running = sim;
      return { sysid };
    } catch (error) {
      if (opened !== undefined) await gcs.closeLink(opened.id);
      throw error;
    } finally {
      this.starting = false;
    }
  }

  async stop(): Promise<void> {
    const sim = this.running;
    if (sim === null) throw new ApiRequestError('the simulated vehicle is not running');
    this.running = null;
    await sim.stop();
  }

  async close(): Promise<void> {
    this.closed = true;
    const sim = this.running;
    this.running = null;
    await sim?.stop();
  }
}

export function simHandlers(
  sim: SimController,
): Pick<Handlers, 'sim.start' | 'sim.stop' | 'sim.status'> {
  return {
    'sim.start': () => sim.start(),
    'sim.status': async () => ({ running: sim.isRunning }),
    async 'sim.stop'() {
      await sim.stop();
      return {};
    },
  };
}

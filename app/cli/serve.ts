// `sigil serve`: the ground station without a window. The core runs here in
// plain Node; a browser gets the user interface and the Api over an
// authenticated WebSocket, until SIGINT or SIGTERM.

import { fileURLToPath } from 'node:url';
import { ApiService, DEFAULT_LINK } from '../../main/api/service';
import { ConnectionError, parseConnection } from '../../main/links/connection';
import { defaultDataDir } from '../../main/core/paths';
import { createSerialBinding } from '../../native/serial';
import { openInBrowser } from '../host/open-browser';
import { isLoopback, startHost, type RunningHost } from '../host/server';
import { uiRoot } from '../host/static-files';
import { CliError, UsageError, parseCommandLine, type Command, type Io } from './command';
import { parseWhole } from './signing-options';

const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '127.0.0.1';
/** Where `npm run build:renderer` puts the user interface. */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
export const SHUTDOWN_REASON = 'the server is shutting down';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the ground station headless and serve its user interface to a browser',
  help: `Usage: sigil serve [--port N] [--host ADDRESS] [--sim] [--data-dir DIR] [--no-open]
                  [--link CONNECTION] [--ui-dir DIR]

Runs the ground station without a window and serves its user interface to a
browser on this machine. Prints a URL that carries a one-time code: opening
it logs in (once, within ten minutes). MAVLink comes in on UDP port 14550,
as from SITL or a telemetry radio bridge; more links can be opened from the
page. Runs until Ctrl-C (SIGINT) or SIGTERM, then ends the browser sessions,
saves the signing timestamp and closes the flight logs.

Options:
  --port N          the HTTP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDRESS    the address to listen on (default ${DEFAULT_HOST}). Loopback
                    only for now: remote use needs the authenticated
                    handshake, which is not there yet (an SSH tunnel works:
                    ssh -L ${DEFAULT_PORT}:127.0.0.1:${DEFAULT_PORT} THIS-MACHINE)
  --sim             also start the built-in simulated copter
  --data-dir DIR    where the signing timestamp and flight logs are kept
                    (default: ${defaultDataDir()})
  --no-open         do not open the URL in a browser
  --link CONNECTION the link opened at start (default ${DEFAULT_LINK};
                    'none' for none), as sigil monitor takes it
  --ui-dir DIR      serve the user interface from DIR (default: the one
                    npm run build:renderer builds, out/renderer)
  -h, --help        show this help
`,
  async run(args, io) {
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      return await runServe(args, io, controller.signal);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** `sigil serve` with its stop signal injectable (tests abort it). */
export async function runServe(args: string[], io: Io, stop: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    sim: { type: 'boolean' },
    'data-dir': { type: 'string' },
    'no-open': { type: 'boolean' },
    'ui-dir': { type: 'string' },
    link: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const port = parseWhole('--port', values.port, 0, 65535) ?? DEFAULT_PORT;
  const host = values.host ?? DEFAULT_HOST;
  if (host === '') throw new UsageError('--host needs an address');
  if (!isLoopback(host)) {
    throw new CliError(
      `will not listen on ${host}: remote use needs the authenticated handshake, which is ` +
        `not there yet. Listen on ${DEFAULT_HOST} and reach it through an SSH tunnel instead.`,
    );
  }
  const link = values.link ?? DEFAULT_LINK;
  if (link !== 'none') {
    try {
      parseConnection(link);
    } catch (error) {
      if (error instanceof ConnectionError) throw new UsageError(`--link: ${error.message}`);
      throw error;
    }
  }
  let root: string;
  try {
    root = await uiRoot(values['ui-dir'] ?? DEFAULT_UI_DIR);
  } catch (error) {
    throw new CliError(message(error));
  }
  const line = (text: string) => void io.stdout.write(`${text}\n`);

  let service: ApiService;
  try {
    service = await ApiService.start({
      dataDir: values['data-dir'] ?? defaultDataDir(),
      serial: createSerialBinding(),
      defaultLink: link === 'none' ? null : link,
    });
  } catch (error) {
    throw new CliError(`cannot start: ${message(error)}`);
  }
  let running: RunningHost;
  try {
    running = await startHost({ service, root, host, port });
  } catch (error) {
    await service.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EADDRINUSE'
        ? `port ${port} on ${host} is in use: choose another with --port`
        : `cannot listen on ${host}:${port}: ${message(error)}`,
    );
  }

  if (values.sim === true && !stop.aborted) {
    const answer = await service.handle({ packetId: 'serve-sim', packetType: 'sim.start' });
    if (answer.packetType === 'service.error') {
      io.stderr.write(`sigil serve: no simulated vehicle: ${answer.message}\n`);
    } else {
      const { sysid } = answer as unknown as { sysid: number };
      line(`Simulated copter started (system id ${sysid}).`);
    }
  }

  const { url } = running.issueLoginUrl();
  line(`Sigil is running at ${url}`);
  line('The link logs in once. Press Ctrl-C to stop.');
  if (values['no-open'] !== true && !stop.aborted) openInBrowser(url);

  if (!stop.aborted)
    await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
  await running.close(SHUTDOWN_REASON);
  await service.close();
  line('Sigil stopped.');
  return 0;
}

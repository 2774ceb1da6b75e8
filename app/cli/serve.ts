// `sigil serve`: the ground station without a window. The core runs here in
// plain Node; a browser gets the user interface and the Api over an
// authenticated WebSocket, until SIGINT or SIGTERM. On this machine a
// printed one-time link logs in; with the operator's secrets, other
// machines sign in through the remote handshake (protocol/session.ts).

import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ApiService, DEFAULT_LINK } from '../../main/api/service';
import { ConnectionError, parseConnection } from '../../main/links/connection';
import { defaultDataDir } from '../../main/core/paths';
import { createSerialBinding } from '../../native/serial';
import { openInBrowser } from '../host/open-browser';
import {
  AUTH_KEY_ENV,
  IDENTITY_KEY_ENV,
  KeyConfigError,
  VIEW_KEY_ENV,
  keysFromEnv,
  readKeyFile,
  type OperatorKeys,
} from '../host/operator-keys';
import { isLoopback, startHost, type RunningHost } from '../host/server';
import { uiRoot } from '../host/static-files';
import {
  CliError,
  UsageError,
  interruption,
  parseCommandLine,
  type Command,
  type Io,
} from './command';
import { parseDuration } from './duration';
import { FUTURE_HORIZON_OPTIONS, parseFutureHorizon, parseWhole } from './signing-options';
import { VEHICLE_OPTIONS, parseVehicleLimits, vehicleHelp } from './vehicle-options';

const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '127.0.0.1';
/** Where `npm run build:renderer` puts the user interface. */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
export const SHUTDOWN_REASON = 'the server is shutting down';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the ground station headless and serve its user interface to a browser',
  help: `Usage: sigil serve [--port N] [--host ADDRESS] [--sim] [--data-dir DIR] [--no-open]
                  [--link CONNECTION] [--ui-dir DIR] [--keep-signatures]
                  [--config FILE] [--session-timeout DURATION]
                  [--future-horizon DURATION] [--max-vehicles N] [...]

Runs the ground station without a window and serves its user interface to a
browser. On this machine, it prints a URL that carries a one-time code:
opening it logs in (once, within ten minutes). MAVLink comes in on UDP port
14550, as from SITL or a telemetry radio bridge; more links can be opened
from the page. Runs until Ctrl-C (SIGINT) or SIGTERM, then ends the browser
sessions, saves the signing timestamp and closes the flight logs.

Remote sessions (a laptop or tablet on the field network) need two secrets:
a server identity key, which lets the browser check it reached this server
and no one in between, and an authorization key, which lets it command;
an optional view key gives sessions that watch but cannot command. Each is
at least 16 characters; make them random (openssl rand -base64 24). Give
them in the environment or in a file (--config). With them, --host may be
a network address (0.0.0.0 for all); there only the remote sign-in works.
On a loopback address both the one-time link and the remote sign-in work.

Options:
  --port N          the HTTP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDRESS    the address to listen on (default ${DEFAULT_HOST}). Any
                    address but loopback needs the secrets
  --config FILE     the secrets as JSON: { "serverIdentityKey": "...",
                    "authKey": "...", "viewKey": "..." } (viewKey optional).
                    The file must be yours and private (chmod 600). SIGHUP
                    re-reads it: sessions of a changed or removed key end
  --session-timeout DURATION
                    end a remote session after this long without traffic
                    from its browser: 90s, 10m, 1h (default 10m)
  --sim             also start the built-in simulated copter
  --data-dir DIR    where the signing clock, flight logs, map settings and
                    map tile cache are kept (default: ${defaultDataDir()})
  --future-horizon DURATION
                    refuse signed frames further ahead of the local time
                    than this, as 'future': 90s, 10m, 24h, 7d (default 24h)
${vehicleHelp(20)}
  --no-open         do not open the URL in a browser
  --link CONNECTION the link opened at start (default ${DEFAULT_LINK};
                    'none' for none), as sigil monitor takes it:
                    mqtt://HOST/NETWORK shows every vehicle that bridges
                    (sigil bridge) put on that network of a broker
  --ui-dir DIR      serve the user interface from DIR (default: the one
                    npm run build:renderer builds, out/renderer)
  --keep-signatures record signed frames with their signatures in the flight
                    log (a forensic capture, or one to replay at a signed
                    link). Anyone with such a log can test passphrase guesses
                    offline: by default signatures are removed
  -h, --help        show this help

Environment:
  ${IDENTITY_KEY_ENV}  the server identity key
  ${AUTH_KEY_ENV}             the authorization key (control)
  ${VIEW_KEY_ENV}             the view key (watch only; optional)
  (--config, when given, is used instead of these.)
`,
  async run(args, io) {
    const { signal, release } = interruption();
    try {
      return await runServe(args, io, signal, {
        env: process.env,
        onReload(handler) {
          process.on('SIGHUP', handler);
          return () => process.off('SIGHUP', handler);
        },
      });
    } finally {
      release();
    }
  },
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface ServeHooks {
  /** Where SIGIL_*_KEY are read (default: none; the command passes process.env). */
  env?: NodeJS.ProcessEnv;
  /** Calls `handler` on each request to re-read --config (SIGHUP); returns the way to stop. */
  onReload?: (handler: () => void) => () => void;
}

async function operatorKeys(config: string | undefined, env: NodeJS.ProcessEnv) {
  try {
    return config === undefined ? keysFromEnv(env) : await readKeyFile(config);
  } catch (error) {
    if (error instanceof KeyConfigError) {
      throw new UsageError(`${config === undefined ? '' : '--config: '}${error.message}`);
    }
    throw error;
  }
}

/** The URLs other machines may use: every external address for a wildcard host. */
export function networkUrls(host: string, port: number): string[] {
  const wildcard = host === '0.0.0.0' || host === '::';
  if (!wildcard) return [`http://${host.includes(':') ? `[${host}]` : host}:${port}/`];
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal && (a.family === 'IPv4' || host === '::'))
    .filter((a) => !a.address.startsWith('fe80:'))
    .map((a) => `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${port}/`);
}

/** `sigil serve` with its stop signal, environment and SIGHUP injectable (tests). */
export async function runServe(
  args: string[],
  io: Io,
  stop: AbortSignal,
  hooks: ServeHooks = {},
): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    sim: { type: 'boolean' },
    'data-dir': { type: 'string' },
    'no-open': { type: 'boolean' },
    'ui-dir': { type: 'string' },
    link: { type: 'string' },
    'keep-signatures': { type: 'boolean' },
    config: { type: 'string' },
    'session-timeout': { type: 'string' },
    ...FUTURE_HORIZON_OPTIONS,
    ...VEHICLE_OPTIONS,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const port = parseWhole('--port', values.port, 0, 65535) ?? DEFAULT_PORT;
  const host = values.host ?? DEFAULT_HOST;
  if (host === '') throw new UsageError('--host needs an address');
  const timeoutText = values['session-timeout'];
  const timeoutMs =
    timeoutText === undefined ? undefined : parseDuration('--session-timeout', timeoutText);
  const futureHorizon = parseFutureHorizon(values['future-horizon']);
  const vehicles = parseVehicleLimits(values);
  const configFile = values.config;
  if (configFile === '') throw new UsageError('--config needs a file');
  const keys: OperatorKeys | null = await operatorKeys(configFile, hooks.env ?? {});
  if (keys === null && !isLoopback(host)) {
    throw new UsageError(
      `will not listen on ${host} without the remote-session secrets: other machines could ` +
        `reach it. Set ${IDENTITY_KEY_ENV} and ${AUTH_KEY_ENV} (and ${VIEW_KEY_ENV} for ` +
        `watch-only sessions), or give --config FILE; or listen on ${DEFAULT_HOST}.`,
    );
  }
  if (keys === null && timeoutMs !== undefined) {
    throw new UsageError('--session-timeout is for remote sessions, which need the secrets');
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
      gcs: {
        keepSignatures: values['keep-signatures'] === true,
        futureHorizon,
        vehicles,
        log: (text) => void io.stderr.write(`sigil serve: ${text}\n`),
      },
    });
  } catch (error) {
    throw new CliError(`cannot start: ${message(error)}`);
  }
  let running: RunningHost;
  try {
    running = await startHost({
      service,
      root,
      tiles: service.tiles,
      host,
      port,
      ...(keys === null
        ? {}
        : { remote: { keys, ...(timeoutMs === undefined ? {} : { timeoutMs }) } }),
      log: line,
      onNewLoginUrl: (url, reason) => line(`${reason}; the earlier link no longer works: ${url}`),
    });
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

  const remote = running.remote;
  if (running.localLogin) {
    const { url } = running.issueLoginUrl();
    line(`Sigil is running at ${url}`);
    line('The link logs in once. Press Ctrl-C to stop.');
    if (values['no-open'] !== true && !stop.aborted) openInBrowser(url);
  } else {
    line(`Sigil is running at ${running.url} for remote sessions. Press Ctrl-C to stop.`);
    const urls = networkUrls(host, running.port);
    if (urls.length > 0) line(`Open it from the field network: ${urls.join(' ')}`);
  }
  if (remote !== null) {
    const minutes = Math.round((remote.timeoutMs / 60_000) * 10) / 10;
    line(
      'Remote sign-in: the server identity key with the authorization key' +
        `${keys?.viewKey === undefined ? '' : ' (or the view key, to watch)'}; ` +
        `a session ends after ${minutes} min without traffic.`,
    );
  }
  let stopReloading = () => {};
  if (remote !== null && configFile !== undefined && hooks.onReload !== undefined) {
    stopReloading = hooks.onReload(() => void reload(configFile, remote, io, line));
  }

  if (!stop.aborted)
    await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
  stopReloading();
  await running.close(SHUTDOWN_REASON);
  await service.close();
  line('Sigil stopped.');
  return 0;
}

/** SIGHUP: the keys from the file again; a bad file leaves the keys as they were. */
async function reload(
  file: string,
  remote: NonNullable<RunningHost['remote']>,
  io: Io,
  line: (text: string) => void,
): Promise<void> {
  let keys: OperatorKeys;
  try {
    keys = await readKeyFile(file);
  } catch (error) {
    io.stderr.write(`sigil serve: the keys stay as they were: ${message(error)}\n`);
    return;
  }
  const ended = await remote.rotate(keys);
  line(`Keys re-read from ${file}; ${ended} remote session${ended === 1 ? '' : 's'} ended.`);
}

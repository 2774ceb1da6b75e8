// `sigil sim`: the built-in simulated copter on a UDP, TCP or serial link,
// until SIGINT or SIGTERM.

import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import {
  ConnectionError,
  parseConnection,
  formatConnection,
  type ConnectionConfig,
} from '../../main/links/connection';
import { createTransport } from '../../main/links/create-transport';
import type { LinkState } from '../../main/links/transport';
import { MAV_SEVERITY } from '../../main/mavlink/dialect';
import type { SigningKey } from '../../main/signing/key';
import { startSim } from '../../main/sim/run-sim';
import { STATE_FILE } from '../../main/sim/state-store';
import type { SimEvent } from '../../main/sim/vehicle';
import type { SerialBinding } from '../../native/serial';
import {
  CliError,
  UsageError,
  interruption,
  parseCommandLine,
  type Command,
  type Io,
} from './command';
import { KEY_HELP, KEY_OPTIONS, keyFromOptions, parseWhole } from './signing-options';

const DEFAULT_TCP_HOST = '127.0.0.1';
const DEFAULT_BAUD = 57600;

export const simCommand: Command = {
  name: 'sim',
  summary: 'run the built-in simulated copter on a UDP, TCP or serial link',
  help: `Usage: sigil sim (--udp HOST:PORT | --tcp-listen PORT | --serial PATH) [options]

Runs a simulated ArduCopter quad (MAVLink 2, system id 1, component 1) near
Canberra, like ArduPilot's SITL: heartbeat and telemetry, arming, GUIDED
takeoff and a circle, RTL and LAND, missions flown in AUTO, a geofence and
rally points (uploaded over the mission protocol), some 470 parameters, and
MAVLink 2 signing as ArduPilot does it on a telemetry port. Prints a line when it
starts and one per notable event (armed, mode, signing set up), and runs
until Ctrl-C (SIGINT) or SIGTERM, then saves its state and exits.

Link (exactly one):
  --udp HOST:PORT      send to a GCS listening there, e.g. 127.0.0.1:14550
                       (SITL's UDP output); replies come back to our port
  --tcp-listen PORT    accept GCS connections on PORT, e.g. 5760
  --host HOST          with --tcp-listen: the address to listen on
                       (default ${DEFAULT_TCP_HOST}; 0.0.0.0 for all)
  --serial PATH        talk over a serial device, e.g. /dev/ttyUSB0
  --baud N             with --serial: the baud rate (default ${DEFAULT_BAUD})

Vehicle:
  --sysid N            the system id, 1-255 (default 1)
  --reboot-after S     reboot once, S seconds after start (a power glitch in
                       flight, for testing a GCS): silent for 2 s, then up
                       again on the ground with no streams until asked
  --state-dir DIR      where the signing key, the timestamp and the plans are
                       kept across runs and reboots (default
                       $XDG_STATE_HOME/sigil/sim-<sysid>, or
                       ~/.local/state/sigil/sim-<sysid>; on Windows
                       %LOCALAPPDATA%\\sigil\\state\\sim-<sysid>)

Like ArduPilot on a telemetry port, it sends only HEARTBEAT until a GCS asks
for streams (REQUEST_DATA_STREAM or MAV_CMD_SET_MESSAGE_INTERVAL), and it
reboots on MAV_CMD_PREFLIGHT_REBOOT_SHUTDOWN while disarmed, forgetting them.

Signing starts off unless the state directory holds a key or one is given
here; a GCS can set it up with SETUP_SIGNING while the vehicle is disarmed.
Once on, every frame sent is signed and unsigned frames are ignored (but
RADIO_STATUS and RADIO).
${KEY_HELP}
  -h, --help          show this help

Examples:
  sigil sim --udp 127.0.0.1:14550
  sigil sim --tcp-listen 5760 --passphrase "correct horse"
  sigil sim --serial /dev/ttyUSB0 --baud 57600 --sysid 2
`,
  async run(args, io) {
    const { signal, release } = interruption();
    try {
      return await runSim(args, io, signal);
    } finally {
      release();
    }
  },
};

/** The default state directory for a sim of this system id. */
export function defaultStateDir(
  sysid: number,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const name = `sim-${sysid}`;
  if (platform === 'win32' && env.LOCALAPPDATA)
    return join(env.LOCALAPPDATA, 'sigil', 'state', name);
  // The XDG spec says a relative value is invalid and must be ignored.
  const xdg = env.XDG_STATE_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'state');
  return join(base, 'sigil', name);
}

function linkFrom(values: Record<string, string | boolean | undefined>): ConnectionConfig {
  const str = (name: string) => values[name] as string | undefined;
  const given = ['udp', 'tcp-listen', 'serial'].filter((name) => str(name) !== undefined);
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0
        ? 'choose a link: --udp HOST:PORT, --tcp-listen PORT or --serial PATH'
        : `choose one link, not ${given.map((n) => `--${n}`).join(' and ')}`,
    );
  }
  if (str('host') !== undefined && str('tcp-listen') === undefined) {
    throw new UsageError('--host goes with --tcp-listen');
  }
  if (str('baud') !== undefined && str('serial') === undefined) {
    throw new UsageError('--baud goes with --serial');
  }
  const udp = str('udp');
  if (udp !== undefined) {
    try {
      return parseConnection(`udpout:${udp}`);
    } catch (error) {
      if (error instanceof ConnectionError) throw new UsageError(`--udp: ${error.message}`);
      throw error;
    }
  }
  const tcp = str('tcp-listen');
  if (tcp !== undefined) {
    const port = parseWhole('--tcp-listen', tcp, 1, 65535)!;
    return { kind: 'tcpin', host: str('host') ?? DEFAULT_TCP_HOST, port };
  }
  const path = str('serial')!;
  if (path === '') throw new UsageError('--serial needs a device path');
  const baud = parseWhole('--baud', str('baud'), 50, 20_000_000) ?? DEFAULT_BAUD;
  return { kind: 'serial', path, baud };
}

async function serialBinding(config: ConnectionConfig): Promise<SerialBinding> {
  if (config.kind === 'serial') {
    // Loaded only when needed: the native addon is not wanted for a network link.
    const { createSerialBinding } = await import('../../native/serial');
    return createSerialBinding();
  }
  return {
    list: () => Promise.resolve([]),
    open: () => Promise.reject(new Error('not a serial link')),
  };
}

function describeEvent(event: SimEvent): string | undefined {
  switch (event.kind) {
    case 'armed':
      return 'armed';
    case 'disarmed':
      return 'disarmed';
    case 'mode':
      return `mode ${event.name}`;
    case 'signing':
      return event.enabled
        ? `signing set up (key ${event.fingerprint ?? '?'})`
        : 'signing turned off';
    case 'rebooting':
      return 'rebooting';
    case 'booted':
      return 'booted, streams forgotten';
    case 'state-error':
      return `state: ${event.message}`;
    case 'text':
      // Warnings and worse: refusals a person at the sim's console wants to see.
      return event.severity <= MAV_SEVERITY.MAV_SEVERITY_WARNING
        ? `says: ${event.text}`
        : undefined;
  }
}

// 'connecting' and 'closed' come with every start and stop: not news.
function describeLink(state: LinkState): string | undefined {
  if (state.status === 'error') return `link error: ${state.message}`;
  return state.status === 'connected' ? 'link up' : undefined;
}

/** A number of seconds, fractions allowed; undefined when not given. */
function parseSeconds(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
    throw new UsageError(`${name} must be a number of seconds from 0 to 86400, not '${text}'`);
  }
  return seconds;
}

/** `sigil sim` with its stop signal injectable (tests abort it). */
export async function runSim(args: string[], io: Io, stop: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    udp: { type: 'string' },
    'tcp-listen': { type: 'string' },
    host: { type: 'string' },
    serial: { type: 'string' },
    baud: { type: 'string' },
    sysid: { type: 'string' },
    'state-dir': { type: 'string' },
    'reboot-after': { type: 'string' },
    ...KEY_OPTIONS,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const config = linkFrom(values);
  const sysid = parseWhole('--sysid', values.sysid, 1, 255) ?? 1;
  let key: SigningKey | undefined;
  if (values.key !== undefined || values.passphrase !== undefined)
    key = await keyFromOptions(values);
  else if (values.kdf !== undefined) throw new UsageError('--kdf applies to --passphrase only');
  const stateDir = values['state-dir'] ?? defaultStateDir(sysid);
  const rebootAfter = parseSeconds('--reboot-after', values['reboot-after']);

  const line = (text: string) => void io.stdout.write(`sigil sim: ${text}\n`);
  let lastLink = '';
  const transport = createTransport(config, await serialBinding(config));
  let sim;
  try {
    sim = await startSim({
      transport,
      sysid,
      stateDir,
      ...(key === undefined ? {} : { key }),
      ...(rebootAfter === undefined ? {} : { rebootAfterMs: rebootAfter * 1000 }),
      onEvent: (event) => {
        const text = describeEvent(event);
        if (text !== undefined) line(text);
      },
      onLinkState: (state) => {
        const text = describeLink(state);
        if (text === undefined) return;
        // Retries repeat the same error; say it once.
        if (text !== lastLink) line(text);
        lastLink = text;
      },
    });
  } catch (error) {
    await transport.close();
    throw new CliError(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
  const vehicle = sim.vehicle;
  const signing = vehicle.signingEnabled
    ? `signing on (key ${vehicle.keyFingerprint})`
    : 'signing off';
  line(
    `ArduCopter sysid ${sysid} on ${formatConnection(config)}, ${signing}, state in ${stateDir}`,
  );
  if (!stop.aborted)
    await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
  await sim.stop();
  if (vehicle.stats.stateErrors > 0) {
    throw new CliError(
      `stopped, but the state could not be saved to ${join(stateDir, STATE_FILE)}`,
    );
  }
  line(`stopped, state saved to ${join(stateDir, STATE_FILE)}`);
  return 0;
}

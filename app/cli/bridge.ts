// `sigil bridge CONNECTION --to mqtt://HOST/NETWORK`: carries a vehicle link
// to an MQTT broker, where several operators reach it, until SIGINT or
// SIGTERM (or --duration).

import { hostname } from 'node:os';
import {
  ConnectionError,
  formatConnection,
  parseConnection,
  type ConnectionConfig,
  type MqttConfig,
} from '../../main/links/connection';
import { createTransport } from '../../main/links/create-transport';
import { MqttBridge, type MqttBridgeStats } from '../../main/links/mqtt-bridge';
import { topicLevel } from '../../main/links/mqtt-topics';
import { NO_SERIAL } from '../../main/links/serial';
import type { LinkState } from '../../main/links/transport';
import { ReferenceTime } from '../../main/signing/reference';
import { SignatureVerifier } from '../../main/signing/verifier';
import type { SerialBinding } from '../../native/serial';
import {
  UsageError,
  interruption,
  parseCommandLine,
  write,
  type Command,
  type Io,
} from './command';
import { KEY_HELP, KEY_OPTIONS, keyFromOptions } from './signing-options';

const DEFAULT_STATS_S = 10;

export const bridgeCommand: Command = {
  name: 'bridge',
  summary: 'carry a vehicle link to an MQTT broker, where several operators reach it',
  help: `Usage: sigil bridge CONNECTION --to mqtt://[USER[:PASSWORD]@]HOST[:PORT]/NETWORK
                   [--name NAME] [--key HEX | --passphrase P] [--stats S]
                   [--json] [--duration S]

Runs next to a telemetry radio, a USB autopilot or SITL and carries its link
to an MQTT broker. Every good frame from CONNECTION is published as it is on
mavlink/NETWORK/SYSID/COMPID/from; the frames operators send to the systems
seen on CONNECTION (mavlink/NETWORK/SYSID/to) and to every system
(mavlink/NETWORK/all/to) are written to it as they are. Frames are never
changed or re-signed, so the bridge needs no key: the vehicle and every
operator verify signatures themselves. Given a key, it also counts the
signing verdicts of what passes, both ways, and still drops nothing.

The bridge shows as online on mavlink/NETWORK/bridge/NAME/status (retained),
and as offline when it stops or vanishes (its Last Will). It reconnects to
the link and to the broker by itself; it prints each change of either and,
every --stats seconds, what it carried.

CONNECTION is a vehicle link, as for 'sigil monitor':
  udpin:HOST:PORT, udpout:HOST:PORT, tcp:HOST:PORT, tcpin:HOST:PORT,
  serial:PATH[:BAUD] (also /dev/ttyUSB0,115200)

Options:
  --to URL            the broker and network: mqtt://HOST[:PORT]/NETWORK, or
                      mqtts://HOST[:PORT]/NETWORK?ca=FILE&cert=FILE&key=FILE
                      for TLS (port 1883, 8883 with TLS)
  --name NAME         how the bridge is known on the broker (default: this
                      machine's name and the connection)
${KEY_HELP}
  --stats S           print what was carried every S seconds (default
                      ${DEFAULT_STATS_S}; 0: only at the end)
  --json              one JSON object per line instead of text
  --duration S        stop after S seconds (default: run until Ctrl-C)
  -h, --help          show this help

Examples:
  sigil bridge tcp:127.0.0.1:5760 --to mqtt://broker.local/field
  sigil bridge /dev/ttyUSB0,57600 --to mqtts://radio1:secret@broker/field?ca=ca.pem
`,
  async run(args, io) {
    const { signal, release } = interruption();
    try {
      return await runBridge(args, io, signal);
    } finally {
      release();
    }
  },
};

function parse(text: string, what: string): ConnectionConfig {
  try {
    return parseConnection(text);
  } catch (error) {
    if (error instanceof ConnectionError) throw new UsageError(`${what}: ${error.message}`);
    throw error;
  }
}

function positiveSeconds(option: string, value: string | undefined, zero: boolean) {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0 || (!zero && seconds === 0) || value.trim() === '') {
    throw new UsageError(
      `${option} must be a ${zero ? '' : 'positive '}number of seconds, not '${value}'`,
    );
  }
  return seconds;
}

async function serialBinding(config: ConnectionConfig): Promise<SerialBinding> {
  if (config.kind !== 'serial') return NO_SERIAL;
  // Loaded only when needed: the native addon is not wanted for a network link.
  const { createSerialBinding } = await import('../../native/serial');
  return createSerialBinding();
}

function describeState(state: LinkState): string {
  return state.status === 'error' ? `error: ${state.message}` : state.status;
}

/** `sigil bridge` with its stop signal injectable (tests abort it). */
export async function runBridge(args: string[], io: Io, stop: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    to: { type: 'string' },
    name: { type: 'string' },
    ...KEY_OPTIONS,
    stats: { type: 'string' },
    json: { type: 'boolean' },
    duration: { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError('expected exactly one CONNECTION');
  if (values.to === undefined) throw new UsageError('--to mqtt://HOST/NETWORK is needed');
  const link = parse(positionals[0]!, 'CONNECTION');
  if (link.kind === 'mqtt' || link.kind === 'tlog') {
    throw new UsageError(`CONNECTION must be a vehicle link, not ${link.kind}`);
  }
  const broker = parse(values.to, '--to');
  if (broker.kind !== 'mqtt') throw new UsageError('--to must be mqtt://HOST/NETWORK or mqtts://');
  const statsS = positiveSeconds('--stats', values.stats, true) ?? DEFAULT_STATS_S;
  const duration = positiveSeconds('--duration', values.duration, false);
  const key =
    values.key === undefined && values.passphrase === undefined
      ? null
      : await keyFromOptions(values);
  if (key === null && values.kdf !== undefined) {
    throw new UsageError('--kdf applies to --passphrase only');
  }
  const name = topicLevel(values.name ?? `${hostname()}-${formatConnection(link)}`);
  const json = values.json === true;
  const say = (text: string, fields: Record<string, unknown>) =>
    write(io.stdout, json ? JSON.stringify({ time: Date.now(), ...fields }) + '\n' : `${text}\n`);

  const linkText = formatConnection(link);
  const brokerText = formatConnection(broker);
  const bridge = new MqttBridge({
    link: createTransport(link, await serialBinding(link)),
    broker: broker as MqttConfig,
    name,
    ...(key === null
      ? {}
      : { verifier: new SignatureVerifier({ key, reference: new ReferenceTime() }) }),
    onLinkState: (state) =>
      void say(`link ${linkText}: ${describeState(state)}`, { event: 'link', state }),
    onBrokerState: (state) =>
      void say(`broker ${brokerText}: ${describeState(state)}`, { event: 'broker', state }),
  });
  await say(`Bridging ${linkText} to ${brokerText} as '${name}' (${bridge.statusTopic}).`, {
    event: 'start',
    link: linkText,
    broker: brokerText,
    name,
    statusTopic: bridge.statusTopic,
  });
  bridge.start();

  const report = () => {
    const stats = bridge.stats();
    return say(describeStats(stats), { event: 'stats', ...stats });
  };
  const tick = statsS > 0 ? setInterval(() => void report(), statsS * 1000) : undefined;
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    if (stop.aborted) return resolve();
    stop.addEventListener('abort', () => resolve(), { once: true });
    if (duration !== undefined) timer = setTimeout(resolve, duration * 1000);
  });
  clearInterval(tick);
  clearTimeout(timer);
  await bridge.close();
  await report();
  return 0;
}

function describeStats(s: MqttBridgeStats): string {
  const b = s.broker;
  const parts = [
    `up ${s.up} frames${s.upUnsent > 0 ? ` (${s.upUnsent} not sent)` : ''}`,
    `down ${s.down}${s.downUnsent > 0 ? ` (${s.downUnsent} not written)` : ''}`,
    `systems ${s.systems.length === 0 ? 'none yet' : s.systems.join(',')}`,
    `broker ${b.protocolVersion === null ? 'not yet connected' : `MQTT ${b.protocolVersion === 5 ? '5' : '3.1.1'}`},` +
      ` ${b.connects} connect${b.connects === 1 ? '' : 's'}, ${b.outages} outage${b.outages === 1 ? '' : 's'}`,
  ];
  if (s.parser.badCrc > 0) parts.push(`bad CRC ${s.parser.badCrc}`);
  if (s.malformed > 0) parts.push(`malformed ${s.malformed}`);
  if (s.verdicts !== null) {
    const line = (v: Record<string, number>) =>
      Object.entries(v)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(' ') || 'nothing yet';
    parts.push(`signing up: ${line(s.verdicts.up)}; down: ${line(s.verdicts.down)}`);
  }
  return parts.join(' | ');
}

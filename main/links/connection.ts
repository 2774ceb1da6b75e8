// Connection strings as pymavlink and MAVProxy write them, parsed once into
// a typed configuration.

export const DEFAULT_UDP_PORT = 14550;
export const DEFAULT_TCP_PORT = 5760;
export const DEFAULT_SERIAL_BAUD = 57600;
export const DEFAULT_MQTT_PORT = 1883;
export const DEFAULT_MQTTS_PORT = 8883;

/**
 * One MAVLink network on an MQTT broker: `mqtt://[USER[:PASSWORD]@]HOST[:PORT]/NETWORK`,
 * or `mqtts://` for TLS, where `?ca=FILE&cert=FILE&key=FILE` name the
 * broker's CA and a client certificate (PEM files).
 */
export interface MqttConfig {
  readonly kind: 'mqtt';
  readonly tls: boolean;
  readonly host: string;
  readonly port: number;
  /** The topic level that keeps one network's systems apart from another's. */
  readonly network: string;
  readonly username?: string;
  readonly password?: string;
  /** PEM file of the CA that signed the broker's certificate (mqtts). */
  readonly ca?: string;
  /** PEM files of a client certificate and its key (mqtts). */
  readonly cert?: string;
  readonly key?: string;
}

export type ConnectionConfig =
  /** Listen for datagrams; replies go to the last peer heard. */
  | { readonly kind: 'udpin'; readonly host: string; readonly port: number }
  /** Send datagrams to a fixed peer (and hear its replies). */
  | { readonly kind: 'udpout'; readonly host: string; readonly port: number }
  /** TCP client, reconnecting with backoff (SITL listens on 5760). */
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  /** TCP server accepting vehicles or other tools. */
  | { readonly kind: 'tcpin'; readonly host: string; readonly port: number }
  | { readonly kind: 'serial'; readonly path: string; readonly baud: number }
  /** Replays a recorded tlog through the receive pipeline. */
  | { readonly kind: 'tlog'; readonly path: string }
  /** A network of systems meeting through an MQTT broker. */
  | MqttConfig;

export class ConnectionError extends Error {}

function parsePort(text: string, whole: string): number {
  if (!/^\d+$/.test(text))
    throw new ConnectionError(`'${text}' is not a port number in '${whole}'`);
  const port = Number(text);
  if (port < 1 || port > 65535)
    throw new ConnectionError(`port ${port} is out of range (1-65535) in '${whole}'`);
  return port;
}

function parseBaud(text: string, whole: string): number {
  if (!/^\d+$/.test(text) || Number(text) === 0) {
    throw new ConnectionError(`'${text}' is not a baud rate in '${whole}'`);
  }
  return Number(text);
}

function hostPort(
  rest: string,
  whole: string,
  defaultHost: string | null,
): { host: string; port: number } {
  // [::1]:14550 for IPv6 literals; HOST:PORT otherwise; a bare PORT where a host has a default.
  const v6 = /^\[([^\]]+)\]:(.+)$/.exec(rest);
  if (v6) return { host: v6[1]!, port: parsePort(v6[2]!, whole) };
  if (rest.startsWith('[')) throw new ConnectionError(`expected [HOST]:PORT in '${whole}'`);
  const colon = rest.lastIndexOf(':');
  if (colon < 0) {
    if (defaultHost !== null && /^\d+$/.test(rest))
      return { host: defaultHost, port: parsePort(rest, whole) };
    throw new ConnectionError(`expected HOST:PORT in '${whole}'`);
  }
  const host = rest.slice(0, colon);
  // pymavlink binds to every interface for `udpin::14550`: an empty host takes the default.
  if (host === '' && defaultHost === null) throw new ConnectionError(`missing host in '${whole}'`);
  return { host: host === '' ? defaultHost! : host, port: parsePort(rest.slice(colon + 1), whole) };
}

/**
 * Parses `udpin:HOST:PORT`, `udpout:HOST:PORT`, `tcp:HOST:PORT`,
 * `tcpin:HOST:PORT`, `serial:PATH[:BAUD]`, `tlog:FILE`,
 * `mqtt://[USER[:PASSWORD]@]HOST[:PORT]/NETWORK` (or `mqtts://`), a bare serial
 * device as MAVProxy takes it: `/dev/ttyUSB0`, `/dev/ttyUSB0,115200`, `COM3`,
 * and a bare `FILE.tlog`.
 */
export function parseConnection(text: string): ConnectionConfig {
  const whole = text.trim();
  if (whole === '') throw new ConnectionError('empty connection string');
  const colon = whole.indexOf(':');
  const scheme = colon > 0 ? whole.slice(0, colon).toLowerCase() : '';
  const rest = whole.slice(colon + 1);
  switch (scheme) {
    case 'udpin':
    case 'udp':
      return { kind: 'udpin', ...hostPort(rest, whole, '0.0.0.0') };
    case 'udpout':
      return { kind: 'udpout', ...hostPort(rest, whole, null) };
    case 'tcp':
      return { kind: 'tcp', ...hostPort(rest, whole, null) };
    case 'tcpin':
      return { kind: 'tcpin', ...hostPort(rest, whole, '0.0.0.0') };
    case 'serial':
      return serial(rest, whole, /[:,](\d*)$/);
    case 'tlog':
    case 'file':
      if (rest === '') throw new ConnectionError(`missing file name in '${whole}'`);
      return { kind: 'tlog', path: rest };
    case 'mqtt':
    case 'mqtts':
      return mqtt(whole, scheme === 'mqtts');
  }
  // A bare log file name, as pymavlink takes it.
  if (/\.tlog$/i.test(whole)) return { kind: 'tlog', path: whole };
  if (whole.startsWith('/') || /^COM\d+/i.test(whole)) return serial(whole, whole, /[:,](\d+)$/);
  throw new ConnectionError(
    `unknown connection '${whole}': use udpin:HOST:PORT, udpout:HOST:PORT, tcp:HOST:PORT, tcpin:HOST:PORT, serial:PATH[:BAUD], tlog:FILE or mqtt://HOST/NETWORK`,
  );
}

function serial(rest: string, whole: string, baudSuffix: RegExp): ConnectionConfig {
  const match = baudSuffix.exec(rest);
  const path = match ? rest.slice(0, match.index) : rest;
  if (path === '') throw new ConnectionError(`missing serial device in '${whole}'`);
  return { kind: 'serial', path, baud: match ? parseBaud(match[1]!, whole) : DEFAULT_SERIAL_BAUD };
}

const MQTT_FILE_OPTIONS = ['ca', 'cert', 'key'] as const;

function mqtt(whole: string, tls: boolean): MqttConfig {
  let url: URL;
  try {
    url = new URL(whole);
  } catch {
    throw new ConnectionError(
      `expected mqtt://[USER[:PASSWORD]@]HOST[:PORT]/NETWORK, not '${whole}'`,
    );
  }
  // Non-special schemes keep IPv6 literals in brackets.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new ConnectionError(`missing host in '${whole}'`);
  const port =
    url.port === '' ? (tls ? DEFAULT_MQTTS_PORT : DEFAULT_MQTT_PORT) : parsePort(url.port, whole);
  const network = decode(url.pathname.replace(/^\//, ''), whole);
  if (network === '')
    throw new ConnectionError(`missing network name in '${whole}' (mqtt://HOST/NETWORK)`);
  // One topic level: MQTT wildcards and separators would reach other networks' topics.
  if (/[/+#]/.test(network) || network.includes('\0')) {
    throw new ConnectionError(`the network name '${network}' may not hold '/', '+' or '#'`);
  }
  const files: { ca?: string; cert?: string; key?: string } = {};
  for (const [name, value] of url.searchParams) {
    if (!(MQTT_FILE_OPTIONS as readonly string[]).includes(name)) {
      throw new ConnectionError(`unknown option '${name}' in '${whole}' (known: ca, cert, key)`);
    }
    if (!tls) throw new ConnectionError(`'${name}' needs mqtts:// in '${whole}'`);
    if (value === '') throw new ConnectionError(`'${name}' needs a file name in '${whole}'`);
    files[name as (typeof MQTT_FILE_OPTIONS)[number]] = value;
  }
  if ((files.cert === undefined) !== (files.key === undefined)) {
    throw new ConnectionError(`a client certificate needs both cert and key in '${whole}'`);
  }
  return {
    kind: 'mqtt',
    tls,
    host,
    port,
    network,
    ...(url.username === '' ? {} : { username: decode(url.username, whole) }),
    ...(url.password === '' ? {} : { password: decode(url.password, whole) }),
    ...files,
  };
}

function decode(text: string, whole: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ConnectionError(`bad %-escape in '${whole}'`);
  }
}

/** An MQTT connection as it may be shown: the password never is. */
function formatMqtt(config: MqttConfig): string {
  const user = config.username === undefined ? '' : `${encodeURIComponent(config.username)}@`;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const query = MQTT_FILE_OPTIONS.filter((name) => config[name] !== undefined)
    .map((name) => `${name}=${config[name]!}`)
    .join('&');
  return (
    `${config.tls ? 'mqtts' : 'mqtt'}://${user}${host}:${config.port}/` +
    `${encodeURIComponent(config.network)}${query === '' ? '' : `?${query}`}`
  );
}

export function formatConnection(config: ConnectionConfig): string {
  switch (config.kind) {
    case 'mqtt':
      return formatMqtt(config);
    case 'serial':
      return `serial:${config.path}:${config.baud}`;
    case 'tlog':
      return `tlog:${config.path}`;
    default:
      return `${config.kind}:${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  }
}

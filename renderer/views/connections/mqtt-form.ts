// The add-link form's MQTT fields to a connection string the core parses
// (main/links/connection.ts): mqtt://[USER[:PASSWORD]@]HOST[:PORT]/NETWORK,
// or mqtts:// with ?ca=FILE&cert=FILE&key=FILE. Everything a person types
// is %-escaped, so a password with '@' or ':' or a path with '&' arrives as
// typed.

export interface MqttForm {
  /** mqtts:// (TLS) rather than mqtt://. */
  tls: boolean;
  network: string;
  username: string;
  password: string;
  /** PEM files on the machine running Sigil's core: the broker's CA, a client certificate and key. */
  ca: string;
  cert: string;
  key: string;
}

export const EMPTY_MQTT: MqttForm = {
  tls: false,
  network: '',
  username: '',
  password: '',
  ca: '',
  cert: '',
  key: '',
};

export const MQTT_PORT = 1883;
export const MQTTS_PORT = 8883;

export type BuiltMqtt = { ok: true; connection: string } | { ok: false; error: string };

export function buildMqttConnection(host: string, port: string, form: MqttForm): BuiltMqtt {
  const name = host.trim();
  if (name === '') return { ok: false, error: 'Enter the broker’s host or address.' };
  if (/[\s/@]/.test(name)) return { ok: false, error: 'A host has no spaces, / or @.' };
  const portText = port.trim();
  if (portText !== '' && (!/^\d+$/.test(portText) || +portText < 1 || +portText > 65535)) {
    return { ok: false, error: 'The port is a number from 1 to 65535.' };
  }
  const network = form.network.trim();
  if (network === '') return { ok: false, error: 'Enter the network’s name.' };
  if (/[/+#]/.test(network)) return { ok: false, error: 'A network name has no /, + or #.' };
  const user = form.username.trim();
  if (user === '' && form.password !== '') {
    return { ok: false, error: 'A password goes with a user name.' };
  }
  const files = { ca: form.ca.trim(), cert: form.cert.trim(), key: form.key.trim() };
  if (!form.tls && (files.ca !== '' || files.cert !== '' || files.key !== '')) {
    return { ok: false, error: 'Certificate files need TLS (mqtts).' };
  }
  if ((files.cert === '') !== (files.key === '')) {
    return { ok: false, error: 'A client certificate needs both its file and its key.' };
  }
  const auth =
    user === ''
      ? ''
      : `${encodeURIComponent(user)}${form.password === '' ? '' : `:${encodeURIComponent(form.password)}`}@`;
  const hostPart = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
  const portPart = portText === '' ? '' : `:${Number(portText)}`;
  const query = (['ca', 'cert', 'key'] as const)
    .filter((option) => files[option] !== '')
    .map((option) => `${option}=${encodeURIComponent(files[option])}`)
    .join('&');
  return {
    ok: true,
    connection:
      `${form.tls ? 'mqtts' : 'mqtt'}://${auth}${hostPart}${portPart}/` +
      `${encodeURIComponent(network)}${query === '' ? '' : `?${query}`}`,
  };
}

// The add-link form's values to what the core takes: a connection string as
// pymavlink writes it, or a log replay by file name.

import { EMPTY_MQTT, buildMqttConnection, type MqttForm } from './mqtt-form';

export type LinkKind = 'udpin' | 'udpout' | 'tcp' | 'tcpin' | 'serial' | 'tlog' | 'mqtt';

export const LINK_KINDS: readonly { kind: LinkKind; label: string }[] = [
  { kind: 'udpin', label: 'UDP listen' },
  { kind: 'udpout', label: 'UDP out' },
  { kind: 'tcp', label: 'TCP' },
  { kind: 'tcpin', label: 'TCP listen' },
  { kind: 'serial', label: 'Serial' },
  { kind: 'tlog', label: 'Replay a tlog' },
  { kind: 'mqtt', label: 'MQTT network' },
];

/** Telemetry radios (57600) and USB (115200) first, then the rest in order. */
export const BAUD_RATES: readonly number[] = [
  57600, 115200, 9600, 19200, 38400, 230400, 460800, 500000, 921600,
];

export interface LinkForm {
  kind: LinkKind;
  host: string;
  port: string;
  serialPath: string;
  baud: string;
  logName: string;
  rate: string;
  /** An MQTT network's fields beside host and port (none filled: EMPTY_MQTT). */
  mqtt?: MqttForm;
}

export type BuiltLink =
  | { ok: true; connection: string; replay?: undefined }
  | { ok: true; connection?: undefined; replay: { name: string; rate: number } }
  /** `error` is '' when the form is only unfinished (nothing picked yet). */
  | { ok: false; error: string };

function hostPart(host: string): string {
  // IPv6 literals go in brackets, as the core's parser expects.
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function buildConnection(form: LinkForm): BuiltLink {
  switch (form.kind) {
    case 'udpin':
    case 'udpout':
    case 'tcp':
    case 'tcpin': {
      const host = form.host.trim();
      if (host === '') return { ok: false, error: 'Enter a host or address.' };
      if (/\s/.test(host)) return { ok: false, error: 'A host has no spaces.' };
      const port = form.port.trim();
      if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535)
        return { ok: false, error: 'The port is a number from 1 to 65535.' };
      return { ok: true, connection: `${form.kind}:${hostPart(host)}:${Number(port)}` };
    }
    case 'serial': {
      // Picked from the list or typed (a port the list does not show, a udev name).
      const path = form.serialPath.trim();
      if (path === '') return { ok: false, error: '' };
      if (/\s/.test(path)) return { ok: false, error: 'A serial port path has no spaces.' };
      const baud = Number(form.baud);
      if (!Number.isInteger(baud) || baud <= 0) return { ok: false, error: 'Pick a baud rate.' };
      return { ok: true, connection: `serial:${path}:${baud}` };
    }
    case 'mqtt':
      return buildMqttConnection(form.host, form.port, form.mqtt ?? EMPTY_MQTT);
    case 'tlog': {
      if (form.logName === '') return { ok: false, error: '' };
      const rate = Number(form.rate);
      return {
        ok: true,
        replay: { name: form.logName, rate: Number.isFinite(rate) && rate > 0 ? rate : 1 },
      };
    }
  }
}

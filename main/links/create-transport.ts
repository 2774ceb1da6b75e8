// The one place that turns a parsed connection into its transport. The
// serial binding comes from the caller (the shells load `native/`), so the
// core never loads the native addon itself.

import type { SerialBinding } from '../../native/serial';
import type { BackoffOptions } from './backoff';
import type { ConnectionConfig } from './connection';
import { MqttTransport } from './mqtt';
import { ReplayTransport, type ReplayOptions } from './replay';
import { SerialTransport } from './serial';
import { TcpClientTransport, TcpServerTransport } from './tcp';
import type { Transport } from './transport';
import { UdpTransport } from './udp';

export interface TransportOptions {
  /** How reconnecting links wait between tries (the default: 0.5 s doubling to 8 s). */
  backoff?: BackoffOptions;
  /** TCP client and MQTT: how long a connection attempt may take. */
  connectTimeoutMs?: number;
  /** tlog replay: rate, start paused, progress callback. */
  replay?: ReplayOptions;
}

export function createTransport(
  config: ConnectionConfig,
  serial: SerialBinding,
  options: TransportOptions = {},
): Transport {
  const { backoff } = options;
  switch (config.kind) {
    case 'udpin':
    case 'udpout':
      return new UdpTransport(config, { backoff });
    case 'tcp':
      return new TcpClientTransport(config, {
        backoff,
        connectTimeoutMs: options.connectTimeoutMs,
      });
    case 'tcpin':
      return new TcpServerTransport(config, { backoff });
    case 'serial':
      return new SerialTransport(config, serial, { backoff });
    case 'tlog':
      return new ReplayTransport(config, options.replay);
    case 'mqtt':
      return new MqttTransport(config, {
        backoff,
        connectTimeoutMs: options.connectTimeoutMs,
      });
  }
}

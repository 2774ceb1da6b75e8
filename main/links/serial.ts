// A serial link (USB flight controller, telemetry radio) through the native
// binding, which the caller passes in so the core never loads the addon.
// When the port goes away (unplugged, read error) the link says so and
// reopens it with backoff, so plugging the board back in is enough.

import type { SerialBinding, SerialConnection } from '../../native/serial';
import type { ConnectionConfig } from './connection';
import { Retry, type BackoffOptions } from './backoff';
import { describeSerialError, sameState } from './errors';
import type { LinkState, Transport, TransportEvents } from './transport';

export type SerialConfig = Extract<ConnectionConfig, { kind: 'serial' }>;

/** Stands in when a program has no serial binding: serial links fail with a clear message. */
export const NO_SERIAL: SerialBinding = {
  list: () => Promise.resolve([]),
  open: () => Promise.reject(new Error('serial ports are not available in this program')),
};

export interface SerialOptions {
  backoff?: BackoffOptions;
}

export class SerialTransport implements Transport {
  private events: TransportEvents | undefined;
  private state: LinkState | undefined;
  private connection: SerialConnection | undefined;
  private opening: Promise<void> | undefined;
  private readonly retry: Retry;
  private closing: Promise<void> | undefined;

  constructor(
    readonly config: SerialConfig,
    private readonly binding: SerialBinding,
    options: SerialOptions = {},
  ) {
    this.retry = new Retry(options.backoff);
  }

  start(events: TransportEvents): void {
    if (this.events !== undefined) return;
    this.events = events;
    this.open();
  }

  write(bytes: Uint8Array): boolean {
    return this.connection?.write(bytes) ?? false;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.retry.cancel();
    // An open in progress finishes first, so the port it may yet open is released too.
    await this.opening;
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
    this.state = { status: 'closed' };
    this.events?.onState(this.state);
  }

  private open(): void {
    if (this.closing !== undefined) return;
    this.report({ status: 'connecting' });
    const { path, baud } = this.config;
    let current: SerialConnection | undefined;
    this.opening = this.binding
      .open(path, baud, {
        onData: (bytes) => {
          if (current !== undefined && current === this.connection) this.events?.onData(bytes);
        },
        onClose: (error) => {
          if (current === undefined || current !== this.connection) return;
          this.connection = undefined;
          this.fail(error?.message ?? `serial port ${path} was closed`);
        },
      })
      .then(
        (connection) => {
          current = connection;
          this.connection = connection;
          this.opening = undefined;
          // Closed meanwhile: shutdown, waiting on this, closes the port.
          if (this.closing !== undefined) return;
          this.retry.reset();
          this.report({ status: 'connected' });
        },
        (error: unknown) => {
          this.opening = undefined;
          this.fail(describeSerialError(error, path));
        },
      );
  }

  private fail(message: string): void {
    if (this.closing !== undefined) return;
    this.report({ status: 'error', message });
    this.retry.schedule(() => this.open());
  }

  private report(state: LinkState): void {
    if (this.closing !== undefined || sameState(this.state, state)) return;
    this.state = state;
    this.events?.onState(state);
  }
}

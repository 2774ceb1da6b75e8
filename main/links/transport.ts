// What every link transport (UDP, TCP, serial, tlog replay) provides: a
// byte pipe with a state a person can read.

import type { ConnectionConfig } from './connection';

export type LinkState =
  | { readonly status: 'connecting' }
  | { readonly status: 'connected' }
  /** `message` is for a person: "port 14550 is already in use". */
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'closed' };

export interface TransportEvents {
  /** Bytes received. The chunk may be reused after the call returns: copy to keep. */
  onData(chunk: Uint8Array): void;
  onState(state: LinkState): void;
  /** A new peer connected (a client of a TCP server): a new conversation on the same link. */
  onPeer?(): void;
}

export interface Transport {
  readonly config: ConnectionConfig;
  /** Starts connecting or listening; progress is reported through `events`. Call once. */
  start(events: TransportEvents): void;
  /** Sends bytes; false when they could not go out (not connected, no peer heard yet). */
  write(bytes: Uint8Array): boolean;
  /** Stops for good: no reconnect, state becomes `closed`. */
  close(): Promise<void>;
}

// What a Vehicle needs from the core: a way to send a message to it and a
// clock with timers. The core encodes, signs and writes what is sent to
// the link the vehicle was last heard on; tests inject a manual clock.

import type { Clock } from '../clock';
import type { Fields } from '../mavlink/codec';
import type { MessageMap, MessageName } from '../mavlink/dialect/types';

/** Its clock is the wall clock, the same as the `nowMs` the core passes to `handle`. */
export interface VehicleIo extends Clock {
  send<N extends MessageName>(name: N, fields: Partial<MessageMap[N]>): void;
  /** Whether what is sent can be signed (a key is set); unknown when absent. */
  canSign?(): boolean;
  /** Whether the link requires signing of what it receives. */
  requiresSigning?(): boolean;
}

/** One decoded frame as the router hands it over. */
export interface IncomingMessage {
  msgid: number;
  /** undefined for a message id the dialect does not know. */
  name: string | undefined;
  fields: Fields | undefined;
  sysid: number;
  compid: number;
  signed: boolean;
}

/** Decoded fields viewed as the generated interface of message `N`. */
export function fieldsOf<N extends MessageName>(_name: N, fields: Fields): MessageMap[N] {
  return fields as unknown as MessageMap[N];
}

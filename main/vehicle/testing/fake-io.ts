// A VehicleIo for tests: a manual clock whose timers run in time order as
// it advances, and a record of every message sent.

import { createCodec } from '../../mavlink/ardupilotmega';
import type { MessageMap, MessageName } from '../../mavlink/dialect/types';
import { ManualClock } from '../../testing/manual-clock';
import type { IncomingMessage, VehicleIo } from '../io';

export interface SentMessage {
  name: MessageName;
  fields: Record<string, unknown>;
  at: number;
}

export class FakeIo extends ManualClock implements VehicleIo {
  readonly sent: SentMessage[] = [];
  /** Called after each send is recorded: a test's stand-in for the vehicle. */
  onSend: ((message: SentMessage) => void) | undefined = undefined;

  send<N extends MessageName>(name: N, fields: Partial<MessageMap[N]>): void {
    const message = { name, fields: { ...fields } as Record<string, unknown>, at: this.now() };
    this.sent.push(message);
    this.onSend?.(message);
  }

  /** Messages sent with this name. */
  sentNamed(name: MessageName): Record<string, unknown>[] {
    return this.sent.filter((m) => m.name === name).map((m) => m.fields);
  }
}

const codec = createCodec();

/**
 * An IncomingMessage as the router would deliver it: the fields go through
 * the real codec (encode, then decode), so absent fields read as zero and
 * floats as float32.
 */
export function incoming<N extends MessageName>(
  name: N,
  fields: Partial<MessageMap[N]>,
  options: { sysid?: number; compid?: number; signed?: boolean } = {},
): IncomingMessage {
  const def = codec.byName(name);
  if (def === undefined) throw new Error(`no message ${name} in the dialect`);
  const payload = new Uint8Array(def.length);
  codec.encodePayload(def, fields, payload, 0);
  return {
    msgid: def.id,
    name,
    fields: codec.decodePayload(def, payload, 0, def.length),
    sysid: options.sysid ?? 1,
    compid: options.compid ?? 1,
    signed: options.signed ?? false,
  };
}

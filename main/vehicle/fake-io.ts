// A VehicleIo for tests: a manual clock whose timers run in time order as
// it advances, and a record of every message sent.

import { createCodec } from '../mavlink/ardupilotmega';
import type { MessageMap, MessageName } from '../mavlink/dialect/types';
import type { IncomingMessage, TimerHandle, VehicleIo } from './io';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export interface SentMessage {
  name: MessageName;
  fields: Record<string, unknown>;
  at: number;
}

export class FakeIo implements VehicleIo {
  readonly sent: SentMessage[] = [];
  /** Called after each send is recorded: a test's stand-in for the vehicle. */
  onSend: ((message: SentMessage) => void) | undefined = undefined;
  private time: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  send<N extends MessageName>(name: N, fields: Partial<MessageMap[N]>): void {
    const message = { name, fields: { ...fields } as Record<string, unknown>, at: this.time };
    this.sent.push(message);
    this.onSend?.(message);
  }

  /** Moves the clock on by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.timers)
        if (t.at <= end && (next === undefined || t.at < next.at)) next = t;
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.callback();
    }
    this.time = end;
  }

  /** Messages sent with this name. */
  sentNamed(name: MessageName): Record<string, unknown>[] {
    return this.sent.filter((m) => m.name === name).map((m) => m.fields);
  }

  pendingTimers(): number {
    return this.timers.length;
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

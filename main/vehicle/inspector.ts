// The MAVLink inspector: for every (sysid, compid) heard, each message's
// count, rate and latest decoded fields. The router feeds it every frame,
// including frames of components that are not vehicles (cameras, gimbals,
// companions, other GCSs). Recording allocates nothing once a message has
// been seen; JSON conversion happens only in `snapshot`.
//
// Bounded: a peer that invents identities or message ids by the thousand
// pushes out the components and messages heard least (fewest frames, then
// longest ago), so a component heard steadily stays while spoofed ones churn.
//
// Rates count frames in a sliding window of fixed buckets; until a message
// has been heard for a whole window, the rate is taken over the time since
// it was first heard (at least one second, so a first frame never reads as
// a huge rate).

import type { Fields } from '../mavlink/codec';
import { fieldsToJson, type JsonValue } from '../mavlink/json';
import type { IncomingMessage } from './io';

export interface InspectorOptions {
  /** Sliding window for rates. Default 5000 ms. */
  windowMs?: number;
  /** Buckets in the window. Default 20. */
  buckets?: number;
  /** Components kept. Default 256. */
  maxComponents?: number;
  /** Message ids kept per component. Default 256 (an autopilot sends about a hundred). */
  maxMessages?: number;
}

export interface InspectorMessage {
  msgid: number;
  /** The dialect's name, or UNKNOWN_<msgid>. */
  name: string;
  count: number;
  /** Frames per second over the window. */
  rateHz: number;
  lastMs: number;
  signed: boolean;
  /** Latest fields, JSON-safe; null for a message the dialect does not know. */
  fields: Record<string, JsonValue> | null;
}

export interface InspectorComponent {
  sysid: number;
  compid: number;
  lastMs: number;
  messages: InspectorMessage[];
}

class MessageStats {
  count = 0;
  firstMs: number;
  lastMs = 0;
  signed = false;
  fields: Fields | undefined = undefined;
  private readonly counts: Uint32Array;
  // Absolute index (time / bucketMs) of the newest bucket.
  private head: number;

  constructor(
    readonly msgid: number,
    readonly name: string,
    buckets: number,
    private readonly bucketMs: number,
    nowMs: number,
  ) {
    this.counts = new Uint32Array(buckets);
    this.firstMs = nowMs;
    this.head = Math.floor(nowMs / bucketMs);
  }

  add(msg: IncomingMessage, nowMs: number): void {
    this.advance(nowMs);
    this.counts[this.head % this.counts.length]!++;
    this.count++;
    this.lastMs = nowMs;
    this.signed = msg.signed;
    this.fields = msg.fields;
  }

  rate(nowMs: number): number {
    this.advance(nowMs);
    let sum = 0;
    for (let i = 0; i < this.counts.length; i++) sum += this.counts[i]!;
    // The window ends now: the older buckets are whole, the newest one is partly elapsed.
    const window = (this.counts.length - 1) * this.bucketMs + (nowMs - this.head * this.bucketMs);
    const span = Math.max(1000, Math.min(window, nowMs - this.firstMs));
    return (sum * 1000) / span;
  }

  private advance(nowMs: number): void {
    const bucket = Math.floor(nowMs / this.bucketMs);
    if (bucket <= this.head) return; // a clock that stepped back counts into the newest bucket
    const n = this.counts.length;
    const steps = Math.min(bucket - this.head, n);
    for (let i = 1; i <= steps; i++) this.counts[(this.head + i) % n] = 0;
    this.head = bucket;
  }
}

class ComponentStats {
  lastMs = 0;
  count = 0;
  readonly byId = new Map<number, MessageStats>();
  constructor(
    readonly sysid: number,
    readonly compid: number,
  ) {}
}

export class Inspector {
  private readonly components = new Map<number, ComponentStats>();
  private readonly buckets: number;
  private readonly bucketMs: number;
  private readonly maxComponents: number;
  private readonly maxMessages: number;

  constructor(options: InspectorOptions = {}) {
    this.buckets = options.buckets ?? 20;
    this.bucketMs = (options.windowMs ?? 5000) / this.buckets;
    this.maxComponents = options.maxComponents ?? 256;
    this.maxMessages = options.maxMessages ?? 256;
  }

  record(msg: IncomingMessage, nowMs: number): void {
    const key = msg.sysid * 256 + msg.compid;
    let component = this.components.get(key);
    if (component === undefined) {
      if (this.components.size >= this.maxComponents) dropLeastHeard(this.components);
      component = new ComponentStats(msg.sysid, msg.compid);
      this.components.set(key, component);
    }
    component.lastMs = nowMs;
    component.count++;
    let stats = component.byId.get(msg.msgid);
    if (stats === undefined) {
      if (component.byId.size >= this.maxMessages) dropLeastHeard(component.byId);
      const name = msg.name ?? `UNKNOWN_${msg.msgid}`;
      stats = new MessageStats(msg.msgid, name, this.buckets, this.bucketMs, nowMs);
      component.byId.set(msg.msgid, stats);
    }
    stats.add(msg, nowMs);
  }

  /** Every component heard (of one system if `sysid` is given), messages by name. */
  snapshot(nowMs: number, sysid?: number): InspectorComponent[] {
    const out: InspectorComponent[] = [];
    const keys = [...this.components.keys()].sort((a, b) => a - b);
    for (const key of keys) {
      const c = this.components.get(key)!;
      if (sysid !== undefined && c.sysid !== sysid) continue;
      out.push({
        sysid: c.sysid,
        compid: c.compid,
        lastMs: c.lastMs,
        messages: [...c.byId.values()]
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .map((s) => ({
            msgid: s.msgid,
            name: s.name,
            count: s.count,
            rateHz: s.rate(nowMs),
            lastMs: s.lastMs,
            signed: s.signed,
            fields: s.fields === undefined ? null : fieldsToJson(s.fields),
          })),
      });
    }
    return out;
  }

  /** The latest fields of one message from every component that sent it, without conversion. */
  latest(
    msgid: number,
  ): { sysid: number; compid: number; lastMs: number; signed: boolean; fields: Fields }[] {
    const out = [];
    for (const c of this.components.values()) {
      const stats = c.byId.get(msgid);
      if (stats?.fields === undefined) continue;
      out.push({
        sysid: c.sysid,
        compid: c.compid,
        lastMs: stats.lastMs,
        signed: stats.signed,
        fields: stats.fields,
      });
    }
    return out;
  }

  /** Forgets one component, or a whole system when `compid` is omitted. */
  forget(sysid: number, compid?: number): void {
    for (const [key, c] of this.components) {
      if (c.sysid === sysid && (compid === undefined || c.compid === compid))
        this.components.delete(key);
    }
  }
}

/** Removes the entry heard least: the fewest frames, then the longest ago. */
function dropLeastHeard(map: Map<number, { count: number; lastMs: number }>): void {
  let leastKey: number | undefined;
  let least: { count: number; lastMs: number } | undefined;
  for (const [key, entry] of map) {
    if (
      least === undefined ||
      entry.count < least.count ||
      (entry.count === least.count && entry.lastMs < least.lastMs)
    ) {
      least = entry;
      leastKey = key;
    }
  }
  if (leastKey !== undefined) map.delete(leastKey);
}

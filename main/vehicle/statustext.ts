// STATUSTEXT, including long texts sent in chunks (MAVLink 2 extension
// fields `id` and `chunk_seq`): id 0 is a text of one chunk; otherwise the
// chunks of one id are joined in chunk_seq order, and a chunk that fills
// all 50 bytes (no NUL) continues in the next one. A text whose last chunk
// never comes, or that has a gap, is shown as far as it got after a short
// wait, marked incomplete.
//
// The codec hands over text decoded up to the first NUL, so a chunk's end
// is judged by its UTF-8 length; a multi-byte character split across two
// chunks comes out as replacement characters.

import type { STATUSTEXT } from '../mavlink/dialect/types';
import { MAV_SEVERITY } from '../mavlink/dialect/enums';
import { enumLabel } from './enum-names';
import type { Clock, TimerHandle } from '../clock';

export const STATUSTEXT_CHUNK_BYTES = 50;
const GAP = '…';

export interface StatusTextEntry {
  /** `nowMs` of the first chunk. */
  time: number;
  /** MAV_SEVERITY without its prefix: EMERGENCY ... DEBUG. */
  severity: string;
  severityId: number;
  text: string;
  /** The component that sent it. */
  compid: number;
  /** Chunks were missing when it was shown. */
  incomplete: boolean;
  /** Written by the GCS about the vehicle, not sent by it (a reboot seen in its clock). */
  fromGcs?: boolean;
}

interface Pending {
  key: number;
  time: number;
  compid: number;
  severityId: number;
  chunks: (string | undefined)[];
  /** chunk_seq of the chunk that ended the text, once seen. */
  last: number;
  timer: TimerHandle;
}

const encoder = new TextEncoder();

function byteLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.length : encoder.encode(text).length;
}

export class StatusTextAssembler {
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly onText: (entry: StatusTextEntry) => void,
    private readonly flushMs = 2000,
    private readonly maxPending = 16,
  ) {}

  push(compid: number, fields: STATUSTEXT, nowMs: number): void {
    const text = fields.text;
    const id = fields.id;
    if (id === 0) {
      this.onText(entry(nowMs, compid, fields.severity, text, false));
      return;
    }
    const key = compid * 0x1_0000 + id;
    const seq = fields.chunk_seq;
    let p = this.pending.get(key);
    if (p !== undefined && p.chunks[seq] !== undefined) {
      // The same chunk again: the earlier text with this id ended without its last chunk.
      this.flush(p);
      p = undefined;
    }
    if (p === undefined) {
      if (this.pending.size >= this.maxPending) this.flush(this.pending.values().next().value!);
      const created: Pending = {
        key,
        time: nowMs,
        compid,
        severityId: fields.severity,
        chunks: [],
        last: -1,
        timer: undefined,
      };
      created.timer = this.clock.setTimeout(() => this.flush(created), this.flushMs);
      this.pending.set(key, created);
      p = created;
    }
    p.chunks[seq] = text;
    if (byteLength(text) < STATUSTEXT_CHUNK_BYTES) p.last = seq;
    if (p.last >= 0 && this.complete(p)) this.flush(p);
  }

  /** Shows every text still waiting for chunks. */
  flushAll(): void {
    for (const p of [...this.pending.values()]) this.flush(p);
  }

  dispose(): void {
    for (const p of this.pending.values()) this.clock.clearTimeout(p.timer);
    this.pending.clear();
  }

  private complete(p: Pending): boolean {
    for (let i = 0; i <= p.last; i++) if (p.chunks[i] === undefined) return false;
    return true;
  }

  private flush(p: Pending): void {
    if (this.pending.get(p.key) !== p) return;
    this.pending.delete(p.key);
    this.clock.clearTimeout(p.timer);
    const end = p.last >= 0 ? p.last + 1 : p.chunks.length;
    let text = '';
    let incomplete = p.last < 0;
    for (let i = 0; i < end; i++) {
      const chunk = p.chunks[i];
      if (chunk === undefined) {
        incomplete = true;
        text += GAP;
      } else {
        text += chunk;
      }
    }
    this.onText(entry(p.time, p.compid, p.severityId, text, incomplete));
  }
}

function entry(
  time: number,
  compid: number,
  severityId: number,
  text: string,
  incomplete: boolean,
): StatusTextEntry {
  return {
    time,
    severity: enumLabel(MAV_SEVERITY, severityId, ['MAV_SEVERITY_']),
    severityId,
    text,
    compid,
    incomplete,
  };
}

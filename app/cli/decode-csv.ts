// `sigil decode --format csv`: one row per printed frame, for a
// spreadsheet. Columns: t (the tlog record time in microseconds, empty for
// a raw capture), name, then the chosen fields; a field the frame's
// message lacks is an empty cell. Numbers as JSON writes them, 64-bit
// integers in full, NaN and infinities empty, text and arrays (as JSON)
// quoted when they hold a comma, a quote or a line break.

import type { Codec, FieldValue } from '../../main/mavlink/codec';
import type { MessageDef } from '../../main/mavlink/definition';
import type { FrameView } from '../../main/mavlink/frame';
import { UsageError } from './command';
import type { MessageFilter } from './message-filter';

function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function valueText(value: FieldValue): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return cell(value);
  const items = (value as (number | bigint)[]).map((v) =>
    typeof v === 'bigint' ? `"${v}"` : Number.isFinite(v) ? String(v) : 'null',
  );
  return cell(`[${items.join(',')}]`);
}

export class CsvWriter {
  readonly fields: readonly string[];
  // Per message, the position of each chosen field in its definition (-1: absent).
  private readonly columns = new Map<MessageDef, number[]>();

  /** `fields` from --fields; without it, the one message --messages names gives all its fields. */
  constructor(
    private readonly codec: Codec,
    fields: string | undefined,
    filter: MessageFilter | undefined,
  ) {
    const candidates = filter?.messages ?? codec.messages;
    if (fields === undefined) {
      if (filter === undefined || filter.messages.length !== 1) {
        throw new UsageError('--format csv needs --fields, or --messages naming one message');
      }
      this.fields = filter.messages[0]!.fields.map((f) => f.name);
    } else {
      this.fields = fields
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== '');
      if (this.fields.length === 0) throw new UsageError('--fields needs at least one field name');
      for (const field of this.fields) {
        if (!candidates.some((def) => def.fields.some((f) => f.name === field))) {
          const which = filter === undefined ? 'no message' : 'none of the messages chosen';
          throw new UsageError(`--fields: ${which} has a field '${field}'`);
        }
      }
    }
    for (const def of candidates) {
      const columns = this.fields.map((name) => def.fields.findIndex((f) => f.name === name));
      if (columns.some((c) => c >= 0)) this.columns.set(def, columns);
    }
  }

  header(): string {
    return ['t', 'name', ...this.fields.map(cell)].join(',') + '\n';
  }

  /** The frame's row, or undefined when its message has none of the fields. */
  row(frame: FrameView, timeUs: number | undefined): string | undefined {
    const def = frame.def;
    const columns = def === undefined ? undefined : this.columns.get(def);
    if (def === undefined || columns === undefined) return undefined;
    const fields = this.codec.decode(frame)!;
    let line = (timeUs === undefined ? '' : String(timeUs)) + ',' + def.name;
    for (const column of columns) {
      line += ',';
      if (column >= 0) line += valueText(fields[def.fields[column]!.name]!);
    }
    return line + '\n';
  }
}

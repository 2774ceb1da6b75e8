// `sigil decode FILE`: every good frame of a capture as JSON Lines, or as
// CSV rows, streamed: any size of file in bounded memory.

import { createCodec } from '../../main/mavlink/ardupilotmega';
import type { FrameView } from '../../main/mavlink/frame';
import { FrameJsonWriter } from '../../main/mavlink/json-writer';
import type { StreamFormat } from '../../main/mavlink/parser';
import { parseCommandLine, UsageError, write, type Command } from './command';
import { parseCapture, parseFormat } from './capture';
import { CsvWriter } from './decode-csv';
import { parseMessageFilter } from './message-filter';
import { TextBatch } from './text-batch';

type Output = 'json' | 'csv';

/** --format: json or csv is the output; raw or tlog, the older spelling of --input. */
function parseFormats(
  format: string | undefined,
  input: string | undefined,
): { output: Output; input: StreamFormat | undefined } {
  if (format === 'raw' || format === 'tlog') {
    if (input !== undefined) throw new UsageError('give the input format once, with --input');
    return { output: 'json', input: format };
  }
  if (format !== undefined && format !== 'json' && format !== 'csv') {
    throw new UsageError(`--format must be 'json' or 'csv', not '${format}'`);
  }
  const parsed = parseFormat(input);
  return { output: format ?? 'json', input: parsed };
}

export const decodeCommand: Command = {
  name: 'decode',
  summary: 'print the frames of a raw capture or tlog as JSON Lines or CSV',
  help: `Usage: sigil decode FILE [--messages NAMES] [--format json|csv] [--fields NAMES]
                    [--input raw|tlog]

Reads a raw byte capture or a tlog and prints one JSON object per good frame,
in order, then a summary line:
  {"t":<tlog microseconds>,"version":2,"seq":..,"sysid":..,"compid":..,
   "msgid":..,"name":"HEARTBEAT","signed":false,"fields":{...}}
  {"summary":{"frames":..,"badCrc":..,"unknown":..,"discardedBytes":..}}
"name" and "fields" are absent for message ids the dialect does not know;
64-bit integers are printed as decimal strings, NaN and infinities as null.
The summary counts every frame of the file, printed or not.

With --format csv, a header line and one row per frame whose message has
any of the fields: t (tlog microseconds, empty for a raw capture), name,
then the fields, an empty cell where the message lacks one or the value is
NaN or infinite. No summary line.

The file is streamed: logs of any size go through in bounded memory. On a
terminal, a progress line shows on stderr.

Options:
  --messages NAMES    print only these messages: comma-separated names, * and ?
                      as wildcards (GPS*,ATTITUDE), any case
  --format json|csv   the output (default json)
  --fields NAMES      CSV columns: comma-separated field names (default: every
                      field of the one message --messages names)
  --input raw|tlog    the file's format (default: detected from its first
                      bytes); --format raw|tlog says the same
  -h, --help          show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(args, {
      format: { type: 'string' },
      input: { type: 'string' },
      messages: { type: 'string' },
      fields: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE');
    const formats = parseFormats(values.format, values.input);
    const codec = createCodec();
    const filter =
      values.messages === undefined ? undefined : parseMessageFilter(values.messages, codec);
    if (values.fields !== undefined && formats.output !== 'csv') {
      throw new UsageError('--fields goes with --format csv');
    }
    const csv = formats.output === 'csv' ? new CsvWriter(codec, values.fields, filter) : undefined;
    const json = new FrameJsonWriter(codec);
    const batch = new TextBatch(io.stdout);
    if (csv !== undefined) batch.add(csv.header());

    const onFrame = (frame: FrameView, timeUs: number | undefined): void => {
      if (filter !== undefined && (frame.def === undefined || !filter.has(frame.msgid))) return;
      if (csv === undefined) {
        batch.add(json.line(frame, timeUs) + '\n');
      } else {
        const row = csv.row(frame, timeUs);
        if (row !== undefined) batch.add(row);
      }
    };
    const { parser } = await parseCapture(
      positionals[0]!,
      formats.input,
      codec,
      onFrame,
      () => batch.flushIfFull(),
      { stderr: io.stderr, label: 'sigil decode' },
    );
    await batch.flush();
    if (csv === undefined) {
      const { frames, badCrc, unknown, discardedBytes } = parser.stats;
      await write(
        io.stdout,
        JSON.stringify({ summary: { frames, badCrc, unknown, discardedBytes } }) + '\n',
      );
    }
    return 0;
  },
};

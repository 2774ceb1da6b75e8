// `sigil decode FILE`: every good frame of a capture as JSON Lines.

import { createCodec } from '../../main/mavlink/ardupilotmega';
import { frameToJson } from '../../main/mavlink/frame-json';
import { parseCommandLine, UsageError, write, type Command } from './command';
import { parseCapture, parseFormat } from './capture';

export const decodeCommand: Command = {
  name: 'decode',
  summary: 'print the frames of a raw capture or tlog as JSON Lines',
  help: `Usage: sigil decode FILE [--format raw|tlog]

Reads a raw byte capture or a tlog and prints one JSON object per good frame,
in order, then a summary line:
  {"t":<tlog microseconds>,"version":2,"seq":..,"sysid":..,"compid":..,
   "msgid":..,"name":"HEARTBEAT","signed":false,"fields":{...}}
  {"summary":{"frames":..,"badCrc":..,"unknown":..,"discardedBytes":..}}
"name" and "fields" are absent for message ids the dialect does not know;
64-bit integers are printed as decimal strings, NaN and infinities as null.

Options:
  --format raw|tlog   the file's format (default: detected from its first bytes)
  -h, --help          show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(args, { format: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE');
    const format = parseFormat(values.format);
    const codec = createCodec();
    let lines: string[] = [];
    const { parser } = await parseCapture(
      positionals[0]!,
      format,
      codec,
      (frame, timeUs) => {
        lines.push(JSON.stringify(frameToJson(codec, frame, timeUs)));
      },
      async () => {
        if (lines.length === 0) return;
        const text = lines.join('\n') + '\n';
        lines = [];
        await write(io.stdout, text);
      },
    );
    const { frames, badCrc, unknown, discardedBytes } = parser.stats;
    await write(
      io.stdout,
      JSON.stringify({ summary: { frames, badCrc, unknown, discardedBytes } }) + '\n',
    );
    return 0;
  },
};

// `sigil sign IN OUT`: signs every MAVLink 2 frame of a capture with one
// key, link id and a run of timestamps, keeping everything else.

import { open, rename, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createCodec } from '../../main/mavlink/ardupilotmega';
import type { FrameView } from '../../main/mavlink/frame';
import { tlogRecord } from '../../main/logs/tlog';
import { FrameMac } from '../../main/signing/frame-mac';
import { signFrame } from '../../main/signing/sign';
import { recoverCrcExtra, withSignatureBlock } from '../../main/signing/signature-block';
import { MAX_TIMESTAMP } from '../../main/signing/timestamp';
import { CliError, parseCommandLine, UsageError, write, type Command } from './command';
import { parseCapture, parseFormat } from './capture';
import { KEY_HELP, KEY_OPTIONS, keyFromOptions, requireWhole } from './signing-options';

interface SignCounts {
  frames: number;
  signed: number;
  resigned: number;
  v1PassedThrough: number;
  damagedPassedThrough: number;
}

export const signCommand: Command = {
  name: 'sign',
  summary: 'sign the MAVLink 2 frames of a raw capture or tlog',
  help: `Usage: sigil sign IN OUT (--key HEX | --passphrase P) --link-id N --timestamp T
                  [--kdf sha256|qgc] [--format raw|tlog]

Writes every good frame of IN to OUT, in order and in the same format (a tlog
keeps its record times), with every MAVLink 2 frame signed: the first with
timestamp T, each next one with the next timestamp. Sequence numbers, ids
and payloads stay as they are; frames already signed are signed again.
MAVLink 1 frames cannot be signed and pass through unchanged. Setting the
signed flag changes the checksum, which needs the message's CRC_EXTRA; for a
message the dialect does not know it is recovered from the frame's own
checksum, and a frame whose checksum fits no CRC_EXTRA (damaged) passes
through unchanged. Bytes that are not part of a good frame are dropped.
Then prints one summary line:
  {"summary":{"frames":..,"signed":..,"resigned":..,"v1PassedThrough":..,
   "damagedPassedThrough":..,"linkId":..,"firstTimestamp":..,
   "lastTimestamp":..,"format":"raw","badCrc":..,"discardedBytes":..}}

Timestamps count 10 microsecond units since 2015-01-01T00:00:00Z.

Options:
${KEY_HELP}
  --link-id N         the link id to sign with, 0..255
  --timestamp T       the first frame's timestamp, 0..2^48-1
  --format raw|tlog   IN's format (default: detected from its first bytes)
  -h, --help          show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(args, {
      ...KEY_OPTIONS,
      'link-id': { type: 'string' },
      timestamp: { type: 'string' },
      format: { type: 'string' },
    });
    if (positionals.length !== 2) throw new UsageError('expected IN and OUT');
    const [input, output] = positionals as [string, string];
    if (resolve(input) === resolve(output)) {
      throw new UsageError('IN and OUT must be different files');
    }
    const linkId = requireWhole('--link-id', values['link-id'], 0, 255);
    const first = requireWhole('--timestamp', values.timestamp, 0, MAX_TIMESTAMP);
    const format = parseFormat(values.format);
    const key = await keyFromOptions(values);

    const codec = createCodec();
    const mac = new FrameMac(key);
    const counts: SignCounts = {
      frames: 0,
      signed: 0,
      resigned: 0,
      v1PassedThrough: 0,
      damagedPassedThrough: 0,
    };

    // The frame as it goes out: signed if it can be.
    const signed = (frame: FrameView): Uint8Array => {
      if (frame.version === 1) {
        counts.v1PassedThrough++;
        return Uint8Array.from(frame.bytes());
      }
      let bytes: Uint8Array;
      if (frame.signed) {
        bytes = Uint8Array.from(frame.bytes());
        counts.resigned++;
      } else if (frame.def !== undefined || recoverCrcExtra(frame.bytes()) !== undefined) {
        bytes = withSignatureBlock(frame.bytes(), frame.def);
      } else {
        counts.damagedPassedThrough++;
        return Uint8Array.from(frame.bytes());
      }
      const timestamp = first + counts.signed;
      if (timestamp > MAX_TIMESTAMP) {
        throw new CliError(`timestamps ran past 2^48-1 after ${counts.signed} frames`);
      }
      signFrame(mac, bytes, 0, bytes.length, linkId, timestamp);
      counts.signed++;
      return bytes;
    };

    // Written beside OUT and renamed at the end: OUT is complete or untouched.
    // Owner-only: signed frames let anyone test passphrase guesses offline.
    const temp = `${output}.${process.pid}.tmp`;
    let out;
    try {
      out = await open(temp, 'w', 0o600);
    } catch (error) {
      throw new CliError(`cannot write ${output}: ${(error as Error).message}`);
    }
    let pending: Uint8Array[] = [];
    let result;
    try {
      result = await parseCapture(
        input,
        format,
        codec,
        (frame, timeUs) => {
          counts.frames++;
          const bytes = signed(frame);
          pending.push(timeUs === undefined ? bytes : tlogRecord(timeUs, bytes));
        },
        async () => {
          if (pending.length === 0) return;
          const data = Buffer.concat(pending);
          pending = [];
          try {
            await out.write(data);
          } catch (error) {
            throw new CliError(`cannot write ${output}: ${(error as Error).message}`);
          }
        },
      );
      await out.close();
      await rename(temp, output).catch((error: Error) => {
        throw new CliError(`cannot write ${output}: ${error.message}`);
      });
    } catch (error) {
      await out.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw error;
    }

    const { badCrc, discardedBytes } = result.parser.stats;
    const summary = {
      ...counts,
      linkId,
      firstTimestamp: first,
      lastTimestamp: counts.signed === 0 ? null : first + counts.signed - 1,
      format: result.format,
      badCrc,
      discardedBytes,
    };
    await write(io.stdout, JSON.stringify({ summary }) + '\n');
    return 0;
  },
};

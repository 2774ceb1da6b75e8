// `sigil sign IN OUT`: signs every MAVLink 2 frame of a capture with one
// key, link id and a run of timestamps, keeping everything else.

import { open, rename, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createCodec } from '../../main/mavlink/ardupilotmega';
import type { FrameView } from '../../main/mavlink/frame';
import { writeTime } from '../../main/logs/tlog';
import { SIGNATURE_LENGTH } from '../../main/mavlink/frame';
import { TLOG_TIME_LENGTH } from '../../main/mavlink/parser';
import { FrameMac } from '../../main/signing/frame-mac';
import { signFrame } from '../../main/signing/sign';
import { recoverCrcExtra, writeWithSignatureBlock } from '../../main/signing/signature-block';
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
The file is streamed: logs of any size go through in bounded memory. On a
terminal, a progress line shows on stderr. Then prints one summary line:
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

    // Output goes into blocks, each frame written once where it will stay
    // and signed in place; the blocks of one input chunk are written
    // together before the next chunk is read.
    const out = new OutputBlocks();

    /** Writes the frame as it goes out, signed if it can be, at `at`; returns its length. */
    const writeFrame = (frame: FrameView, block: Uint8Array, at: number): number => {
      const bytes = frame.bytes();
      if (frame.version === 1) {
        counts.v1PassedThrough++;
        block.set(bytes, at);
        return bytes.length;
      }
      let length: number;
      if (frame.signed) {
        block.set(bytes, at);
        length = bytes.length;
        counts.resigned++;
      } else if (frame.def !== undefined || recoverCrcExtra(bytes) !== undefined) {
        length = writeWithSignatureBlock(bytes, frame.def, block, at);
      } else {
        counts.damagedPassedThrough++;
        block.set(bytes, at);
        return bytes.length;
      }
      const timestamp = first + counts.signed;
      if (timestamp > MAX_TIMESTAMP) {
        throw new CliError(`timestamps ran past 2^48-1 after ${counts.signed} frames`);
      }
      signFrame(mac, block, at, length, linkId, timestamp);
      counts.signed++;
      return length;
    };

    // Written beside OUT and renamed at the end: OUT is complete or untouched.
    // Owner-only: signed frames let anyone test passphrase guesses offline.
    const temp = `${output}.${process.pid}.tmp`;
    let handle;
    try {
      handle = await open(temp, 'w', 0o600);
    } catch (error) {
      throw new CliError(`cannot write ${output}: ${(error as Error).message}`);
    }
    let result;
    try {
      result = await parseCapture(
        input,
        format,
        codec,
        (frame, timeUs) => {
          counts.frames++;
          const prefix = timeUs === undefined ? 0 : TLOG_TIME_LENGTH;
          const block = out.room(prefix + frame.length + SIGNATURE_LENGTH);
          const at = out.used;
          const length = writeFrame(frame, block, at + prefix);
          if (timeUs !== undefined) writeTime(block, at, timeUs);
          out.used = at + prefix + length;
        },
        async () => {
          const blocks = out.take();
          if (blocks.length === 0) return;
          try {
            await handle.writev(blocks);
          } catch (error) {
            throw new CliError(`cannot write ${output}: ${(error as Error).message}`);
          }
        },
        { stderr: io.stderr, label: 'sigil sign' },
      );
      await handle.close();
      await rename(temp, output).catch((error: Error) => {
        throw new CliError(`cannot write ${output}: ${error.message}`);
      });
    } catch (error) {
      await handle.close().catch(() => undefined);
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

const BLOCK = 256 * 1024;

/** Blocks of output bytes: filled in turn, taken all at once to be written. */
class OutputBlocks {
  private full: Uint8Array[] = [];
  private current = new Uint8Array(BLOCK);
  /** Bytes used in the current block. */
  used = 0;

  /** The block to write `size` more bytes into, at `used`. */
  room(size: number): Uint8Array {
    if (this.used + size > this.current.length) {
      this.full.push(this.current.subarray(0, this.used));
      this.current = new Uint8Array(Math.max(BLOCK, size));
      this.used = 0;
    }
    return this.current;
  }

  /**
   * Everything written so far, as views. The current block is filled again
   * afterwards: write the views out before writing more frames.
   */
  take(): Uint8Array[] {
    const blocks = this.full;
    if (this.used > 0) blocks.push(this.current.subarray(0, this.used));
    this.full = [];
    this.used = 0;
    return blocks;
  }
}

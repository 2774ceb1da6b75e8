// `sigil verify FILE`: runs every good frame of a capture through a fresh
// verifier, as if it arrived on one link, and prints each verdict.

import { createCodec } from '../../main/mavlink/ardupilotmega';
import { SIGNATURE_LENGTH, type FrameView } from '../../main/mavlink/frame';

import { LinkVerifier } from '../../main/signing/link-verifier';
import { DEFAULT_MAX_STREAMS } from '../../main/signing/stream-table';
import { MAX_TIMESTAMP, readTimestamp, wallClockTimestamp } from '../../main/signing/timestamp';
import {
  AllowListError,
  DEFAULT_ALLOWED_UNSIGNED,
  parseAllowList,
  rejectUnsigned,
} from '../../main/signing/unsigned-policy';
import { ReferenceTime } from '../../main/signing/reference';
import { SignatureVerifier } from '../../main/signing/verifier';
import { parseCommandLine, UsageError, write, type Command } from './command';
import { parseCapture, parseFormat } from './capture';
import { TextBatch } from './text-batch';
import {
  FUTURE_HORIZON_HELP,
  FUTURE_HORIZON_OPTIONS,
  KEY_HELP,
  KEY_OPTIONS,
  keyFromOptions,
  parseFutureHorizon,
  parseWhole,
} from './signing-options';

const MAX_STREAMS_LIMIT = 65_536;

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check the signatures and timestamps of a raw capture or tlog',
  help: `Usage: sigil verify FILE (--key HEX | --passphrase P) [--kdf sha256|qgc]
                   [--now T|first] [--max-streams N] [--allow-unsigned LIST]
                   [--future-horizon DURATION] [--format raw|tlog]

Runs every good frame of FILE, in order, through a fresh verifier (as if all
arrived on one link that requires signing) and prints one JSON line per
frame, then a summary:
  {"index":0,"seq":..,"sysid":..,"compid":..,"msgid":..,"signed":true,
   "linkId":..,"timestamp":..,"verdict":"ok"}
  {"summary":{"ok":..,"unsigned-allowed":..,"bad-signature":..,"replay":..,
   "stale":..,"future":..,"too-many-streams":..,"unsigned":..},
   "streams":[{"sysid":..,"compid":..,"linkId":..,"timestamp":..,"accepted":..}],
   "localTimestamp":..}
"linkId" and "timestamp" appear for signed frames only. Verdicts: ok;
unsigned-allowed (unsigned, on the allowed list); bad-signature; replay (a
timestamp not above its stream's last one); stale (a new stream more than
60 s behind the local timestamp); future (more than the future horizon
ahead of it); too-many-streams (a new stream when the table is full of
streams heard within 60 s); unsigned (unsigned and not allowed). The exit
status is 0 whatever the verdicts.

The file is streamed: logs of any size go through in bounded memory. On a
terminal, a progress line shows on stderr.

Timestamps count 10 microsecond units since 2015-01-01T00:00:00Z.

Options:
${KEY_HELP}
  --now T|first       the verifier's local timestamp at the start (default:
                      the wall clock); accepted frames raise it. 'first':
                      the first signed frame's own timestamp. For an old
                      capture (forensics) use --now first, or the time it
                      was recorded: against today's clock every new
                      stream in it is more than 60 s old and reads 'stale'.
                      The default judges a capture as a live link would
                      now, as for one replayed at a vehicle
  --max-streams N     streams the verifier remembers (default ${DEFAULT_MAX_STREAMS})
${FUTURE_HORIZON_HELP}
  --allow-unsigned LIST
                      messages let through unsigned, comma-separated names or
                      ids; '' allows none (default RADIO_STATUS,RADIO)
  --format raw|tlog   the file's format (default: detected from its first bytes)
  -h, --help          show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(args, {
      ...KEY_OPTIONS,
      ...FUTURE_HORIZON_OPTIONS,
      now: { type: 'string' },
      'max-streams': { type: 'string' },
      'allow-unsigned': { type: 'string' },
      format: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE');
    const fromFirst = values.now === 'first';
    let now = fromFirst
      ? undefined
      : (parseWhole('--now', values.now, 0, MAX_TIMESTAMP) ?? wallClockTimestamp());
    const maxStreams =
      parseWhole('--max-streams', values['max-streams'], 1, MAX_STREAMS_LIMIT) ??
      DEFAULT_MAX_STREAMS;
    const futureHorizon = parseFutureHorizon(values['future-horizon']);
    const format = parseFormat(values.format);
    const codec = createCodec();
    let allowed: readonly number[] = DEFAULT_ALLOWED_UNSIGNED;
    if (values['allow-unsigned'] !== undefined) {
      try {
        allowed = parseAllowList(values['allow-unsigned'], codec);
      } catch (error) {
        if (error instanceof AllowListError)
          throw new UsageError(`--allow-unsigned: ${error.message}`);
        throw error;
      }
    }
    const key = await keyFromOptions(values);

    // The reference stands at --now; only accepted frames move it.
    const reference = new ReferenceTime(() => now ?? 0);
    const verifier = new SignatureVerifier({ key, reference, maxStreams, futureHorizon });
    const link = new LinkVerifier(verifier, rejectUnsigned(allowed));

    // Each line written straight from the numbers, as JSON.stringify would.
    let index = 0;
    const batch = new TextBatch(io.stdout);
    const onFrame = (frame: FrameView): void => {
      if (now === undefined && frame.version === 2 && frame.signed) {
        // --now first: the signature block's timestamp, 6 bytes after its link id.
        now = readTimestamp(frame.buffer, frame.offset + frame.length - SIGNATURE_LENGTH + 1);
      }
      const verdict = link.verify(frame);
      const signed = frame.version === 2 && frame.signed;
      const head =
        '{"index":' +
        index++ +
        ',"seq":' +
        frame.seq +
        ',"sysid":' +
        frame.sysid +
        ',"compid":' +
        frame.compid +
        ',"msgid":' +
        frame.msgid +
        ',"signed":' +
        signed;
      const signature = signed
        ? ',"linkId":' + verifier.lastLinkId + ',"timestamp":' + verifier.lastTimestamp
        : '';
      batch.add(head + signature + ',"verdict":"' + verdict + '"}\n');
    };
    await parseCapture(positionals[0]!, format, codec, onFrame, () => batch.flushIfFull(), {
      stderr: io.stderr,
      label: 'sigil verify',
    });
    await batch.flush();
    const summary = {
      summary: link.counts,
      streams: verifier.streams(),
      localTimestamp: verifier.localTimestamp,
    };
    await write(io.stdout, JSON.stringify(summary) + '\n');
    return 0;
  },
};

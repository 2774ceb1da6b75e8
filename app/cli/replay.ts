// `sigil replay FILE --to CONNECTION`: sends a recorded tlog's frames to a
// peer as they were recorded, signatures and all. Replaying a signed capture
// at a vehicle (or a GCS) that enforces signing shows it being rejected.

import { ConnectionError, formatConnection, parseConnection } from '../../main/links/connection';
import { createTransport } from '../../main/links/create-transport';
import { ReplayTransport, type ReplayProgress } from '../../main/links/replay';
import type { LinkState } from '../../main/links/transport';
import { createSerialBinding } from '../../native/serial';
import {
  CliError,
  UsageError,
  interruption,
  parseCommandLine,
  write,
  type Command,
} from './command';

export const replayCommand: Command = {
  name: 'replay',
  summary: 'send the frames of a tlog to a peer at their recorded pace',
  help: `Usage: sigil replay FILE --to CONNECTION [--rate X]

Sends every frame of the tlog FILE, unchanged (signed frames keep their
signatures), to CONNECTION at the pace they were recorded, times X. This is
how to show that a captured signed stream is rejected as a replay.

CONNECTION is as for 'sigil monitor', e.g. udpout:127.0.0.1:14550 or
tcp:127.0.0.1:5760.

Options:
  --to CONNECTION   where to send (required)
  --rate X          speed: 1 is as recorded (default), 10 ten times faster,
                    0 as fast as possible
  -h, --help        show this help

Prints one JSON line when done: {"sent":N,"dropped":N,"frames":N}.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(args, {
      to: { type: 'string' },
      rate: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE');
    if (values.to === undefined) throw new UsageError('--to CONNECTION is required');
    const rateText = values.rate ?? '1';
    const rateNumber = Number(rateText);
    if (rateText.trim() === '' || !Number.isFinite(rateNumber) || rateNumber < 0) {
      throw new UsageError(`--rate must be 0 or a positive number, not '${rateText}'`);
    }
    const rate = rateNumber === 0 ? Infinity : rateNumber;
    let target;
    try {
      target = parseConnection(values.to);
    } catch (error) {
      if (error instanceof ConnectionError) throw new UsageError(error.message);
      throw error;
    }
    if (target.kind === 'tlog') throw new UsageError('--to must be a link, not a tlog file');

    const output = createTransport(target, createSerialBinding());
    let sent = 0;
    let dropped = 0;
    let outputState = { status: 'connecting' } as LinkState;
    let failure: string | undefined;
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));

    const input = new ReplayTransport(
      { kind: 'tlog', path: positionals[0]! },
      {
        rate,
        paused: true,
        onProgress: (p: ReplayProgress) => {
          if (p.done) finished();
        },
      },
    );
    output.start({
      onData: () => {},
      onState: (state) => {
        outputState = state;
        // Start sending once the peer can be reached; frames sent before would be lost.
        if (state.status === 'connected') input.resume();
      },
    });
    input.start({
      onData: (frame) => {
        if (output.write(frame)) sent++;
        else dropped++;
      },
      onState: (state) => {
        if (state.status === 'error') {
          failure = state.message;
          finished();
        }
      },
    });
    const { interrupted, release } = interruption();
    await Promise.race([done, interrupted]);
    release();
    const progress = input.progress();
    await input.close();
    // Let the last datagrams and TCP writes leave before closing the socket.
    await new Promise((r) => setTimeout(r, 100));
    await output.close();
    if (failure !== undefined) throw new CliError(failure);
    if (sent === 0 && outputState.status === 'error') {
      throw new CliError(`${formatConnection(target)}: ${outputState.message}`);
    }
    await write(
      io.stdout,
      JSON.stringify({ sent, dropped, frames: progress?.totalFrames ?? sent + dropped }) + '\n',
    );
    return 0;
  },
};

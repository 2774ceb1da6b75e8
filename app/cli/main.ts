// Entry of the `sigil` command line: picks the subcommand and turns its
// failures into exit codes and one-line messages.

import { bridgeCommand } from './bridge';
import { CliError, UsageError, type Command, type Io } from './command';
import { decodeCommand } from './decode';
import { keyCommand } from './key';
import { missionCommand } from './mission';
import { monitorCommand } from './monitor';
import { replayCommand } from './replay';
import { serveCommand } from './serve';
import { signCommand } from './sign';
import { simCommand } from './sim';
import { tilesCommand } from './tiles';
import { verifyCommand } from './verify';

const COMMANDS: readonly Command[] = [
  decodeCommand,
  keyCommand,
  signCommand,
  verifyCommand,
  monitorCommand,
  missionCommand,
  simCommand,
  replayCommand,
  serveCommand,
  bridgeCommand,
  tilesCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: sigil <command> [options]',
    '',
    'Sigil: a MAVLink ground-control station with message signing.',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'sigil <command> --help' for a command's options.",
    '',
  ].join('\n');
}

export async function run(argv: string[], io: Io = process): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr.write(`sigil: unknown command '${name}'\n\n${overview()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`sigil ${name}: ${error.message}\nRun 'sigil ${name} --help' for usage.\n`);
      return 2;
    }
    if (error instanceof CliError) {
      io.stderr.write(`sigil ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

// `npm run generate:dialect [-- --xml DIR] [-- --out DIR]`: regenerates
// main/mavlink/dialect/ from the MAVLink XML definitions.

import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DefinitionError } from './errors';
import { DEFAULT_OUT_DIR, DEFAULT_XML_DIR, ENTRY_FILE, generateDialect } from './generate';

export const USAGE = `usage: generate-dialect [--xml DIR] [--out DIR]

Reads ${ENTRY_FILE} and everything it includes from DIR and writes the
dialect tables (messages.ts, enums.ts, types.ts, index.ts).

  --xml DIR   MAVLink definitions folder (default: ${DEFAULT_XML_DIR})
  --out DIR   output folder (default: ${DEFAULT_OUT_DIR})
  --help      show this text`;

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
}

interface Options {
  readonly xml: string;
  readonly out: string;
  readonly help: boolean;
}

function parseArgs(args: readonly string[], cwd: string): Options | string {
  let xml = DEFAULT_XML_DIR;
  let out = DEFAULT_OUT_DIR;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg];
    if (flag !== '--xml' && flag !== '--out') return `unknown argument: ${arg}`;
    const value = inline ?? args[++i];
    if (value === undefined || value === '') return `${flag} needs a folder`;
    if (flag === '--xml') xml = path.resolve(cwd, value);
    else out = path.resolve(cwd, value);
  }
  return { xml, out, help };
}

/** Runs the generator; returns the exit code (0 ok, 1 failure, 2 bad usage). */
export function runCli(args: readonly string[], io: CliIo): number {
  const options = parseArgs(args, io.cwd);
  if (typeof options === 'string') {
    io.err(`generate-dialect: ${options}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.out(USAGE);
    return 0;
  }
  if (!existsSync(options.xml) || !statSync(options.xml).isDirectory()) {
    io.err(`generate-dialect: MAVLink XML folder not found: ${options.xml} (use --xml DIR)`);
    return 1;
  }
  try {
    const { dialect, files, sources } = generateDialect(options.xml);
    for (const warning of dialect.warnings) io.err(`generate-dialect: warning: ${warning}`);
    mkdirSync(options.out, { recursive: true });
    for (const file of files) writeFileSync(path.join(options.out, file.name), file.text);
    const relative = path.relative(io.cwd, options.out);
    const where =
      relative.startsWith('..') || path.isAbsolute(relative) ? options.out : relative || '.';
    io.out(
      `generate-dialect: ${dialect.messages.length} messages, ${dialect.enums.length} enums ` +
        `from ${sources.length} XML files -> ${files.length} files in ${where}`,
    );
    return 0;
  } catch (error) {
    // Bad definitions and file-system failures (a read-only --out) get a one-line
    // message; anything else is a bug in the generator and keeps its stack.
    const fsError =
      error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
    if (error instanceof DefinitionError || fsError) {
      io.err(`generate-dialect: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

if (invokedDirectly) {
  process.exitCode = runCli(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    cwd: process.cwd(),
  });
}

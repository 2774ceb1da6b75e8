// The desktop app's own command-line switches, read from process.argv:
//
//   --data-dir=DIR            the data folder (default: Electron's userData)
//   --sim                     start the simulated vehicle once the window is up
//   --link=CONNECTION|none    the link opened at start (default udpin:0.0.0.0:14550)
//   --keep-signatures         keep signed frames' signatures in the flight log
//
// Electron's and Chromium's own switches are in process.argv too (and the
// executable, the app's path): anything not ours is ignored. A malformed
// value of ours is reported as a problem and its default is used: the app
// still starts, without a dialog for something a launcher script got wrong.

import { resolve } from 'node:path';
import { DEFAULT_LINK, type ApiStartOptions } from '../../main/api/service';
import { ConnectionError, parseConnection } from '../../main/links/connection';

export interface AppOptions {
  /** The data folder, absolute; undefined for Electron's userData. */
  dataDir: string | undefined;
  sim: boolean;
  /** The link opened at start; null for none. */
  link: string | null;
  keepSignatures: boolean;
}

export interface ParsedOptions {
  options: AppOptions;
  /** One sentence per malformed switch, each naming the default used instead. */
  problems: string[];
}

export const DEFAULT_OPTIONS: Readonly<AppOptions> = {
  dataDir: undefined,
  sim: false,
  link: DEFAULT_LINK,
  keepSignatures: false,
};

const FLAGS = { '--sim': 'sim', '--keep-signatures': 'keepSignatures' } as const;

/**
 * Our switches from `argv` (process.argv as is); a relative --data-dir is
 * taken from `cwd`. The last of a repeated switch wins, as in Chromium;
 * nothing after `--` is a switch.
 */
export function parseOptions(argv: readonly string[], cwd: string): ParsedOptions {
  const options: AppOptions = { ...DEFAULT_OPTIONS };
  const problems: string[] = [];
  for (const arg of argv) {
    if (arg === '--') break;
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg : arg.slice(0, equals);
    const value = equals < 0 ? undefined : arg.slice(equals + 1);

    if (name === '--sim' || name === '--keep-signatures') {
      const key = FLAGS[name];
      if (value === undefined) {
        options[key] = true;
      } else {
        options[key] = DEFAULT_OPTIONS[key];
        problems.push(`${name} takes no value (got '${arg}'): it is off`);
      }
    } else if (name === '--data-dir') {
      if (value === undefined || value.trim() === '') {
        options.dataDir = DEFAULT_OPTIONS.dataDir;
        problems.push(`--data-dir needs a folder: --data-dir=DIR; using the default data folder`);
      } else {
        options.dataDir = resolve(cwd, value);
      }
    } else if (name === '--link') {
      const problem = linkProblem(value);
      if (problem === null) {
        options.link = value === 'none' ? null : value!.trim();
      } else {
        options.link = DEFAULT_OPTIONS.link;
        problems.push(`--link: ${problem}; opening ${DEFAULT_LINK} instead`);
      }
    }
  }
  return { options, problems };
}

function linkProblem(value: string | undefined): string | null {
  if (value === undefined || value === '') {
    return 'needs a connection or none: --link=CONNECTION or --link=none';
  }
  if (value === 'none') return null;
  try {
    parseConnection(value);
    return null;
  } catch (error) {
    if (error instanceof ConnectionError) return error.message;
    throw error;
  }
}

/** What ApiService.start takes from the switches, with the data folder settled. */
export function serviceOptions(
  options: AppOptions,
  dataDir: string,
  log: (message: string) => void,
): Pick<ApiStartOptions, 'dataDir' | 'defaultLink' | 'gcs'> {
  return {
    dataDir,
    defaultLink: options.link,
    gcs: { keepSignatures: options.keepSignatures, log },
  };
}

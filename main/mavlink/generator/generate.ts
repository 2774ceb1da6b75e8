// XML folder in, file texts out: the whole generator without touching the
// output folder, so the CLI and the "committed files are current" test share it.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDialect, type Dialect } from './build';
import { emitDialect, type EmittedFile } from './emit';
import { loadDefinitions, type ReadText } from './read-xml';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DEFAULT_XML_DIR = path.resolve(REPO_ROOT, '../shared/mavlink-xml');
export const DEFAULT_OUT_DIR = path.resolve(REPO_ROOT, 'main/mavlink/dialect');
export const ENTRY_FILE = 'ardupilotmega.xml';

export interface Generated {
  readonly dialect: Dialect;
  readonly files: readonly EmittedFile[];
  /** Every XML file read, the entry file first. */
  readonly sources: readonly string[];
}

export function generateDialect(
  xmlDir: string,
  entryFile: string = ENTRY_FILE,
  readText?: ReadText,
): Generated {
  const loaded = loadDefinitions(path.join(xmlDir, entryFile), readText);
  const dialect = buildDialect(loaded);
  return {
    dialect,
    files: emitDialect(dialect, entryFile),
    sources: loaded.map((file) => file.file),
  };
}

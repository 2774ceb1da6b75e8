// A fresh folder under the system's temporary folder, for one test's files.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'sigil-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

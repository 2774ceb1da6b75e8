// Where Sigil keeps its data when the shell does not say (Electron passes
// its userData folder): the platform's per-user data folder.

import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'Sigil');
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'Sigil');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'sigil');
}

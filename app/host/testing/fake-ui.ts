// A built-looking user interface in a temporary folder, beside files the
// host must never serve, for the host's tests of what it serves.

import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INDEX_HTML =
  '<!doctype html><title>Sigil</title><script src="./assets/app.js"></script>';
export const APP_JS = 'console.log("sigil");';
export const SECRET = 'not for the browser';

/**
 * A folder holding `ui/` (index.html, assets/app.js, a symbolic link that
 * leads outside) beside `package.json` and `secret.txt`, which must never
 * be served.
 */
export async function fakeUi(): Promise<{ base: string; root: string; remove(): Promise<void> }> {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'sigil-host-')));
  const root = join(base, 'ui');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), INDEX_HTML);
  await writeFile(join(root, 'assets', 'app.js'), APP_JS);
  await writeFile(join(root, 'assets', 'notes.unknownext'), 'x');
  await writeFile(join(base, 'package.json'), JSON.stringify({ secret: SECRET }));
  await writeFile(join(base, 'secret.txt'), SECRET);
  await symlink(join(base, 'secret.txt'), join(root, 'escape.txt'));
  return { base, root, remove: () => rm(base, { recursive: true, force: true }) };
}

// Before any scenario: the user interface the host serves, the command line
// that runs the host (and the desktop app's bundles, where Electron can run)
// must be built from the sources as they are now. `npm test` builds first;
// this catches `npx playwright test` on its own after an edit. (The command
// line would build itself, but then each worker's first host would.)

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build, cliBundle, staleReason } from '../scripts/bundles.mjs';
import { ELECTRON_MAIN, electronBinary } from './support/electron';
import { ROOT } from './support/paths';

/** The newest modification time under `paths` (files and folders, recursively). */
function newest(paths: string[]): number {
  let latest = 0;
  const visit = (path: string): void => {
    const info = statSync(path);
    latest = Math.max(latest, info.mtimeMs);
    if (info.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  for (const path of paths) if (existsSync(join(ROOT, path))) visit(join(ROOT, path));
  return latest;
}

function builtAfterSources(output: string, sources: string[]): boolean {
  const file = join(ROOT, output);
  return existsSync(file) && statSync(file).mtimeMs >= newest(sources);
}

function npmRun(script: string): void {
  execFileSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
}

export default async function globalSetup(): Promise<void> {
  if (!builtAfterSources('out/renderer/index.html', ['renderer', 'vite.config.ts'])) {
    npmRun('build:renderer');
  }
  const cli = cliBundle();
  if (staleReason(cli) !== null) {
    const problems = await build(cli);
    if (problems.length > 0)
      throw new Error(`the command line does not build: ${problems.join('; ')}`);
  }
  const electron = electronBinary();
  if (!electron.ok) {
    // The list reporter shows skipped tests without their reason: say it once here.
    console.log(`e2e: the electron project's scenarios are skipped: ${electron.reason}`);
  } else if (!builtAfterSources(ELECTRON_MAIN, ['app', 'main', 'native', 'scripts/bundles.mjs'])) {
    npmRun('build:electron');
  }
}

// A folder nothing can be written into, for tests of what happens when the
// disk refuses. Permissions stop an ordinary user; the superuser ignores
// them, so for root the folder is also made immutable (chattr +i), which
// stops root too. Where neither works, `makeReadOnly` says so and the test
// that needs it is skipped with that reason.

import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ReadOnlyFolder {
  /** Makes the folder writable again (safe to call twice). */
  restore(): void;
}

function writable(dir: string): boolean {
  const probe = join(dir, '.probe');
  try {
    writeFileSync(probe, '');
  } catch {
    return false;
  }
  rmSync(probe, { force: true });
  return true;
}

function chattr(flag: '+i' | '-i', dir: string): boolean {
  return spawnSync('chattr', [flag, dir], { stdio: 'ignore' }).status === 0;
}

/** Makes `dir` refuse new files; null if this machine cannot (then skip). */
export function makeReadOnly(dir: string): ReadOnlyFolder | null {
  chmodSync(dir, 0o500);
  let immutable = false;
  if (writable(dir)) immutable = chattr('+i', dir);
  const restore = () => {
    if (immutable) chattr('-i', dir);
    immutable = false;
    chmodSync(dir, 0o700);
  };
  if (writable(dir)) {
    restore();
    return null;
  }
  return { restore };
}

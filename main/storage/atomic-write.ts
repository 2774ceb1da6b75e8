// Replacing a small file so that a crash or a power cut leaves the old
// content or the new, never half of either: the data goes to a new file
// beside the target (created owner-only, never an existing file), is
// flushed to disk, renamed over the target, and the folder is flushed so
// the rename itself survives. Every store Sigil keeps (the signing clock,
// the simulated vehicle's state, the desktop key) writes through here.

import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Permissions of the new file. Default 0o600: what Sigil keeps is its owner's alone. */
  mode?: number;
  /** Create the folder (0o700) if it is missing. Default false. */
  createFolder?: boolean;
  /**
   * Asked on the main thread just before the rename; false drops this
   * write (a newer one is already in place). The check and the rename run
   * without a turn of the event loop between them.
   */
  commitIf?: () => boolean;
  /** Told on the main thread right after the rename, before anything else runs. */
  onRenamed?: () => void;
}

const OWNER_ONLY = 0o600;

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Replaces `path` with `data`; true if it was written, false if `commitIf` declined. */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<boolean> {
  const folder = dirname(path);
  if (options.createFolder === true) await mkdir(folder, { recursive: true, mode: 0o700 });
  const temp = tempPathFor(path);
  const file = await open(temp, 'wx', options.mode ?? OWNER_ONLY);
  try {
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    if (!commit(temp, path, options)) return false;
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncFolder(folder);
  return true;
}

/** The same, before returning: for the rare moment a caller may go no further without it. */
export function writeFileAtomicSync(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): boolean {
  const folder = dirname(path);
  if (options.createFolder === true) mkdirSync(folder, { recursive: true, mode: 0o700 });
  const temp = tempPathFor(path);
  const fd = openSync(temp, 'wx', options.mode ?? OWNER_ONLY);
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!commit(temp, path, options)) return false;
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // the write's own error is the one to report
    }
    throw error;
  }
  syncFolderSync(folder);
  return true;
}

// Drops the temp file when declined; throws (temp left for the caller to remove) when the rename fails.
function commit(temp: string, path: string, options: AtomicWriteOptions): boolean {
  if (options.commitIf !== undefined && !options.commitIf()) {
    unlinkSync(temp);
    return false;
  }
  renameSync(temp, path);
  options.onRenamed?.();
  return true;
}

// Makes a rename durable across power loss. Some platforms (Windows) cannot
// open or sync a folder; there the rename is as durable as the system makes
// it, which still survives the process being killed.
async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r').catch(() => undefined);
  if (folder === undefined) return;
  try {
    await folder.sync();
  } catch {
    // best effort, see above
  } finally {
    await folder.close();
  }
}

function syncFolderSync(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // best effort, see syncFolder
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// Reading a small JSON record file that a store keeps across restarts. A
// missing file is an ordinary first run; anything else that stops the
// record being read is a corrupt record, with a reason a person can read,
// and the store carries on without it.

import { readFile } from 'node:fs/promises';

export type JsonRecordRead =
  | { readonly state: 'missing' }
  | { readonly state: 'corrupt'; readonly reason: string }
  | { readonly state: 'parsed'; readonly data: unknown };

/** The words each store reports its failures in. */
export interface JsonRecordReasons {
  /** The file exists but cannot be read: its error code, or the error itself. */
  unreadable(code: string): string;
  notJson: string;
}

const REASONS: JsonRecordReasons = {
  unreadable: (code) => `cannot read: ${code}`,
  notJson: 'not JSON',
};

/** Reads and parses the file; what the data means is the caller's to check. */
export async function readJsonRecord(
  path: string,
  reasons: JsonRecordReasons = REASONS,
): Promise<JsonRecordRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'missing' };
    return { state: 'corrupt', reason: reasons.unreadable(code ?? String(error)) };
  }
  try {
    return { state: 'parsed', data: JSON.parse(text) as unknown };
  } catch {
    return { state: 'corrupt', reason: reasons.notJson };
  }
}

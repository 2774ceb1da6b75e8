// The operator's secrets for remote sessions (protocol/session.ts, part B):
// the server identity key, the authorization key (full control) and the
// optional view key (watch only), from the environment or from a JSON file
// that only its owner can read.

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { MAX_KEY_LENGTH } from '../../protocol/remote/protocol';

export const IDENTITY_KEY_ENV = 'SIGIL_SERVER_IDENTITY_KEY';
export const AUTH_KEY_ENV = 'SIGIL_AUTH_KEY';
export const VIEW_KEY_ENV = 'SIGIL_VIEW_KEY';

/**
 * Shortest key accepted, in characters. The key signature is public and
 * lets anyone test identity-key guesses offline, as fast as they can hash:
 * a short or guessable identity key is no identity at all.
 */
export const MIN_KEY_LENGTH = 16;
const MAX_FILE_BYTES = 64 * 1024;

export interface OperatorKeys {
  serverIdentityKey: string;
  authKey: string;
  viewKey?: string;
}

/** The keys cannot be used; the message says why and what to do. */
export class KeyConfigError extends Error {}

const NAMES: Record<keyof OperatorKeys, string> = {
  serverIdentityKey: 'the server identity key',
  authKey: 'the authorization key',
  viewKey: 'the view key',
};

function checkKey(value: unknown, field: keyof OperatorKeys, where: string): string {
  const name = `${NAMES[field]} (${where})`;
  if (typeof value !== 'string') throw new KeyConfigError(`${name} must be a text`);
  const length = [...value].length;
  if (length < MIN_KEY_LENGTH) {
    throw new KeyConfigError(
      `${name} is too short: at least ${MIN_KEY_LENGTH} characters (random ones, ` +
        'e.g. openssl rand -base64 24)',
    );
  }
  if (length > MAX_KEY_LENGTH) {
    throw new KeyConfigError(`${name} is too long: at most ${MAX_KEY_LENGTH} characters`);
  }
  if (value.trim() !== value) {
    throw new KeyConfigError(`${name} starts or ends with white space (a copy-and-paste slip?)`);
  }
  return value;
}

/** Checks each key and that they differ; `where` names their source in messages. */
export function checkKeys(
  keys: Partial<Record<keyof OperatorKeys, unknown>>,
  where: (field: keyof OperatorKeys) => string,
): OperatorKeys {
  const checked: OperatorKeys = {
    serverIdentityKey: checkKey(
      keys.serverIdentityKey,
      'serverIdentityKey',
      where('serverIdentityKey'),
    ),
    authKey: checkKey(keys.authKey, 'authKey', where('authKey')),
  };
  if (keys.viewKey !== undefined) {
    checked.viewKey = checkKey(keys.viewKey, 'viewKey', where('viewKey'));
  }
  const values = Object.values(checked);
  if (new Set(values).size !== values.length) {
    // The identity key is not a secret kept from the network the way the
    // others are, and one key for two roles would make the role a guess.
    throw new KeyConfigError('the identity, authorization and view keys must all differ');
  }
  return checked;
}

const ENV: Record<keyof OperatorKeys, string> = {
  serverIdentityKey: IDENTITY_KEY_ENV,
  authKey: AUTH_KEY_ENV,
  viewKey: VIEW_KEY_ENV,
};

/**
 * The keys from SIGIL_SERVER_IDENTITY_KEY, SIGIL_AUTH_KEY and
 * SIGIL_VIEW_KEY, or null when none is set (an empty one counts as unset).
 */
export function keysFromEnv(env: NodeJS.ProcessEnv): OperatorKeys | null {
  const read = (name: string) => (env[name] === '' ? undefined : env[name]);
  const identity = read(IDENTITY_KEY_ENV);
  const auth = read(AUTH_KEY_ENV);
  const view = read(VIEW_KEY_ENV);
  if (identity === undefined && auth === undefined && view === undefined) return null;
  if (identity === undefined || auth === undefined) {
    const missing = identity === undefined ? IDENTITY_KEY_ENV : AUTH_KEY_ENV;
    throw new KeyConfigError(
      `remote sessions need both ${IDENTITY_KEY_ENV} and ${AUTH_KEY_ENV}; ${missing} is not set`,
    );
  }
  return checkKeys(
    { serverIdentityKey: identity, authKey: auth, viewKey: view },
    (field) => ENV[field],
  );
}

/**
 * The text of a file that only its owner can read: refused unless it is a
 * regular file owned by this user that nobody else may read or write (mode
 * 0600 or stricter). The checks are made on the open file, so it cannot be
 * swapped between the check and the read.
 */
export async function readPrivateFile(path: string): Promise<string> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KeyConfigError(
      code === 'ENOENT'
        ? `no such file: ${path}`
        : code === 'ELOOP'
          ? `${path} is a symbolic link: give the file itself`
          : `cannot read ${path}: ${(error as Error).message}`,
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new KeyConfigError(`${path} is not a regular file`);
    // Windows has neither owners as numbers nor these mode bits.
    if (typeof process.getuid === 'function') {
      const uid = process.getuid();
      if (info.uid !== uid) {
        throw new KeyConfigError(`${path} belongs to user ${info.uid}, not to this user (${uid})`);
      }
      if ((info.mode & 0o077) !== 0) {
        const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
        throw new KeyConfigError(
          `${path} may be read or written by others (mode ${mode}): chmod 600 ${path}`,
        );
      }
    }
    if (info.size > MAX_FILE_BYTES) throw new KeyConfigError(`${path} is larger than 64 KiB`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** The keys from a JSON file `{ serverIdentityKey, authKey, viewKey? }` only its owner can read. */
export async function readKeyFile(path: string): Promise<OperatorKeys> {
  const text = await readPrivateFile(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KeyConfigError(
      `${path} is not JSON: expected { "serverIdentityKey": "...", "authKey": "...", "viewKey": "..." }`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KeyConfigError(`${path} must hold a JSON object`);
  }
  const unknown = Object.keys(value).filter((k) => !Object.hasOwn(NAMES, k));
  if (unknown.length > 0) {
    throw new KeyConfigError(
      `${path}: unknown field ${unknown[0]} (the fields are serverIdentityKey, authKey, viewKey)`,
    );
  }
  return checkKeys(value, (field) => `${field} in ${path}`);
}

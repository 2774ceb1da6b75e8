import { chmod, chown, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyConfigError, keysFromEnv, readKeyFile } from './operator-keys';

const IDENTITY = 'identity key 0123456789';
const AUTH = 'authorization key 012345';
const VIEW = 'view key 0123456789abcd';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function keyFile(content: unknown, mode = 0o600): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sigil-keys-'));
  dirs.push(dir);
  const path = join(dir, 'keys.json');
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  await chmod(path, mode);
  return path;
}

describe('keys from the environment', () => {
  it('reads the two keys and the optional view key; none set is no remote sessions', () => {
    expect(keysFromEnv({})).toBeNull();
    expect(keysFromEnv({ SIGIL_SERVER_IDENTITY_KEY: '', SIGIL_AUTH_KEY: '' })).toBeNull();
    expect(keysFromEnv({ SIGIL_SERVER_IDENTITY_KEY: IDENTITY, SIGIL_AUTH_KEY: AUTH })).toEqual({
      serverIdentityKey: IDENTITY,
      authKey: AUTH,
    });
    expect(
      keysFromEnv({
        SIGIL_SERVER_IDENTITY_KEY: IDENTITY,
        SIGIL_AUTH_KEY: AUTH,
        SIGIL_VIEW_KEY: VIEW,
      }),
    ).toEqual({ serverIdentityKey: IDENTITY, authKey: AUTH, viewKey: VIEW });
  });

  it.each([
    [{ SIGIL_AUTH_KEY: AUTH }, /SIGIL_SERVER_IDENTITY_KEY is not set/],
    [{ SIGIL_SERVER_IDENTITY_KEY: IDENTITY }, /SIGIL_AUTH_KEY is not set/],
    [{ SIGIL_VIEW_KEY: VIEW }, /need both/],
    [
      { SIGIL_SERVER_IDENTITY_KEY: 'short', SIGIL_AUTH_KEY: AUTH },
      /SIGIL_SERVER_IDENTITY_KEY.*too short/,
    ],
    [{ SIGIL_SERVER_IDENTITY_KEY: IDENTITY, SIGIL_AUTH_KEY: `${AUTH} ` }, /white space/],
    [{ SIGIL_SERVER_IDENTITY_KEY: IDENTITY, SIGIL_AUTH_KEY: 'k'.repeat(257) }, /too long/],
    [{ SIGIL_SERVER_IDENTITY_KEY: AUTH, SIGIL_AUTH_KEY: AUTH }, /must all differ/],
    [
      { SIGIL_SERVER_IDENTITY_KEY: IDENTITY, SIGIL_AUTH_KEY: AUTH, SIGIL_VIEW_KEY: AUTH },
      /must all differ/,
    ],
  ])('refuses %o', (env, message) => {
    expect(() => keysFromEnv(env)).toThrow(KeyConfigError);
    expect(() => keysFromEnv(env)).toThrow(message);
  });
});

describe('keys from a file', () => {
  it('reads a private file', async () => {
    const path = await keyFile({ serverIdentityKey: IDENTITY, authKey: AUTH, viewKey: VIEW });
    expect(await readKeyFile(path)).toEqual({
      serverIdentityKey: IDENTITY,
      authKey: AUTH,
      viewKey: VIEW,
    });
    const strict = await keyFile({ serverIdentityKey: IDENTITY, authKey: AUTH }, 0o400);
    expect(await readKeyFile(strict)).toEqual({ serverIdentityKey: IDENTITY, authKey: AUTH });
  });

  it.each([0o644, 0o640, 0o604, 0o660, 0o606])(
    'refuses mode %o: others may read or write it',
    async (mode) => {
      const path = await keyFile({ serverIdentityKey: IDENTITY, authKey: AUTH }, mode);
      await expect(readKeyFile(path)).rejects.toThrow(
        `may be read or written by others (mode 0${mode.toString(8)}): chmod 600 ${path}`,
      );
    },
  );

  it.runIf(process.getuid?.() === 0)('refuses a file that belongs to another user', async () => {
    const path = await keyFile({ serverIdentityKey: IDENTITY, authKey: AUTH });
    await chown(path, 4242, 4242);
    await expect(readKeyFile(path)).rejects.toThrow('belongs to user 4242');
  });

  it('refuses a symbolic link, a folder, a missing file', async () => {
    const path = await keyFile({ serverIdentityKey: IDENTITY, authKey: AUTH });
    const link = `${path}.link`;
    await symlink(path, link);
    await expect(readKeyFile(link)).rejects.toThrow('is a symbolic link');
    await expect(readKeyFile(join(path, '..'))).rejects.toThrow(KeyConfigError);
    await expect(readKeyFile(`${path}.missing`)).rejects.toThrow('no such file');
  });

  it.each([
    ['not JSON', '{ serverIdentityKey: x', /is not JSON/],
    ['an array', [], /a JSON object/],
    ['a missing key', { serverIdentityKey: IDENTITY }, /the authorization key .* must be a text/],
    [
      'a misspelt field',
      { serverIdentityKey: IDENTITY, authKey: AUTH, viewkey: VIEW },
      /unknown field viewkey/,
    ],
    ['a short key', { serverIdentityKey: IDENTITY, authKey: 'short' }, /authKey in .* too short/],
  ])('refuses %s', async (_, content, message) => {
    const path = await keyFile(content);
    await expect(readKeyFile(path)).rejects.toThrow(message);
  });
});

// The client on its own, against small stand-in servers: it must run in a
// browser (no Node in its imports), say what went wrong in words, and keep
// its proofs within the host's clock window even when its own clock is off.
// The client against the real host is tested in app/host/remote-*.test.ts.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteError, signIn, type RemoteHost } from './client';
import { computeKeySignature, exportPublicKey, generateAgreementKeys } from './crypto';
import { toBase64Url } from './encoding';

const HERE = dirname(fileURLToPath(import.meta.url));
const IDENTITY = 'identity key of the stand-in';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** An HTTP server answering by `handle`; counts requests. */
async function standIn(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    handle(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => server.close(r)));
  const host: RemoteHost = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    openSocket: () => {
      throw new Error('no socket in these tests');
    },
  };
  return { host, seen };
}

function json(res: ServerResponse, status: number, body: unknown, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The modules a file imports for their values (not `import type`), resolved to .ts or .tsx. */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'(\.[^']+)'/gms)) {
    const base = resolve(dirname(file), match[1]!);
    found.push([`${base}.ts`, `${base}.tsx`].find((f) => existsSync(f)) ?? `${base}.ts`);
  }
  return found;
}

/** The value imports of a module, followed through the whole graph. */
function valueGraph(file: string, seen: Set<string>): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const next of valueImports(file)) valueGraph(next, seen);
  return seen;
}

/** The relative imports of a module, followed through the whole graph. */
function moduleGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/from '(\.[^']+)'/g)) {
    moduleGraph(resolve(dirname(file), `${match[1]}.ts`), seen);
  }
  return seen;
}

describe('the client', () => {
  it('runs in a browser: nothing it imports uses Node', () => {
    const files = [...moduleGraph(join(HERE, 'client.ts'))];
    expect(files.map((f) => f.slice(resolve(HERE, '../..').length + 1)).sort()).toEqual([
      'main/api/session.ts',
      'main/remote/client.ts',
      'main/remote/crypto.ts',
      'main/remote/encoding.ts',
      'main/remote/protocol.ts',
      'main/remote/replay-guard.ts',
    ]);
    for (const file of files) {
      const code = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
      expect(code, file).not.toMatch(/from 'node:|require\(|\bBuffer\b|\bprocess\.|NodeJS\./);
    }
  });

  it('runs in the renderer: nothing the renderer takes from main/ at run time uses Node', () => {
    // The renderer may import values from main/remote/, main/api/session and
    // main/api/roles (eslint.config.js); type imports vanish in the build.
    const root = resolve(HERE, '../..');
    const rendererFiles = readdirSync(join(root, 'renderer'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => join(root, 'renderer', f));
    const seen = new Set<string>();
    for (const file of rendererFiles) {
      for (const target of valueImports(file)) {
        if (target.startsWith(join(root, 'main') + sep)) valueGraph(target, seen);
      }
    }
    const names = [...seen].map((f) => f.slice(root.length + 1)).sort();
    expect(names).toContain('main/remote/client.ts');
    for (const name of names)
      expect(name).toMatch(/^main\/(remote\/[\w-]+|api\/(session|roles))\.ts$/);
    for (const file of seen) {
      const code = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
      expect(code, file).not.toMatch(/from 'node:|require\(|\bBuffer\b|\bprocess\.|NodeJS\./);
    }
  });

  it('says the host is unreachable', async () => {
    const { host } = await standIn(() => {});
    const closed = { ...host, baseUrl: 'http://127.0.0.1:1' };
    await expect(signIn(closed, { identityKey: 'x', authKey: 'y' })).rejects.toMatchObject({
      kind: 'unreachable',
    });
  });

  it('says the host does not speak the protocol', async () => {
    const { host } = await standIn((_, res) => json(res, 200, { publicKey: 'nope' }));
    const attempt = signIn(host, { identityKey: 'x', authKey: 'y' });
    await expect(attempt).rejects.toBeInstanceOf(RemoteError);
    await expect(attempt).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('refuses a bad client name before any request', async () => {
    const { host, seen } = await standIn((_, res) => json(res, 404, {}));
    const name = 'n'.repeat(65);
    await expect(
      signIn(host, { identityKey: 'x', authKey: 'y', clientName: name }),
    ).rejects.toThrow(RangeError);
    expect(seen).toEqual([]);
  });

  it('takes the host clock from its Date header when its own is minutes off', async () => {
    const server = await exportPublicKey((await generateAgreementKeys()).publicKey);
    const config = {
      publicKey: toBase64Url(server),
      timeout: 60_000,
      keySignature: await computeKeySignature(IDENTITY, server),
    };
    const { host, seen } = await standIn((req, res) => {
      if (req.method === 'GET') return json(res, 200, config);
      json(res, 200, { status: 200, token: 'tok', role: 'view' });
    });
    const fiveMinutesBehind = () => Date.now() - 5 * 60_000;
    const session = await signIn(
      { ...host, now: fiveMinutesBehind },
      { identityKey: IDENTITY, authKey: 'k' },
    );
    expect(seen).toEqual(['GET /api/handshake/config', 'POST /api/handshake']);
    expect(session.role).toBe('view');
    expect(Math.abs(session.clockOffsetMs - 5 * 60_000)).toBeLessThan(2000);
    const { time } = await session.proof();
    expect(Math.abs(time - Date.now())).toBeLessThan(2000);
    // Proofs made in the same millisecond still grow.
    const [a, b] = await Promise.all([session.proof(), session.proof()]);
    expect(b.time).toBeGreaterThan(a.time);

    // A clock that agrees with the host's is left alone.
    const onTime = await signIn(host, { identityKey: IDENTITY, authKey: 'k' });
    expect(onTime.clockOffsetMs).toBe(0);
  });
});

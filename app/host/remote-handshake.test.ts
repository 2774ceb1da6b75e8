// The remote handshake over real HTTP on 127.0.0.1: the key signature the
// client checks before anything secret leaves it, the encrypted sign-in,
// and every way a sign-in is refused (403 wrong, undecryptable or
// malformed; 429 after too many wrong keys; 404 without the secrets).

import { afterEach, describe, expect, it } from 'vitest';
import { ApiService } from '../../main/api/service';
import {
  CONTROL_ROLE,
  HANDSHAKE_CONFIG_PATH,
  HANDSHAKE_PATH,
  VIEW_ROLE,
} from '../../protocol/session';
import { tempDir } from '../../main/testing/temp-dir';
import { IDENTITY_MISMATCH, RemoteError, signIn } from '../../protocol/remote/client';
import {
  computeKeySignature,
  exportPublicKey,
  generateAgreementKeys,
  generateProofKeys,
} from '../../protocol/remote/crypto';
import { fromBase64Url, randomBytes, toBase64Url } from '../../protocol/remote/encoding';
import { KEYS, handshakeBody, remoteHost, signInAs, type Cleanup } from './testing/remote-sessions';
import { startHost } from './server';
import { fakeUi } from './testing/fake-ui';
import { rawRequest } from './testing/raw-clients';

const cleanup: Cleanup = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function config(port: number) {
  const answer = await rawRequest(port, HANDSHAKE_CONFIG_PATH);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body) as { publicKey: string; timeout: number; keySignature: string };
}

function post(port: number, body: string, headers: Record<string, string> = {}) {
  return rawRequest(port, HANDSHAKE_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
}

async function handshake(port: number, plaintext: string, serverKey?: Uint8Array) {
  return (await handshakeBody(port, plaintext, serverKey)).body;
}

const secrets = (authKey: string, extra: object = {}) =>
  JSON.stringify({
    authKey,
    sharedKey: toBase64Url(randomBytes(32)),
    clientName: 'hand made',
    ...extra,
  });

describe('GET /api/handshake/config', () => {
  it('gives the public key, the timeout and a key signature the identity key reproduces', async () => {
    const { port } = await remoteHost(cleanup, { timeoutMs: 123_000 });
    const answer = await rawRequest(port, HANDSHAKE_CONFIG_PATH);
    expect(answer.headers['cache-control']).toBe('no-store');
    const { publicKey, timeout, keySignature } = await config(port);
    const raw = fromBase64Url(publicKey, 65)!;
    expect(raw[0]).toBe(4);
    expect(timeout).toBe(123_000);
    expect(keySignature).toBe(await computeKeySignature(KEYS.serverIdentityKey, raw));
  });

  it('has a fresh server key at every start', async () => {
    const first = await remoteHost(cleanup);
    const second = await remoteHost(cleanup);
    expect((await config(first.port)).publicKey).not.toBe((await config(second.port)).publicKey);
  });
});

describe('signing in', () => {
  it('gives a control session for the authorization key and a view session for the view key', async () => {
    const { client, running } = await remoteHost(cleanup);
    const control = await signInAs(client);
    expect(control.role).toBe(CONTROL_ROLE);
    expect(fromBase64Url(control.token, 32)).not.toBeNull();
    const view = await signInAs(client, KEYS.viewKey);
    expect(view.role).toBe(VIEW_ROLE);
    expect(running.remote?.sessionCount).toBe(2);
  });

  it('stops at a wrong identity key before sending anything: no handshake reaches the host', async () => {
    const { client, running } = await remoteHost(cleanup);
    const attempt = signIn(client, {
      identityKey: 'not the identity key at all',
      authKey: KEYS.authKey,
    });
    await expect(attempt).rejects.toThrow(IDENTITY_MISMATCH);
    await expect(attempt).rejects.toMatchObject({ kind: 'identity' });
    expect(running.remote?.handshakeAttempts).toBe(0);
    expect(running.remote?.sessionCount).toBe(0);
  });

  it('refuses a wrong authorization key with 403, and after five in a minute with 429', async () => {
    const { client, port } = await remoteHost(cleanup);
    for (let i = 0; i < 5; i++) {
      const attempt = signInAs(client, `wrong key number ${i} here`);
      await expect(attempt).rejects.toMatchObject({
        kind: 'refused',
        message: 'wrong authorization key',
      });
    }
    // Locked out: even the right key is refused now, before it is decrypted.
    const locked = signInAs(client);
    await expect(locked).rejects.toBeInstanceOf(RemoteError);
    await expect(locked).rejects.toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 60 });
    const raw = await post(port, JSON.stringify(await handshake(port, secrets(KEYS.authKey))));
    expect(raw.status).toBe(429);
    expect(raw.headers['retry-after']).toBe('60');
    expect(JSON.parse(raw.body)).toEqual({ status: 429, reason: expect.stringContaining('60 s') });
  });

  it('answers a handshake with the right key, made by hand, 200 with a token and role', async () => {
    const { port } = await remoteHost(cleanup);
    const answer = await post(port, JSON.stringify(await handshake(port, secrets(KEYS.authKey))));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      status: 200,
      token: expect.any(String),
      role: CONTROL_ROLE,
    });
  });

  it('refuses a handshake encrypted to another server key (a man in the middle) with 403', async () => {
    const { port, running } = await remoteHost(cleanup);
    const other = await generateAgreementKeys();
    const body = await handshake(
      port,
      secrets(KEYS.authKey),
      await exportPublicKey(other.publicKey),
    );
    const answer = await post(port, JSON.stringify(body));
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({
      status: 403,
      reason: expect.stringContaining('could not be decrypted'),
    });
    expect(running.remote?.sessionCount).toBe(0);
  });

  it('refuses undecryptable handshakes: altered ciphertext, iv or verify key', async () => {
    const { port } = await remoteHost(cleanup);
    const good = await handshake(port, secrets(KEYS.authKey));
    const flip = (text: string) => {
      const bytes = fromBase64Url(text)!;
      bytes[bytes.length - 1]! ^= 1;
      return toBase64Url(bytes);
    };
    const otherVerifyKey = toBase64Url(
      await exportPublicKey((await generateProofKeys()).publicKey),
    );
    for (const body of [
      { ...good, ciphertext: flip(good.ciphertext) },
      { ...good, iv: toBase64Url(randomBytes(12)) },
      // The verify key is the AAD: swapping in another is caught.
      { ...good, verifyKey: otherVerifyKey },
    ]) {
      const answer = await post(port, JSON.stringify(body));
      expect(answer.status).toBe(403);
      expect(answer.body).toContain('could not be decrypted');
    }
  });

  it('refuses malformed handshakes with 403 and a reason', async () => {
    const { port, running } = await remoteHost(cleanup);
    const good = await handshake(port, secrets(KEYS.authKey));
    const offCurve = new Uint8Array(65).fill(1);
    offCurve[0] = 4;
    const cases: [string, string, Record<string, string>?][] = [
      ['not JSON', '{"clientKey":'],
      ['JSON null', 'null'],
      ['missing fields', JSON.stringify({ clientKey: good.clientKey })],
      ['a short iv', JSON.stringify({ ...good, iv: toBase64Url(randomBytes(8)) })],
      ['an off-curve key', JSON.stringify({ ...good, clientKey: toBase64Url(offCurve) })],
      ['an unknown field', JSON.stringify({ ...good, extra: 'x' })],
      ['plain text', JSON.stringify(good), { 'Content-Type': 'text/plain' }],
      [
        'secrets that are not JSON',
        JSON.stringify(await handshake(port, 'authKey=' + KEYS.authKey)),
      ],
      [
        'a short shared key',
        JSON.stringify(
          await handshake(port, secrets(KEYS.authKey, { sharedKey: toBase64Url(randomBytes(16)) })),
        ),
      ],
      [
        'a name with control characters',
        JSON.stringify(await handshake(port, secrets(KEYS.authKey, { clientName: 'a\u001b[2Jb' }))),
      ],
    ];
    for (const [what, body, headers] of cases) {
      const answer = await post(port, body, headers);
      expect(answer.status, what).toBe(403);
      expect(JSON.parse(answer.body), what).toEqual({ status: 403, reason: expect.any(String) });
    }
    expect(running.remote?.sessionCount).toBe(0);
    // Malformed is not a wrong key: the address is not locked out by it.
    expect((await post(port, JSON.stringify(good))).status).toBe(200);
  });

  it('refuses a handshake from a page of another origin, a GET, and a body over 16 KiB', async () => {
    const { port } = await remoteHost(cleanup);
    const body = JSON.stringify(await handshake(port, secrets(KEYS.authKey)));
    expect((await post(port, body, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await rawRequest(port, HANDSHAKE_PATH)).status).toBe(405);
    expect(
      (await rawRequest(port, HANDSHAKE_CONFIG_PATH, { method: 'POST', body: 'x' })).status,
    ).toBe(405);
    expect((await post(port, JSON.stringify({ pad: 'x'.repeat(17_000) }))).status).toBe(413);
    expect((await post(port, body, { Origin: `http://127.0.0.1:${port}` })).status).toBe(200);
  });
});

describe('without the secrets', () => {
  it('answers the handshake endpoints 404, and the client says remote sign-in is off', async () => {
    const ui = await fakeUi();
    cleanup.push(() => ui.remove());
    const service = await ApiService.start({
      dataDir: tempDir('sigil-remote-'),
      defaultLink: null,
    });
    cleanup.push(() => service.close());
    const running = await startHost({ service, root: ui.root, host: '127.0.0.1', port: 0 });
    cleanup.push(() => running.close('over'));
    expect(running.remote).toBeNull();
    for (const path of [HANDSHAKE_CONFIG_PATH, HANDSHAKE_PATH, '/api/session/check']) {
      const answer = await rawRequest(running.port, path);
      expect(answer.status).toBe(404);
      expect(answer.body).toContain('SIGIL_AUTH_KEY');
    }
    const attempt = signIn(
      { baseUrl: `http://127.0.0.1:${running.port}`, openSocket: () => undefined as never },
      { identityKey: KEYS.serverIdentityKey, authKey: KEYS.authKey },
    );
    await expect(attempt).rejects.toMatchObject({ kind: 'refused' });
  });
});

describe('many wrong keys at once', () => {
  it('get no more than five compared before the lockout', async () => {
    const { port } = await remoteHost(cleanup);
    const bodies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => handshake(port, secrets(`wrong key number ${i} here`))),
    );
    const answers = await Promise.all(bodies.map((b) => post(port, JSON.stringify(b))));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 403)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });
});

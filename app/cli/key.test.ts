import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { run } from './main';
import { captureIo } from './testing/captured-io';

async function sigil(...args: string[]) {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('sigil key', () => {
  it('derive prints the SHA-256 key of the passphrase and its fingerprint', async () => {
    const { code, out } = await sigil('key', 'derive', '--passphrase', 'sigil');
    expect(code).toBe(0);
    const json = JSON.parse(out) as { key: string; fingerprint: string };
    expect(Object.keys(json)).toEqual(['key', 'fingerprint']);
    expect(json.key).toBe(createHash('sha256').update('sigil').digest('hex'));
    expect(json.fingerprint).toMatch(/^[0-9a-f]{4}(:[0-9a-f]{4}){3}$/);
  });

  it('derive --kdf qgc gives a different key for the same passphrase', async () => {
    const sha = JSON.parse((await sigil('key', 'derive', '--passphrase', 'sigil')).out);
    const qgc = JSON.parse(
      (await sigil('key', 'derive', '--passphrase', 'sigil', '--kdf', 'qgc')).out,
    );
    expect(qgc.key).toMatch(/^[0-9a-f]{64}$/);
    expect(qgc.key).not.toBe(sha.key);
  });

  it('generate prints a fresh 64-hex-digit key each time', async () => {
    const first = JSON.parse((await sigil('key', 'generate')).out) as { key: string };
    const second = JSON.parse((await sigil('key', 'generate')).out) as { key: string };
    expect(first.key).toMatch(/^[0-9a-f]{64}$/);
    expect(first.key).not.toBe(second.key);
  });

  it('exits 2 for an empty passphrase, saying so', async () => {
    const { code, err } = await sigil('key', 'derive', '--passphrase', '');
    expect(code).toBe(2);
    expect(err).toContain('the passphrase is empty');
  });

  it('exits 2 for an unknown derivation or action', async () => {
    expect((await sigil('key', 'derive', '--passphrase', 'x', '--kdf', 'md5')).code).toBe(2);
    expect((await sigil('key', 'rotate')).err).toContain("unknown action 'rotate'");
  });
});

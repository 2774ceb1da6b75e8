// The WebCrypto side of the protocol against a second implementation made
// here with node:crypto's classic API straight from the description in
// protocol/session.ts: if both agree, the description is what the code does.

import {
  createDecipheriv,
  createECDH,
  createHmac,
  createPublicKey,
  hkdfSync,
  verify,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  computeKeySignature,
  decryptSecrets,
  encryptSecrets,
  exportPublicKey,
  frameMac,
  frameMacMatches,
  generateAgreementKeys,
  generateProofKeys,
  handshakeKey,
  importAgreementKey,
  importMacKey,
  importVerifyKey,
  signProof,
} from '../../protocol/remote/crypto';
import { fromBase64Url, randomBytes, toBase64Url } from '../../protocol/remote/encoding';

const IDENTITY = 'the field computer by the radio';

describe('base64url', () => {
  it('is spelled as Node spells it, at every length', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    }
  });
});

describe('the key signature', () => {
  it('is HMAC-SHA-256(identity key, "sigil-server-key-v1" ‖ raw public key), base64url', async () => {
    const publicKey = createECDH('prime256v1');
    publicKey.generateKeys();
    const raw = publicKey.getPublicKey();
    expect(raw).toHaveLength(65);
    const expected = createHmac('sha256', Buffer.from(IDENTITY, 'utf8'))
      .update('sigil-server-key-v1')
      .update(raw)
      .digest('base64url');
    expect(await computeKeySignature(IDENTITY, new Uint8Array(raw))).toBe(expected);
    expect(await computeKeySignature(`${IDENTITY}!`, new Uint8Array(raw))).not.toBe(expected);
  });
});

describe('the handshake encryption', () => {
  it('decrypts with ECDH + HKDF-SHA-256 + AES-256-GCM as described', async () => {
    const server = createECDH('prime256v1');
    server.generateKeys();
    const serverKey = new Uint8Array(server.getPublicKey());

    const agreement = await generateAgreementKeys();
    const proof = await generateProofKeys();
    const clientKey = await exportPublicKey(agreement.publicKey);
    const verifyKey = await exportPublicKey(proof.publicKey);
    const key = await handshakeKey(
      agreement.privateKey,
      await importAgreementKey(serverKey),
      clientKey,
      serverKey,
    );
    const iv = randomBytes(12);
    const secrets = {
      authKey: 'fly safely please',
      sharedKey: toBase64Url(randomBytes(32)),
      clientName: 'tablet',
    };
    const ciphertext = await encryptSecrets(key, iv, verifyKey, secrets);

    const secret = server.computeSecret(Buffer.from(clientKey));
    const aesKey = Buffer.from(
      hkdfSync(
        'sha256',
        secret,
        Buffer.from('sigil-handshake-v1'),
        Buffer.concat([clientKey, serverKey]),
        32,
      ),
    );
    const decipher = createDecipheriv('aes-256-gcm', aesKey, iv);
    decipher.setAAD(verifyKey);
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
    const plain = Buffer.concat([
      decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
      decipher.final(),
    ]);
    expect(JSON.parse(plain.toString('utf8'))).toEqual(secrets);
  });

  it('does not decrypt with another AAD, iv or key', async () => {
    const a = await generateAgreementKeys();
    const b = await generateAgreementKeys();
    const aRaw = await exportPublicKey(a.publicKey);
    const bRaw = await exportPublicKey(b.publicKey);
    const key = await handshakeKey(a.privateKey, b.publicKey, aRaw, bRaw);
    const iv = randomBytes(12);
    const aad = randomBytes(65);
    const secrets = { authKey: 'k'.repeat(20), sharedKey: 'x', clientName: '' };
    const ciphertext = await encryptSecrets(key, iv, aad, secrets);
    // The other side derives the same key.
    const same = await handshakeKey(b.privateKey, a.publicKey, aRaw, bRaw);
    expect(JSON.parse((await decryptSecrets(same, iv, aad, ciphertext))!)).toEqual(secrets);
    expect(await decryptSecrets(same, iv, randomBytes(65), ciphertext)).toBeNull();
    expect(await decryptSecrets(same, randomBytes(12), aad, ciphertext)).toBeNull();
    // The info binds both public keys: swapped, the key differs.
    const swapped = await handshakeKey(b.privateKey, a.publicKey, bRaw, aRaw);
    expect(await decryptSecrets(swapped, iv, aad, ciphertext)).toBeNull();
    const flipped = ciphertext.slice();
    flipped[0]! ^= 1;
    expect(await decryptSecrets(same, iv, aad, flipped)).toBeNull();
  });

  it('refuses a public key that is not a point of P-256', async () => {
    const offCurve = new Uint8Array(65).fill(1);
    offCurve[0] = 4;
    await expect(importAgreementKey(offCurve)).rejects.toThrow();
    await expect(importVerifyKey(offCurve)).rejects.toThrow();
  });
});

describe('session proofs', () => {
  it('are ECDSA P-256 SHA-256 signatures in P1363 form over the proof text', async () => {
    const keys = await generateProofKeys();
    const raw = await exportPublicKey(keys.publicKey);
    const publicKey = createPublicKey({
      format: 'jwk',
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: toBase64Url(raw.subarray(1, 33)),
        y: toBase64Url(raw.subarray(33)),
      },
    });
    const token = 'T0kEn';
    const time = 1_700_000_000_123;
    const signature = fromBase64Url(await signProof(keys.privateKey, token, time), 64)!;
    expect(signature).not.toBeNull();
    const check = (text: string) =>
      verify('sha256', Buffer.from(text), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
    expect(check(`sigil-session-v1\n${token}\n${time}`)).toBe(true);
    expect(check(`sigil-session-v1\n${token}\n${time + 1}`)).toBe(false);
  });
});

describe('frame MACs', () => {
  it('are HMAC-SHA-256(shared key, direction \\n seq \\n packet JSON), base64url', async () => {
    const shared = randomBytes(32);
    const key = await importMacKey(shared);
    const json = JSON.stringify({ packetId: 'a', packetType: 'links.list' });
    const expected = createHmac('sha256', shared).update(`c2s\n7\n${json}`).digest('base64url');
    expect(await frameMac(key, 'c2s', 7, json)).toBe(expected);
    const mac = fromBase64Url(expected, 32)!;
    expect(await frameMacMatches(key, 'c2s', 7, json, mac)).toBe(true);
    expect(await frameMacMatches(key, 's2c', 7, json, mac)).toBe(false);
    expect(await frameMacMatches(key, 'c2s', 8, json, mac)).toBe(false);
  });
});

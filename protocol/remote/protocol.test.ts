import { describe, expect, it } from 'vitest';
import { toBase64Url } from './encoding';
import {
  frameMacText,
  parseHandshakeConfig,
  parseHandshakeRequest,
  parseHandshakeSecrets,
  parseProofTime,
  parseSealedFrame,
  proofText,
  sealedFrameText,
} from './protocol';

const MAC = toBase64Url(new Uint8Array(32).fill(7));
const KEY = toBase64Url(Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : i)));

describe('the signed and MACed texts', () => {
  it('are spelled as protocol/session.ts says', () => {
    expect(proofText('tok', 1700000000000)).toBe('sigil-session-v1\ntok\n1700000000000');
    expect(frameMacText('s2c', 12, '{"a":1}')).toBe('s2c\n12\n{"a":1}');
  });
});

describe('sealed frames', () => {
  it('parse back to the packet and the very JSON that was MACed', () => {
    const packets = [
      { packetId: 'p1', packetType: 'params.set', sysid: 1, compid: 1, name: 'X', value: -0.1 },
      { packetType: 'statustext', entry: { text: 'é \u2028 "quoted" \\ \ud800' } },
      { 2: 'integer keys come first', b: [1, { c: null }], a: 1e21, z: -0 },
    ];
    for (const packet of packets) {
      const json = JSON.stringify(packet);
      const opened = parseSealedFrame(sealedFrameText(MAC, 5, json));
      expect(opened).not.toBeNull();
      expect(opened!.packetJson).toBe(json);
      expect(opened!.seq).toBe(5);
    }
  });

  it.each([
    ['not JSON', '{"mac":'],
    ['an array', '[]'],
    ['no mac', `{"seq":1,"packet":{}}`],
    ['a short mac', `{"mac":"${MAC.slice(2)}","seq":1,"packet":{}}`],
    ['seq 0', `{"mac":"${MAC}","seq":0,"packet":{}}`],
    ['a fractional seq', `{"mac":"${MAC}","seq":1.5,"packet":{}}`],
    ['a seq as text', `{"mac":"${MAC}","seq":"1","packet":{}}`],
    ['a packet that is a string', `{"mac":"${MAC}","seq":1,"packet":"{}"}`],
    ['an extra field', `{"mac":"${MAC}","seq":1,"packet":{},"more":1}`],
  ])('refuses %s', (_, text) => {
    expect(parseSealedFrame(text)).toBeNull();
  });
});

describe('proof times', () => {
  it('are whole milliseconds, from a header or a number', () => {
    expect(parseProofTime('1700000000000')).toBe(1700000000000);
    expect(parseProofTime(1700000000000)).toBe(1700000000000);
    for (const bad of ['', '-1', '1e12', '17000000000000000', ' 1', 1.5, -1, null, '0x10']) {
      expect(parseProofTime(bad)).toBeNull();
    }
  });
});

describe('handshake messages', () => {
  const good = {
    clientKey: KEY,
    verifyKey: KEY,
    iv: toBase64Url(new Uint8Array(12)),
    ciphertext: toBase64Url(new Uint8Array(40)),
  };

  it('take exactly the four fields with their sizes', () => {
    expect(typeof parseHandshakeRequest(good)).toBe('object');
    expect(parseHandshakeRequest({ ...good, clientKey: KEY.slice(1) })).toMatch(/clientKey/);
    expect(parseHandshakeRequest({ ...good, verifyKey: 'x' })).toMatch(/verifyKey/);
    expect(parseHandshakeRequest({ ...good, iv: toBase64Url(new Uint8Array(16)) })).toMatch(/iv/);
    expect(parseHandshakeRequest({ ...good, ciphertext: '' })).toMatch(/ciphertext/);
    expect(parseHandshakeRequest({ ...good, extra: 1 })).toMatch(/unknown fields/);
    expect(parseHandshakeRequest(null)).toMatch(/object/);
    const compressed = toBase64Url(Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 2 : i)));
    expect(parseHandshakeRequest({ ...good, clientKey: compressed })).toMatch(/clientKey/);
  });

  it('secrets: a key, a 32-byte shared key, a short printable name', () => {
    const shared = toBase64Url(new Uint8Array(32));
    const ok = parseHandshakeSecrets({ authKey: 'k', sharedKey: shared, clientName: 'Tablet 1' });
    expect(ok).toMatchObject({ authKey: 'k', clientName: 'Tablet 1' });
    const bad = [
      { authKey: '', sharedKey: shared, clientName: '' },
      { authKey: 'k'.repeat(257), sharedKey: shared, clientName: '' },
      { authKey: 'k', sharedKey: toBase64Url(new Uint8Array(31)), clientName: '' },
      { authKey: 'k', sharedKey: shared, clientName: 'n'.repeat(65) },
      { authKey: 'k', sharedKey: shared, clientName: 'line\u001b[2Jbreak' },
      { authKey: 'k', sharedKey: shared },
      { authKey: 'k', sharedKey: shared, clientName: '', more: 1 },
    ];
    for (const value of bad) expect(typeof parseHandshakeSecrets(value)).toBe('string');
  });

  it('config: a public key, a key signature and a positive timeout', () => {
    const config = { publicKey: KEY, keySignature: MAC, timeout: 600_000 };
    expect(parseHandshakeConfig(config)).toEqual(config);
    expect(parseHandshakeConfig({ ...config, timeout: 0 })).toBeNull();
    expect(parseHandshakeConfig({ ...config, keySignature: 'x' })).toBeNull();
    expect(parseHandshakeConfig({ ...config, publicKey: MAC })).toBeNull();
  });
});

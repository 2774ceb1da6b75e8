// The remote-session protocol's cryptography through WebCrypto
// (`globalThis.crypto.subtle`), which browsers and Node both have: the
// server's key signature, the handshake's key agreement and encryption,
// session proofs and frame MACs. The host uses these for the handshake; it
// checks proofs and MACs with node:crypto, synchronously, against the same
// texts (protocol/remote/protocol.ts).

import type { FrameDirection, HandshakeSecrets } from '../session';
import { copy, toBase64Url, utf8, type Bytes } from './encoding';
import {
  frameMacText,
  handshakeInfo,
  handshakeSalt,
  keySignatureInput,
  proofText,
} from './protocol';

type Subtle = typeof globalThis.crypto.subtle;
/** A WebCrypto key, named without the DOM's or Node's global type (neither is in both). */
export type Key = Awaited<ReturnType<Subtle['importKey']>>;
export interface KeyPair {
  publicKey: Key;
  privateKey: Key;
}

const subtle = (): Subtle => globalThis.crypto.subtle;
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const HMAC = { name: 'HMAC', hash: 'SHA-256' } as const;

/** b64u(HMAC-SHA-256(identity key, KEY_SIGNATURE_LABEL ‖ server public key)). */
export async function computeKeySignature(
  identityKey: string,
  serverPublicKey: Uint8Array,
): Promise<string> {
  const key = await subtle().importKey('raw', utf8(identityKey), HMAC, false, ['sign']);
  return toBase64Url(
    new Uint8Array(await subtle().sign('HMAC', key, keySignatureInput(serverPublicKey))),
  );
}

/** A fresh ECDH P-256 pair; the private key cannot be exported. */
export async function generateAgreementKeys(): Promise<KeyPair> {
  return (await subtle().generateKey(ECDH, false, ['deriveBits'])) as KeyPair;
}

/** A fresh ECDSA P-256 pair for session proofs; the private key cannot be exported. */
export async function generateProofKeys(): Promise<KeyPair> {
  return (await subtle().generateKey(ECDSA, false, ['sign', 'verify'])) as KeyPair;
}

export async function exportPublicKey(key: Key): Promise<Bytes> {
  return new Uint8Array(await subtle().exportKey('raw', key));
}

/** Imports a peer's raw ECDH public key; rejects a point that is not on the curve. */
export function importAgreementKey(raw: Bytes): Promise<Key> {
  return subtle().importKey('raw', raw, ECDH, true, []);
}

/** Imports a client's raw ECDSA public key; rejects a point that is not on the curve. */
export function importVerifyKey(raw: Bytes): Promise<Key> {
  return subtle().importKey('raw', raw, ECDSA, true, ['verify']);
}

/**
 * The handshake's AES-256-GCM key: HKDF-SHA-256 of the ECDH shared secret,
 * salt HANDSHAKE_SALT, info = client key ‖ server key (raw bytes).
 */
export async function handshakeKey(
  ownPrivateKey: Key,
  peerPublicKey: Key,
  clientKey: Uint8Array,
  serverKey: Uint8Array,
): Promise<Key> {
  const secret = await subtle().deriveBits(
    { name: 'ECDH', public: peerPublicKey },
    ownPrivateKey,
    256,
  );
  const base = await subtle().importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: handshakeSalt(),
      info: handshakeInfo(clientKey, serverKey),
    },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function encryptSecrets(
  key: Key,
  iv: Bytes,
  verifyKey: Bytes,
  secrets: HandshakeSecrets,
): Promise<Bytes> {
  const plaintext = utf8(JSON.stringify(secrets));
  return new Uint8Array(
    await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: verifyKey }, key, plaintext),
  );
}

/** The plaintext, or null when the ciphertext, its tag, the iv or the AAD do not match the key. */
export async function decryptSecrets(
  key: Key,
  iv: Bytes,
  verifyKey: Bytes,
  ciphertext: Bytes,
): Promise<string | null> {
  try {
    const plain = await subtle().decrypt(
      { name: 'AES-GCM', iv, additionalData: verifyKey },
      key,
      ciphertext,
    );
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    return null;
  }
}

/** A session proof's signature: b64u(ECDSA P-256 SHA-256, P1363) over proofText. */
export async function signProof(privateKey: Key, token: string, time: number): Promise<string> {
  const signature = await subtle().sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    privateKey,
    utf8(proofText(token, time)),
  );
  return toBase64Url(new Uint8Array(signature));
}

export function importMacKey(sharedKey: Uint8Array): Promise<Key> {
  return subtle().importKey('raw', copy(sharedKey), HMAC, false, ['sign', 'verify']);
}

export async function frameMac(
  key: Key,
  direction: FrameDirection,
  seq: number,
  packetJson: string,
): Promise<string> {
  const mac = await subtle().sign('HMAC', key, utf8(frameMacText(direction, seq, packetJson)));
  return toBase64Url(new Uint8Array(mac));
}

/** Whether `mac` is right for the frame (WebCrypto's verify compares in constant time). */
export function frameMacMatches(
  key: Key,
  direction: FrameDirection,
  seq: number,
  packetJson: string,
  mac: Bytes,
): Promise<boolean> {
  return subtle().verify('HMAC', key, mac, utf8(frameMacText(direction, seq, packetJson)));
}

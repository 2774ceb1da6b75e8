// The remote-session protocol's texts and shapes (protocol/session.ts
// describes it): what gets signed or MACed, byte for byte, and the checks a
// received message passes before anything looks inside it. Pure and shared
// by the browser client and the host, so both build the same bytes.

import {
  HANDSHAKE_SALT,
  KEY_SIGNATURE_LABEL,
  MAX_CLIENT_NAME,
  PROOF_LABEL,
  type FrameDirection,
  type HandshakeConfig,
  type HandshakeSecrets,
} from '../session';
import { concatBytes, fromBase64Url, utf8, type Bytes } from './encoding';

/** A raw, uncompressed P-256 public key: 0x04, then X and Y. */
export const PUBLIC_KEY_BYTES = 65;
export const IV_BYTES = 12;
export const SHARED_KEY_BYTES = 32;
/** An IEEE P1363 P-256 signature: r and s, 32 bytes each. */
export const SIGNATURE_BYTES = 64;
export const MAC_BYTES = 32;
/** AES-GCM's tag, appended to the ciphertext. */
export const TAG_BYTES = 16;
/** Longest authorization key accepted, in characters. */
export const MAX_KEY_LENGTH = 256;
/** Longest token accepted from a client (ours are 43 characters). */
export const MAX_TOKEN_LENGTH = 128;
/** Largest ciphertext a handshake may carry (its plaintext is a few hundred bytes). */
export const MAX_CIPHERTEXT_BYTES = 4096;

export function keySignatureInput(serverPublicKey: Uint8Array): Bytes {
  return concatBytes(utf8(KEY_SIGNATURE_LABEL), serverPublicKey);
}

export const handshakeSalt = (): Bytes => utf8(HANDSHAKE_SALT);

export function handshakeInfo(clientKey: Uint8Array, serverKey: Uint8Array): Bytes {
  return concatBytes(clientKey, serverKey);
}

/** The text a session proof signs. */
export function proofText(token: string, time: number): string {
  return `${PROOF_LABEL}\n${token}\n${time}`;
}

/** The text a frame's mac covers; `packetJson` is JSON.stringify of the packet. */
export function frameMacText(direction: FrameDirection, seq: number, packetJson: string): string {
  return `${direction}\n${seq}\n${packetJson}`;
}

/** A sealed frame's text, around a packet already in JSON. */
export function sealedFrameText(mac: string, seq: number, packetJson: string): string {
  return `{"mac":${JSON.stringify(mac)},"seq":${seq},"packet":${packetJson}}`;
}

export interface OpenedFrame {
  mac: Bytes;
  seq: number;
  packet: Record<string, unknown>;
  /**
   * JSON.stringify of the packet as parsed: what the mac must cover. For a
   * packet the sender stringified, parsing and stringifying again gives the
   * same text, and what a receiver acts on is exactly what was MACed.
   */
  packetJson: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A received frame's parts, or null when it is not a sealed frame. */
export function parseSealedFrame(text: string): OpenedFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isPlainObject(value)) return null;
  const { mac, seq, packet } = value;
  const macBytes = fromBase64Url(mac, MAC_BYTES);
  if (macBytes === null || !Number.isSafeInteger(seq) || (seq as number) < 1) return null;
  if (!isPlainObject(packet) || Object.keys(value).length !== 3) return null;
  return { mac: macBytes, seq: seq as number, packet, packetJson: JSON.stringify(packet) };
}

/** A proof time: a whole number of milliseconds, from a header's text or a JSON number. */
export function parseProofTime(value: unknown): number | null {
  if (typeof value === 'string') {
    if (!/^[0-9]{1,16}$/.test(value)) return null;
    value = Number(value);
  }
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : null;
}

export function parseHandshakeConfig(value: unknown): HandshakeConfig | null {
  if (!isPlainObject(value)) return null;
  const { publicKey, timeout, keySignature } = value;
  if (fromBase64Url(publicKey, PUBLIC_KEY_BYTES) === null) return null;
  if (fromBase64Url(keySignature, MAC_BYTES) === null) return null;
  if (!Number.isSafeInteger(timeout) || (timeout as number) <= 0) return null;
  return {
    publicKey: publicKey as string,
    timeout: timeout as number,
    keySignature: keySignature as string,
  };
}

export interface DecodedHandshake {
  clientKey: Bytes;
  verifyKey: Bytes;
  iv: Bytes;
  ciphertext: Bytes;
}

/** The handshake body's bytes, or a reason it is malformed. */
export function parseHandshakeRequest(value: unknown): DecodedHandshake | string {
  if (!isPlainObject(value)) return 'the handshake must be a JSON object';
  const clientKey = fromBase64Url(value.clientKey, PUBLIC_KEY_BYTES);
  const verifyKey = fromBase64Url(value.verifyKey, PUBLIC_KEY_BYTES);
  const iv = fromBase64Url(value.iv, IV_BYTES);
  const ciphertext = fromBase64Url(value.ciphertext);
  if (clientKey === null || clientKey[0] !== 4) {
    return 'clientKey must be a raw P-256 public key (65 bytes, base64url)';
  }
  if (verifyKey === null || verifyKey[0] !== 4) {
    return 'verifyKey must be a raw P-256 public key (65 bytes, base64url)';
  }
  if (iv === null) return 'iv must be 12 bytes, base64url';
  if (
    ciphertext === null ||
    ciphertext.length <= TAG_BYTES ||
    ciphertext.length > MAX_CIPHERTEXT_BYTES
  ) {
    return 'ciphertext must be base64url, with its tag, at most 4096 bytes';
  }
  if (Object.keys(value).length !== 4) return 'the handshake has unknown fields';
  return { clientKey, verifyKey, iv, ciphertext };
}

// C0 and C1 controls, and the line and paragraph separators: a name is
// printed in the operator's terminal and must not move its cursor.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The decrypted secrets, or a reason they are malformed. */
export function parseHandshakeSecrets(
  value: unknown,
): (HandshakeSecrets & { shared: Bytes }) | string {
  if (!isPlainObject(value)) return 'the secrets must be a JSON object';
  const { authKey, sharedKey, clientName } = value;
  if (typeof authKey !== 'string' || authKey.length === 0 || [...authKey].length > MAX_KEY_LENGTH) {
    return `authKey must be a text of 1 to ${MAX_KEY_LENGTH} characters`;
  }
  const shared = fromBase64Url(sharedKey, SHARED_KEY_BYTES);
  if (shared === null) return 'sharedKey must be 32 bytes, base64url';
  if (typeof clientName !== 'string' || !isClientName(clientName)) {
    return `clientName must be a text of at most ${MAX_CLIENT_NAME} characters, without control characters`;
  }
  if (Object.keys(value).length !== 3) return 'the secrets have unknown fields';
  return { authKey, sharedKey: sharedKey as string, clientName, shared };
}

/** Whether a client name is acceptable (the same rule the host applies). */
export function isClientName(name: string): boolean {
  return [...name].length <= MAX_CLIENT_NAME && !CONTROL_CHARACTERS.test(name);
}

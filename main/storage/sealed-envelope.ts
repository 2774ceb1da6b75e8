// A secret sealed for the disk: AES-256-GCM under a 32-byte key, in a small
// JSON envelope that names what sealed it (so a refusal can say what is
// needed to open it) and carries the key-derivation settings. The envelope's
// header is authenticated with the data: altering any field fails the open.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const ENVELOPE_FORMAT = 'sigil-sealed';
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What holds the key an envelope was sealed with. */
export type SealedBy = 'operator-secret' | 'secret-service';

export interface Envelope {
  readonly sealedBy: SealedBy;
  /** Settings a key is derived with (operator secret: scrypt and its salt). */
  readonly kdf?: Readonly<Record<string, string | number>>;
  /** Which secret-service entry holds the key (secret service). */
  readonly entry?: string;
}

/** Thrown when an envelope cannot be read or opened; the message is for a person. */
export class SealError extends Error {}

interface Stored extends Envelope {
  format: string;
  version: number;
  iv: string;
  data: string;
  tag: string;
}

function header(envelope: Envelope): Buffer {
  const { sealedBy, kdf, entry } = envelope;
  return Buffer.from(
    JSON.stringify({ format: ENVELOPE_FORMAT, version: VERSION, sealedBy, kdf, entry }),
  );
}

export function seal(key: Uint8Array, envelope: Envelope, plain: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(header(envelope));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const stored: Stored = {
    format: ENVELOPE_FORMAT,
    version: VERSION,
    ...envelope,
    iv: iv.toString('base64'),
    data: data.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
  return Buffer.from(JSON.stringify(stored) + '\n');
}

/** The envelope's header, before any key is at hand (to choose how to get it). */
export function readEnvelope(bytes: Uint8Array): Envelope {
  let stored: Partial<Stored>;
  try {
    stored = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<Stored>;
  } catch {
    throw new SealError('it is not a sealed Sigil file');
  }
  if (typeof stored !== 'object' || stored === null || stored.format !== ENVELOPE_FORMAT) {
    throw new SealError('it is not a sealed Sigil file');
  }
  if (stored.version !== VERSION)
    throw new SealError(`unknown sealed format ${String(stored.version)}`);
  if (stored.sealedBy !== 'operator-secret' && stored.sealedBy !== 'secret-service') {
    throw new SealError('it does not say what sealed it');
  }
  return {
    sealedBy: stored.sealedBy,
    ...(stored.kdf === undefined ? {} : { kdf: stored.kdf }),
    ...(stored.entry === undefined ? {} : { entry: stored.entry }),
  };
}

/** The plain text, or a SealError when the key is wrong or the file was altered. */
export function open(key: Uint8Array, bytes: Uint8Array, wrongKey: string): string {
  const envelope = readEnvelope(bytes);
  const stored = JSON.parse(Buffer.from(bytes).toString('utf8')) as Stored;
  const iv = Buffer.from(String(stored.iv), 'base64');
  const tag = Buffer.from(String(stored.tag), 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new SealError('the sealed file is damaged');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(header(envelope));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([
      decipher.update(Buffer.from(String(stored.data), 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SealError(wrongKey);
  }
}

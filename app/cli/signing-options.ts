// Options the signing commands share: the key (--key or --passphrase with
// --kdf) and whole numbers in a range. Anything wrong is a usage error that
// says what was wrong.

import {
  KeyError,
  PASSPHRASE_KDFS,
  deriveKey,
  keyFromHex,
  type PassphraseKdf,
  type SigningKey,
} from '../../main/signing/key';
import { UsageError } from './command';

export const KEY_OPTIONS = {
  key: { type: 'string' },
  passphrase: { type: 'string' },
  kdf: { type: 'string' },
} as const;

// Both options show in the process list; these commands are for captures
// and tests, not for keys that guard a flying vehicle.
export const KEY_HELP = `  --key HEX           the key as 64 hex digits
  --passphrase P      the key from a passphrase
  --kdf sha256|qgc    how a passphrase becomes a key: sha256 (MAVProxy,
                      Mission Planner; default) or qgc (QGroundControl)
                      Note: other users of this machine can see --key and
                      --passphrase in the process list.`;

export function parseKdf(value: string | undefined): PassphraseKdf {
  if (value === undefined) return 'sha256';
  if ((PASSPHRASE_KDFS as readonly string[]).includes(value)) return value as PassphraseKdf;
  throw new UsageError(`--kdf must be 'sha256' or 'qgc', not '${value}'`);
}

export async function keyFromOptions(values: {
  key?: string;
  passphrase?: string;
  kdf?: string;
}): Promise<SigningKey> {
  const kdf = parseKdf(values.kdf);
  if (values.key !== undefined && values.passphrase !== undefined) {
    throw new UsageError('give either --key or --passphrase, not both');
  }
  try {
    if (values.key !== undefined) {
      if (values.kdf !== undefined) throw new UsageError('--kdf applies to --passphrase only');
      return keyFromHex(values.key);
    }
    if (values.passphrase !== undefined) return await deriveKey(values.passphrase, kdf);
  } catch (error) {
    if (error instanceof KeyError) throw new UsageError(error.message);
    throw error;
  }
  throw new UsageError('a key is needed: give --key HEX or --passphrase P');
}

/** A whole number in [min, max] from an option's text; undefined stays undefined. */
export function parseWhole(
  option: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const number = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new UsageError(`${option} must be a whole number from ${min} to ${max}, not '${value}'`);
  }
  return number;
}

/** Like parseWhole, for an option that must be given. */
export function requireWhole(
  option: string,
  value: string | undefined,
  min: number,
  max: number,
): number {
  const number = parseWhole(option, value, min, max);
  if (number === undefined) throw new UsageError(`${option} is required`);
  return number;
}

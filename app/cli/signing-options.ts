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
import { UNITS_PER_SECOND } from '../../main/signing/timestamp';
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

export const FUTURE_HORIZON_OPTIONS = { 'future-horizon': { type: 'string' } } as const;

export const FUTURE_HORIZON_HELP = `  --future-horizon DURATION
                      refuse signed frames further ahead of the local time
                      than this, as 'future': 90s, 10m, 24h, 7d (default 24h)`;

const SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const MAX_HORIZON_S = 365 * SECONDS.d;

/** --future-horizon in timestamp units (10 microseconds); undefined stays undefined. */
export function parseFutureHorizon(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{1,9})(s|m|h|d)?$/.exec(value.trim());
  const unit = (match?.[2] ?? 's') as keyof typeof SECONDS;
  const seconds = match === null ? NaN : Number(match[1]) * SECONDS[unit];
  if (!(seconds >= 1 && seconds <= MAX_HORIZON_S)) {
    throw new UsageError(
      `--future-horizon must be a duration from 1s to 365d, such as 90s, 10m, 24h or 7d, not '${value}'`,
    );
  }
  return seconds * UNITS_PER_SECOND;
}

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

/**
 * How a command signs the link it opens, from --key/--passphrase and
 * --require-signing: the key, if one is given, and whether frames must be
 * signed (which needs a key).
 */
export async function linkSigning(values: {
  key?: string;
  passphrase?: string;
  kdf?: string;
  'require-signing'?: boolean;
}): Promise<{ key: SigningKey | null; require: boolean }> {
  const key =
    values.key === undefined && values.passphrase === undefined
      ? null
      : await keyFromOptions(values);
  const require = values['require-signing'] === true;
  if (require && key === null) {
    throw new UsageError('--require-signing needs --key or --passphrase');
  }
  return { key, require };
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

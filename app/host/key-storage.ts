// Where `sigil serve` keeps the signing key between runs: sealed in the
// data folder (signing-key.enc) with a secret the operator gives at start
// (SIGIL_KEY_SECRET or --key-secret-file), or else with a sealing key kept
// by the system's secret service. Loaded before any link opens, so the
// first frames and telemetry requests go out signed.

import { resolve } from 'node:path';
import { secretEntry } from '../../native/secret-service';
import { KeyStore, type Encryptor } from '../../main/storage/key-store';
import { operatorSecretEncryptor } from '../../main/storage/operator-secret';
import { SealError } from '../../main/storage/sealed-envelope';
import { secretServiceEncryptor } from '../../main/storage/secret-service-sealer';
import { KeyConfigError, readPrivateFile } from './operator-keys';

export const KEY_SECRET_ENV = 'SIGIL_KEY_SECRET';

export interface KeyStorage {
  readonly store: KeyStore;
  /** What seals keys at rest (also the simulated vehicle's); null: nothing can. */
  readonly sealer: Encryptor | null;
  /** For the operator: how the key is kept, or why it is not. */
  readonly description: string;
}

export interface KeyStorageOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** --key-secret-file: a private file holding the secret. */
  secretFile?: string;
}

/** The secret-service entry for one data folder: another folder is another Sigil. */
export function sealingEntryName(dataDir: string): string {
  return `signing-key sealing key for ${resolve(dataDir)}`;
}

/** Throws KeyConfigError for a bad secret or file; never reaches the secret service needlessly. */
export async function keyStorage(options: KeyStorageOptions): Promise<KeyStorage> {
  const fromEnv = options.env[KEY_SECRET_ENV];
  if (fromEnv !== undefined && options.secretFile !== undefined) {
    throw new KeyConfigError(`give ${KEY_SECRET_ENV} or --key-secret-file, not both`);
  }
  let secret: { text: string; source: string } | undefined;
  if (fromEnv !== undefined) secret = { text: fromEnv, source: KEY_SECRET_ENV };
  if (options.secretFile !== undefined) {
    const text = (await readPrivateFile(options.secretFile)).replace(/\r?\n$/, '');
    secret = { text, source: options.secretFile };
  }
  if (secret !== undefined) {
    let sealer: Encryptor;
    try {
      sealer = operatorSecretEncryptor(secret.text, secret.source);
    } catch (error) {
      if (error instanceof SealError) throw new KeyConfigError(error.message);
      throw error;
    }
    return {
      store: new KeyStore(options.dataDir, sealer),
      sealer,
      description: `the signing key is kept sealed with the secret in ${secret.source}`,
    };
  }
  const entry = secretEntry(sealingEntryName(options.dataDir));
  const sealer = secretServiceEncryptor(entry);
  let problem: string | undefined;
  try {
    await entry.read();
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const notKept =
    `the signing key is used until sigil serve stops but not kept, as nothing here can seal it ` +
    `(${(problem ?? '').replace(/^the secret service cannot be used: /, 'secret service: ')}). ` +
    `Give ${KEY_SECRET_ENV} or --key-secret-file, or run a secret service (GNOME Keyring) in ` +
    'this session';
  return problem === undefined
    ? {
        store: new KeyStore(options.dataDir, sealer),
        sealer,
        description: "the signing key is kept sealed by the system's secret service",
      }
    : { store: new KeyStore(options.dataDir, sealer, notKept), sealer: null, description: notKept };
}

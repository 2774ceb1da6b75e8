// What the simulated vehicle keeps across restarts, like a flight
// controller's storage: the signing key, the signing timestamp and the
// mission, geofence and rally points. One JSON
// file, replaced atomically, readable by its owner only. The key is sealed
// as the GCS's own is (main/storage/key-store.ts); with nothing to seal it,
// it is not written at all. A file of the first version (the key in plain
// hex) is still read, and the next save replaces it.

import { join } from 'node:path';
import { writeFileAtomic } from '../storage/atomic-write';
import { readJsonRecord } from '../storage/json-record';
import { keyFromHex, type SigningKey } from '../signing/key';
import type { Encryptor } from '../storage/key-store';
import { isTimestamp } from '../signing/timestamp';
import { formatPlans, parsePlans, type StoredPlans } from './stored-plans';

export const STATE_FILE = 'sim-state.json';
const FORMAT_VERSION = 2;
const PLAIN_PREFIX = 'sigil-sim-key-v1:';

export interface SimState {
  /** The signing key, or undefined when signing is off. */
  readonly key: SigningKey | undefined;
  /** The highest signing timestamp used or accepted. */
  readonly timestamp: number;
  /** The plans; a state saved before the sim kept them has none. */
  readonly missions?: StoredPlans;
}

export type StateLoad =
  /** `problem`: a sealed key that could not be opened (the vehicle starts without it). */
  | { readonly state: 'restored'; readonly value: SimState; readonly problem?: string }
  | { readonly state: 'missing' }
  | { readonly state: 'corrupt'; readonly reason: string };

export class SimStateStore {
  readonly path: string;
  private saving: Promise<void> = Promise.resolve();
  /** The last key sealed and its sealed form: sealing may be slow, saves are frequent. */
  private sealed: { key: SigningKey; text: string } | undefined;

  constructor(
    readonly dir: string,
    /** What seals the key; without one the key is not kept. */
    private readonly sealer?: Encryptor,
  ) {
    this.path = join(dir, STATE_FILE);
  }

  /** Whether a key is kept across restarts. */
  get keepsKey(): boolean {
    return this.sealer !== undefined;
  }

  async load(): Promise<StateLoad> {
    const read = await readJsonRecord(this.path, {
      unreadable: (code) => `cannot read ${this.path}: ${code}`,
      notJson: 'the state file is not JSON',
    });
    if (read.state !== 'parsed') return read;
    let parsed: ParsedState;
    try {
      parsed = parseState(read.data);
    } catch (error) {
      return { state: 'corrupt', reason: describe(error) };
    }
    const { timestamp, key, sealedKey, missions } = parsed;
    const kept = { timestamp, ...(missions === undefined ? {} : { missions }) };
    if (sealedKey === undefined) return { state: 'restored', value: { key, ...kept } };
    if (this.sealer === undefined || !(await this.sealer.isAvailable())) {
      const problem = 'its signing key is sealed and nothing here can open it';
      return { state: 'restored', value: { key: undefined, ...kept }, problem };
    }
    try {
      const { text } = await this.sealer.decrypt(Buffer.from(sealedKey, 'base64'));
      if (!text.startsWith(PLAIN_PREFIX)) throw new Error('unknown format');
      const opened = keyFromHex(text.slice(PLAIN_PREFIX.length));
      this.sealed = { key: opened, text: sealedKey };
      return { state: 'restored', value: { key: opened, ...kept } };
    } catch (error) {
      const problem = `its signing key could not be opened: ${describe(error)}`;
      return { state: 'restored', value: { key: undefined, ...kept }, problem };
    }
  }

  /** Saves, after any save already under way (an older state never lands last). */
  save(state: SimState): Promise<void> {
    const next = this.saving.then(async () => this.write(await this.format(state)));
    // The chain continues past a failed save; the caller sees the failure.
    this.saving = next.catch(() => undefined);
    return next;
  }

  private async write(text: string): Promise<void> {
    await writeFileAtomic(this.path, text, { createFolder: true });
  }

  private async format(state: SimState): Promise<string> {
    let sealedKey: string | null = null;
    const key = state.key;
    if (key !== undefined && this.sealer !== undefined && (await this.sealer.isAvailable())) {
      if (this.sealed === undefined || !this.sealed.key.equals(key)) {
        const data = await this.sealer.encrypt(PLAIN_PREFIX + key.exportHex());
        this.sealed = { key, text: Buffer.from(data).toString('base64') };
      }
      sealedKey = this.sealed.text;
    }
    const record = {
      version: FORMAT_VERSION,
      sealedKey,
      timestamp: state.timestamp,
      ...(state.missions === undefined ? {} : { missions: formatPlans(state.missions) }),
    };
    return JSON.stringify(record, null, 2) + '\n';
  }
}

interface ParsedState {
  timestamp: number;
  /** A plain key, from a version 1 file. */
  key: SigningKey | undefined;
  sealedKey: string | undefined;
  missions: StoredPlans | undefined;
}

function parseState(data: unknown): ParsedState {
  const record = data as {
    version?: unknown;
    key?: unknown;
    sealedKey?: unknown;
    timestamp?: unknown;
    missions?: unknown;
  } | null;
  if (
    typeof record !== 'object' ||
    record === null ||
    (record.version !== 1 && record.version !== 2)
  ) {
    throw new Error(`the state file is not a version 1 or ${FORMAT_VERSION} sim state`);
  }
  const { key, sealedKey, timestamp } = record;
  if (typeof timestamp !== 'number' || !isTimestamp(timestamp)) {
    throw new Error('the state file has no valid signing timestamp');
  }
  const missions = record.missions === undefined ? undefined : parsePlans(record.missions);
  if (record.version === 1) {
    if (key !== null && typeof key !== 'string') throw new Error('the state file has a bad key');
    const plain = key === null ? undefined : keyFromHex(key);
    return { timestamp, key: plain, sealedKey: undefined, missions };
  }
  if (sealedKey !== null && typeof sealedKey !== 'string') {
    throw new Error('the state file has a bad sealed key');
  }
  return { timestamp, key: undefined, sealedKey: sealedKey ?? undefined, missions };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// What the simulated vehicle keeps across restarts, like a flight
// controller's storage: the signing key, the signing timestamp and its
// mission, geofence and rally points. One JSON file, replaced atomically,
// readable by its owner only since it holds the key.

import { join } from 'node:path';
import { writeFileAtomic } from '../storage/atomic-write';
import { readJsonRecord } from '../storage/json-record';
import { keyFromHex, type SigningKey } from '../signing/key';
import { isTimestamp } from '../signing/timestamp';
import { formatPlans, parsePlans, type StoredPlans } from './stored-plans';

export const STATE_FILE = 'sim-state.json';
const FORMAT_VERSION = 1;

export interface SimState {
  /** The signing key, or undefined when signing is off. */
  readonly key: SigningKey | undefined;
  /** The highest signing timestamp used or accepted. */
  readonly timestamp: number;
  /** The plans; a state saved before the sim kept them has none. */
  readonly missions?: StoredPlans;
}

export type StateLoad =
  | { readonly state: 'restored'; readonly value: SimState }
  | { readonly state: 'missing' }
  | { readonly state: 'corrupt'; readonly reason: string };

export class SimStateStore {
  readonly path: string;
  private saving: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {
    this.path = join(dir, STATE_FILE);
  }

  async load(): Promise<StateLoad> {
    const read = await readJsonRecord(this.path, {
      unreadable: (code) => `cannot read ${this.path}: ${code}`,
      notJson: 'the state file is not JSON',
    });
    if (read.state !== 'parsed') return read;
    try {
      return { state: 'restored', value: parseState(read.data) };
    } catch (error) {
      return { state: 'corrupt', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Saves, after any save already under way (an older state never lands last). */
  save(state: SimState): Promise<void> {
    const text = formatState(state);
    const next = this.saving.then(() => this.write(text));
    // The chain continues past a failed save; the caller sees the failure.
    this.saving = next.catch(() => undefined);
    return next;
  }

  private async write(text: string): Promise<void> {
    await writeFileAtomic(this.path, text, { createFolder: true });
  }
}

function formatState(state: SimState): string {
  const record = {
    version: FORMAT_VERSION,
    key: state.key?.exportHex() ?? null,
    timestamp: state.timestamp,
    ...(state.missions === undefined ? {} : { missions: formatPlans(state.missions) }),
  };
  return JSON.stringify(record, null, 2) + '\n';
}

function parseState(data: unknown): SimState {
  const record = data as {
    version?: unknown;
    key?: unknown;
    timestamp?: unknown;
    missions?: unknown;
  } | null;
  if (typeof record !== 'object' || record === null || record.version !== FORMAT_VERSION) {
    throw new Error(`the state file is not a version ${FORMAT_VERSION} sim state`);
  }
  const { key, timestamp } = record;
  if (typeof timestamp !== 'number' || !isTimestamp(timestamp)) {
    throw new Error('the state file has no valid signing timestamp');
  }
  if (key !== null && typeof key !== 'string') throw new Error('the state file has a bad key');
  const missions = record.missions === undefined ? {} : { missions: parsePlans(record.missions) };
  return { key: key === null ? undefined : keyFromHex(key), timestamp, ...missions };
}

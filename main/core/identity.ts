// The ground station's own MAVLink identity, chosen once per data folder and
// kept there: its system id, its component id, and where its links' signing
// link ids start. A vehicle keys signing streams by (sysid, compid, link id),
// so two operators who share a broker (or a radio) must never share all
// three: the second would be a replay of the first. Each also sees the
// other's heartbeats as a peer only when their (sysid, compid) differ.
//
// The system id stays 255 (what autopilots take as their GCS by default:
// ArduPilot's failsafe and RC overrides listen to it). The component id is
// drawn from the ids MAVLink leaves to private use (MAV_COMP_ID_USER1..75),
// and the link id base from 0..255, so that two data folders rarely meet.
// A person may edit the file (identity.json) to choose.

import { randomInt } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface GcsIdentity {
  readonly sysid: number;
  readonly compid: number;
  /** Link N signs with link id (linkIdBase + N) mod 256. */
  readonly linkIdBase: number;
}

export const IDENTITY_FILE = 'identity.json';
export const DEFAULT_GCS_SYSID = 255;
/** MAV_COMP_ID_USER1..MAV_COMP_ID_USER75. */
export const GCS_COMPID_RANGE = { min: 25, max: 99 } as const;

/** A fresh identity: system 255, a private-use component id, a random link id base. */
export function newIdentity(random: (min: number, max: number) => number = randomInt): GcsIdentity {
  return {
    sysid: DEFAULT_GCS_SYSID,
    compid: random(GCS_COMPID_RANGE.min, GCS_COMPID_RANGE.max + 1),
    linkIdBase: random(0, 256),
  };
}

function whole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** The identity a file holds, or why it holds none. */
export function parseIdentity(text: string): GcsIdentity | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'it is not JSON';
  }
  const v = value as Partial<Record<keyof GcsIdentity, unknown>> | null;
  if (v === null || typeof v !== 'object') return 'it is not a JSON object';
  if (!whole(v.sysid, 1, 255)) return 'sysid must be a whole number from 1 to 255';
  if (!whole(v.compid, 1, 255)) return 'compid must be a whole number from 1 to 255';
  if (!whole(v.linkIdBase, 0, 255)) return 'linkIdBase must be a whole number from 0 to 255';
  return { sysid: v.sysid, compid: v.compid, linkIdBase: v.linkIdBase };
}

/**
 * The identity kept in `dataDir`, made and saved on first use. A file that
 * cannot be read or is not valid is left as it is for a person to mend:
 * this run uses a fresh identity, and `log` says why.
 */
export async function loadIdentity(
  dataDir: string,
  log: (message: string) => void = () => undefined,
  random?: (min: number, max: number) => number,
): Promise<GcsIdentity> {
  const file = join(dataDir, IDENTITY_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const fresh = newIdentity(random);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      log(
        `cannot read ${file} (${messageOf(error)}): this run uses GCS ${describeIdentity(fresh)}`,
      );
      return fresh;
    }
    try {
      // Whole or not at all: a crash mid-write must not leave half a file.
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600 });
      await rename(temp, file);
    } catch (saveError) {
      log(`cannot save ${file} (${messageOf(saveError)}): the GCS identity will change next run`);
    }
    return fresh;
  }
  const parsed = parseIdentity(text);
  if (typeof parsed !== 'string') return parsed;
  const fresh = newIdentity(random);
  log(`ignoring ${file}: ${parsed}; this run uses GCS ${describeIdentity(fresh)}`);
  return fresh;
}

/** `255/57, signing link ids from 123`. */
export function describeIdentity(identity: GcsIdentity): string {
  return `${identity.sysid}/${identity.compid}, signing link ids from ${identity.linkIdBase}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

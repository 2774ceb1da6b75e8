// The per-link allow list as the pilot types it: message names or ids,
// separated by commas or spaces.

/** Names for ids a pilot meets in this list (the core resolves any name). */
const KNOWN: Readonly<Record<number, string>> = {
  0: 'HEARTBEAT',
  109: 'RADIO_STATUS',
  166: 'RADIO',
  256: 'SETUP_SIGNING',
};

export function describeAllowList(ids: readonly number[]): string {
  return ids.map((id) => KNOWN[id] ?? String(id)).join(', ');
}

export function parseAllowList(
  text: string,
): { ok: true; list: (string | number)[] } | { ok: false; error: string } {
  const tokens = text
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const list: (string | number)[] = [];
  for (const t of tokens) {
    if (/^\d+$/.test(t)) {
      const id = Number(t);
      if (id > 0xffffff) return { ok: false, error: `${t} is not a message id (0 to 16777215).` };
      list.push(id);
    } else if (/^[A-Za-z][A-Za-z0-9_]*$/.test(t) && t.length <= 64) {
      list.push(t.toUpperCase());
    } else {
      return { ok: false, error: `'${t}' is neither a message name nor an id.` };
    }
  }
  if (list.length > 64) return { ok: false, error: 'At most 64 messages.' };
  return { ok: true, list };
}

/** 64 hex digits, spaces and a 0x prefix forgiven; null when it is not a key. */
export function normalizeHexKey(text: string): string | null {
  const hex = text.replace(/\s+/g, '').replace(/^0x/i, '');
  return /^[0-9a-fA-F]{64}$/.test(hex) ? hex.toLowerCase() : null;
}

/** MAVLink's "signing off": SETUP_SIGNING with it turns signing off on a vehicle. */
export const SIGNING_OFF_KEY =
  'The all-zero key is MAVLink\'s "signing off" (a vehicle given it stops signing); it cannot be a signing key.';

export function isSigningOffKey(hex: string): boolean {
  return /^0{64}$/.test(hex);
}

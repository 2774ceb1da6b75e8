// Which unsigned frames a link takes. `reject` (signing required) lets
// through only listed message ids: by default RADIO_STATUS and RADIO, which
// telemetry radios inject unsigned. `accept` (signing optional) lets every
// unsigned frame through. Signed frames are always verified: no policy
// rescues one that failed. MAVLink 1 frames cannot be signed, so they count
// as unsigned.

export const RADIO_STATUS_ID = 109;
export const RADIO_ID = 166;
export const DEFAULT_ALLOWED_UNSIGNED: readonly number[] = [RADIO_STATUS_ID, RADIO_ID];

const MAX_MSGID = 0xff_ffff;

export type UnsignedPolicy =
  { readonly mode: 'reject'; readonly allowed: ReadonlySet<number> } | { readonly mode: 'accept' };

export function rejectUnsigned(
  allowed: Iterable<number> = DEFAULT_ALLOWED_UNSIGNED,
): UnsignedPolicy {
  return { mode: 'reject', allowed: new Set(allowed) };
}

export const ACCEPT_UNSIGNED: UnsignedPolicy = { mode: 'accept' };

/** Whether the policy lets an unsigned frame of this message id through. */
export function allowsUnsigned(policy: UnsignedPolicy, msgid: number): boolean {
  return policy.mode === 'accept' || policy.allowed.has(msgid);
}

/** A list entry named no message; the message says which and why. */
export class AllowListError extends Error {}

export interface MessageNames {
  byName(name: string): { readonly id: number } | undefined;
}

/**
 * Message ids from comma-separated names or decimal ids ("RADIO_STATUS,166").
 * An empty (or blank) list allows none. Names are matched case-insensitively.
 */
export function parseAllowList(text: string, names: MessageNames): number[] {
  if (text.trim() === '') return [];
  const ids: number[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') throw new AllowListError(`empty entry in message list '${text}'`);
    if (/^\d+$/.test(entry)) {
      const id = Number(entry);
      if (id > MAX_MSGID) throw new AllowListError(`message id ${entry} is above ${MAX_MSGID}`);
      ids.push(id);
      continue;
    }
    const def = names.byName(entry.toUpperCase());
    if (def === undefined) throw new AllowListError(`unknown message name '${entry}'`);
    ids.push(def.id);
  }
  return ids;
}

// What the simulated vehicle tells whoever runs it (`sigil sim` prints these).

export type SimEvent =
  | { readonly kind: 'armed' | 'disarmed' }
  | { readonly kind: 'mode'; readonly mode: number; readonly name: string }
  | { readonly kind: 'signing'; readonly enabled: boolean; readonly fingerprint?: string }
  | { readonly kind: 'text'; readonly severity: number; readonly text: string }
  /** Going down for a reboot, and up again. */
  | { readonly kind: 'rebooting' | 'booted' }
  /** The state file could not be read or written; the sim carries on. */
  | { readonly kind: 'state-error'; readonly message: string };

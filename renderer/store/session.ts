// The page's own state: the session with the core, the view shown, and
// events that belong to no one view (replay progress, log errors).

import { create } from 'zustand';
import type { ReplayProgress } from '../../protocol/wire-types';
import { CONTROL_ROLE, type SessionRole } from '../../protocol/session';
import { REMOTE_KEY_REFUSAL, VIEW_REFUSAL } from '../../protocol/roles';
import type { ConnectionStatus } from '../api/ws-client';

export const VIEWS = [
  'connections',
  'flight',
  'plan',
  'signing',
  'messages',
  'parameters',
] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_LABELS: Record<View, string> = {
  connections: 'Connections',
  flight: 'Flight',
  plan: 'Plan',
  signing: 'Signing',
  messages: 'Messages',
  parameters: 'Parameters',
};

export interface SessionState {
  status: ConnectionStatus;
  /** A remote session (the sign-in form) or a local one (Electron, the one-time link), and its role. */
  access: { remote: boolean; role: SessionRole };
  view: View;
  replay: Readonly<Record<number, ReplayProgress>>;
  /** The last `logs.error`, until the pilot dismisses it. */
  logError: string | null;
}

export const useSession = create<SessionState>()(() => ({
  status: { state: 'connecting' },
  access: { remote: false, role: CONTROL_ROLE },
  view: 'connections',
  replay: {},
  logError: null,
}));

export function showView(view: View): void {
  useSession.setState({ view });
}

/**
 * Why this session may not command (a watch-only one), or null when it
 * may: every control that changes something is disabled with this as its
 * reason. The host refuses such requests anyway (protocol/roles.ts).
 */
export function useCommandRefusal(): string | null {
  return useSession((s) =>
    s.access.role === CONTROL_ROLE ? null : `Watch only: ${VIEW_REFUSAL}.`,
  );
}

/** Why the signing key cannot be set from here (any remote session), or null. */
export function useKeySetupRefusal(): string | null {
  return useSession((s) => {
    if (s.access.role !== CONTROL_ROLE) return `Watch only: ${VIEW_REFUSAL}.`;
    return s.access.remote ? `Not from a remote session: ${REMOTE_KEY_REFUSAL}.` : null;
  });
}

// The page's own state: the session with the core, the view shown, and
// events that belong to no one view (replay progress, log errors).

import { create } from 'zustand';
import type { ReplayProgress } from '../../main/links/replay';
import type { ConnectionStatus } from '../api/ws-client';

export const VIEWS = ['connections', 'flight', 'signing', 'messages', 'parameters'] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_LABELS: Record<View, string> = {
  connections: 'Connections',
  flight: 'Flight',
  signing: 'Signing',
  messages: 'Messages',
  parameters: 'Parameters',
};

export interface SessionState {
  status: ConnectionStatus;
  view: View;
  replay: Readonly<Record<number, ReplayProgress>>;
  /** The last `logs.error`, until the pilot dismisses it. */
  logError: string | null;
}

export const useSession = create<SessionState>()(() => ({
  status: { state: 'connecting' },
  view: 'connections',
  replay: {},
  logError: null,
}));

export function showView(view: View): void {
  useSession.setState({ view });
}

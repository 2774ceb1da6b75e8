import type { ReactNode } from 'react';
import { showView, useSession, VIEW_LABELS } from '../store/session';
import { useTelemetry } from '../store/telemetry';
import { ConnectionsView } from './connections/ConnectionsView';
import { FlightView } from './flight/FlightView';
import { MessagesView } from './messages/MessagesView';
import { ParamsView } from './params/ParamsView';
import { PlanView } from './plan/PlanView';
import { SessionScreen, type SessionActions } from './SessionScreens';
import { clockBannerText } from './signing/clock-banner';
import { SigningView } from './signing/SigningView';
import { TopBar } from './TopBar';

function LogError(): ReactNode {
  const message = useSession((s) => s.logError);
  if (message === null) return null;
  return (
    <div className="banner error" role="alert" data-testid="log-error">
      The flight log is not being written: {message}
      <button type="button" onClick={() => useSession.setState({ logError: null })}>
        Dismiss
      </button>
    </div>
  );
}

/** On every page: commands go out signed, so a held clock matters wherever the pilot is. */
function ClockTrouble(): ReactNode {
  const clock = useTelemetry((s) => s.signing.clock);
  const view = useSession((s) => s.view);
  const text = clockBannerText(clock);
  if (text === null || view === 'signing') return null;
  return (
    <div className="banner error" role="alert" data-testid="clock-trouble">
      {text.title}: {text.held}
      <button type="button" onClick={() => showView('signing')}>
        Details
      </button>
    </div>
  );
}

function CurrentView(): ReactNode {
  const view = useSession((s) => s.view);
  switch (view) {
    case 'connections':
      return <ConnectionsView />;
    case 'flight':
      return <FlightView />;
    case 'plan':
      return <PlanView />;
    case 'signing':
      return <SigningView />;
    case 'messages':
      return <MessagesView />;
    case 'parameters':
      return <ParamsView />;
  }
}

export function App({ actions }: { actions: SessionActions }): ReactNode {
  const status = useSession((s) => s.status);
  const view = useSession((s) => s.view);
  if (status.state !== 'ready') return <SessionScreen status={status} actions={actions} />;
  return (
    <div className="app">
      <TopBar onSignOut={actions.signOut} />
      <LogError />
      <ClockTrouble />
      <main className="content" aria-label={VIEW_LABELS[view]} data-testid={`view-${view}`}>
        <CurrentView />
      </main>
    </div>
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext } from './api/context';
import { createApiHandle } from './api/connect';
import { dispatchEvent, loadInitialState, sessionStatus } from './store/feed';
import { useSession } from './store/session';
import { App } from './views/App';
import type { SessionActions } from './views/SessionScreens';
import './styles.css';

const handle = createApiHandle();
handle.api.subscribe((event) => dispatchEvent(handle.api, event));
handle.onStatus((status) => {
  useSession.setState({ status, access: handle.access() });
  sessionStatus(status);
  if (status.state === 'ready') void loadInitialState(handle.api);
});

const actions: SessionActions = {
  retry: () => void handle.connect(),
  ...(handle.signIn === undefined ? {} : { signIn: (options) => handle.signIn!(options) }),
  ...(handle.signOut === undefined ? {} : { signOut: () => handle.signOut!() }),
};

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ApiContext.Provider value={handle.api}>
      <App actions={actions} />
    </ApiContext.Provider>
  </StrictMode>,
);
actions.retry();

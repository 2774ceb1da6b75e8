// Quitting cleanly: Electron's before-quit does not wait for promises, so
// the first quit is held back until the core has closed (signing timestamp
// saved, flight logs closed), then quit again for real.

export interface Quittable {
  quit(): void;
}

export interface PreventableQuit {
  preventDefault(): void;
}

/**
 * The before-quit listener. `close` runs once; a close that hangs is given
 * up after `timeoutMs` rather than leaving an app that cannot quit.
 */
export function quitAfter(
  app: Quittable,
  close: () => Promise<void>,
  options: { timeoutMs?: number; onError?: (error: unknown) => void } = {},
): (event: PreventableQuit) => void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  return (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.timeoutMs ?? 5000);
    });
    void Promise.race([close(), limit])
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        clearTimeout(timer);
        state = 'closed';
        app.quit();
      });
  };
}

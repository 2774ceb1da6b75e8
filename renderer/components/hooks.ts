import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorMessage } from './format';

export interface ActionState<R> {
  pending: boolean;
  error: string | null;
  result: R | null;
}

/** Runs one async action at a time and keeps its outcome for display where it was started. */
export function useAction<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
): [ActionState<R>, (...args: A) => Promise<R | null>, () => void] {
  const [state, setState] = useState<ActionState<R>>({ pending: false, error: null, result: null });
  const mounted = useRef(true);
  const fnRef = useRef(fn);
  // The last rendered `fn`, for a run started by any later event.
  useLayoutEffect(() => {
    fnRef.current = fn;
  });
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async (...args: A): Promise<R | null> => {
    setState({ pending: true, error: null, result: null });
    try {
      const result = await fnRef.current(...args);
      if (mounted.current) setState({ pending: false, error: null, result });
      return result;
    } catch (error) {
      if (mounted.current) setState({ pending: false, error: errorMessage(error), result: null });
      return null;
    }
  }, []);
  const reset = useCallback(() => setState({ pending: false, error: null, result: null }), []);
  return [state, run, reset];
}

/**
 * Calls `fn` now and every `intervalMs` while the component is shown, never
 * two at once; the last error (or null after a success) is returned. A new
 * `fn` starts again at once: pass one from useCallback, whose dependencies
 * say when.
 */
export function usePoll(fn: () => Promise<void>, intervalMs: number): string | null {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const tick = async (): Promise<void> => {
      try {
        await fn();
        if (!stopped) setError(null);
      } catch (e) {
        if (!stopped) setError(errorMessage(e));
      }
      if (!stopped) timer = window.setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [fn, intervalMs]);
  return error;
}

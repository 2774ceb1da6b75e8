// What the map must show for its tiles' licence: the attribution of the
// tile source set in the Offline maps panel, asked of the core once and
// kept in the tiles store (the panel updates it when the source changes).

import { useEffect } from 'react';
import { useApi } from '../../api/context';
import { useTiles } from '../../store/tiles';

/** The attribution, or null until it is known. */
export function useTileAttribution(): string | null {
  const api = useApi();
  const source = useTiles((s) => s.source);
  useEffect(() => {
    if (source !== null) return;
    let shown = true;
    api.request('tiles.source', {}).then(
      (answer) => {
        if (shown) useTiles.setState({ source: answer.source });
      },
      () => undefined,
    );
    return () => {
      shown = false;
    };
  }, [api, source]);
  return source?.attribution ?? null;
}

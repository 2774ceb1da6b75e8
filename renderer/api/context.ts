import { createContext, useContext } from 'react';
import type { SigilApi } from '../../protocol/contract';

export const ApiContext = createContext<SigilApi | null>(null);

export function useApi(): SigilApi {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}

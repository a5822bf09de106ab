import { createContext, useContext } from 'react';
import type { HostClient } from '#shared/host/client';

export const HostContext = createContext<HostClient | null>(null);

/** The host contract client of this shell (Electron IPC or the web host's socket). */
export function useHost(): HostClient {
  const host = useContext(HostContext);
  if (host === null) {
    throw new Error('useHost outside <HostContext.Provider>');
  }
  return host;
}

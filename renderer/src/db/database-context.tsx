import { createContext, useContext } from 'react';
import type { AppDatabase } from './database';

export const DatabaseContext = createContext<AppDatabase | null>(null);

/** The device database, opened at startup (see `main.tsx`). */
export function useDatabase(): AppDatabase {
  const db = useContext(DatabaseContext);
  if (db === null) {
    throw new Error('useDatabase outside <DatabaseContext.Provider>');
  }
  return db;
}

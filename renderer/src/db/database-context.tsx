import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { AppDatabase } from './database';
import { DatabaseErrorScreen } from './DatabaseErrorScreen';
import { onDeferredOpenFailure } from './deferred-collections';
import type { DatabaseOpenError } from './open-errors';

const Context = createContext<AppDatabase | null>(null);

/**
 * Provides the device database to the app, and shows the database error screen instead of the app
 * when a collection opened in the background (see `deferred-collections.ts`) fails to open — the same
 * screen as a failed open at start-up, never a page missing its data without a word.
 */
function DatabaseProvider({
  value,
  children,
}: {
  readonly value: AppDatabase;
  readonly children?: ReactNode;
}) {
  const [failure, setFailure] = useState<DatabaseOpenError | null>(null);
  useEffect(() => onDeferredOpenFailure(value, setFailure), [value]);
  return (
    <Context.Provider value={value}>
      {failure === null ? children : <DatabaseErrorScreen error={failure} />}
    </Context.Provider>
  );
}

/** `<DatabaseContext.Provider value={db}>` as before; the provider also watches the deferred open. */
export const DatabaseContext = { Provider: DatabaseProvider } as const;

/** The device database, opened at startup (see `main.tsx`). */
export function useDatabase(): AppDatabase {
  const db = useContext(Context);
  if (db === null) {
    throw new Error('useDatabase outside <DatabaseContext.Provider>');
  }
  return db;
}

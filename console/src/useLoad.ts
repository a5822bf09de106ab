import { useCallback, useEffect, useState } from 'react';

/** Loads a screen's data; `reload` after a change. The error is kept for the screen to show. */
export function useLoad<T>(load: () => Promise<T>): {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
} {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load()
      .then((value) => {
        if (live) {
          setData(value);
          setError(null);
        }
      })
      .catch((e: unknown) => {
        if (live) {
          setError(e);
        }
      })
      .finally(() => {
        if (live) {
          setLoading(false);
        }
      });
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render; reloading is asked for through `round`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [round]);
  const reload = useCallback(() => {
    setLoading(true);
    setRound((r) => r + 1);
  }, []);
  return { data, error, loading, reload };
}

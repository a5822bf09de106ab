import { useCallback, useRef, useState } from 'react';
import { useDatabase, writeFieldEvents } from '../../../db/index';
import { WriteOnce, type Built, type OnceOutcome } from './write-once';

/** A form's `WriteOnce` (see there), with a `saving` flag for the button. */
export function useWriteOnce(): {
  readonly run: <T>(key: string, build: () => Built<T>) => Promise<OnceOutcome<T>>;
  readonly edited: () => void;
  readonly holds: (key: string) => boolean;
  readonly saving: boolean;
} {
  const db = useDatabase();
  const once = useRef<WriteOnce | null>(null);
  once.current ??= new WriteOnce((items) => writeFieldEvents(db, items));
  const [saving, setSaving] = useState(false);
  const run = useCallback(async <T>(key: string, build: () => Built<T>) => {
    const writer = once.current;
    if (writer === null) {
      return { status: 'busy' } as const;
    }
    setSaving(true);
    try {
      return await writer.run(key, build);
    } finally {
      setSaving(writer.busy);
    }
  }, []);
  const edited = useCallback(() => once.current?.edited(), []);
  const holds = useCallback((key: string) => once.current?.holds(key) ?? false, []);
  return { run, edited, holds, saving };
}

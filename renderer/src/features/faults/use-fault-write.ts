import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FaultEvent } from '#shared/domain/index';
import type { Result } from '#shared/result';
import { actionAuthor, useAuthor, useWriteOnce } from '../patrols/index';

type Author = ReturnType<typeof actionAuthor>;

/**
 * How every fault form saves one event: once per press (a second click or a retry is a no-op), the
 * refusal's code rendered in the crew's language, a failed write's message kept for the form.
 */
export function useFaultWrite() {
  const { t } = useTranslation('faults');
  const author = useAuthor();
  const once = useWriteOnce();
  const [error, setError] = useState<string | null>(null);

  /** Saves the event `make` builds (with this action's author); the saved event, or null. */
  const write = async (
    key: string,
    make: (author: Author) => Result<FaultEvent, string>,
  ): Promise<FaultEvent | null> => {
    const saved = await writeMany(key, (a) => {
      const made = make(a);
      return made.ok ? { ok: true, value: [made.value] } : made;
    });
    return saved?.[0] ?? null;
  };

  /** Saves the events `make` builds together (all or none), e.g. a repair and its signature. */
  const writeMany = async (
    key: string,
    make: (author: Author) => Result<FaultEvent[], string>,
  ): Promise<FaultEvent[] | null> => {
    setError(null);
    const outcome = await once.run(key, () => {
      const made = make(actionAuthor(author));
      return made.ok
        ? {
            ok: true,
            records: made.value,
            items: made.value.map((record) => ({ collection: 'fault_events' as const, record })),
          }
        : { ok: false, code: made.error.code, message: made.error.message };
    });
    if (outcome.status === 'refused') {
      setError(t(`refusals.${outcome.code}`));
    } else if (outcome.status === 'failed') {
      setError(outcome.error.message);
    } else if (outcome.status === 'saved') {
      return outcome.records;
    }
    return null;
  };

  return { write, writeMany, error, edited: once.edited, holds: once.holds, saving: once.saving };
}

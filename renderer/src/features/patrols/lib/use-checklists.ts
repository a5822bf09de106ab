import { useEffect, useState } from 'react';
import type { ChecklistList } from '#shared/host/contract/checklists';
import { useHost } from '../../../host/host-context';

let cache: Promise<ChecklistList | string> | null = null;

/** The checklists from the host's resources (read once per session); a string on failure. */
export function useChecklists(): ChecklistList | string | null {
  const host = useHost();
  const [value, setValue] = useState<ChecklistList | string | null>(null);
  useEffect(() => {
    let live = true;
    cache ??= host.call('checklists.list', {}).then((r) => (r.ok ? r.value : r.error.message));
    void cache.then((v) => {
      if (typeof v === 'string') {
        cache = null;
      }
      if (live) {
        setValue(v);
      }
    });
    return () => {
      live = false;
    };
  }, [host]);
  return value;
}

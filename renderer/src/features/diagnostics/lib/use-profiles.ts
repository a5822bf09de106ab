import { useCallback, useEffect, useState } from 'react';
import type { MeterProfile } from '#shared/diagnostics/meter-profile';
import type { DiagnosticsLine } from './use-line';

/** Meter profiles from the host (shipped + the crew's own), and the files it could not read. */
export function useProfiles(line: DiagnosticsLine) {
  const [profiles, setProfiles] = useState<readonly MeterProfile[]>([]);
  const [problems, setProblems] = useState<readonly string[]>([]);
  const reload = useCallback(() => {
    void line.call('diagnostics.listProfiles', {}).then((r) => {
      if (r.ok) {
        setProfiles(r.value.profiles);
        setProblems(r.value.problems.map((p) => `${p.file}: ${p.message}`));
      }
    });
  }, [line]);
  useEffect(reload, [reload]);
  return { profiles, problems, reload };
}

export type Profiles = ReturnType<typeof useProfiles>;

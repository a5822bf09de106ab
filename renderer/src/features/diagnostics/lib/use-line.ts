import { useCallback, useEffect, useState } from 'react';
import type { RecordedFrame } from '#shared/diagnostics/session-record';
import type { DiagnosticsLineState, HostArgs, HostMethod, HostValue } from '#shared/host/contract/index';
import type { LineCause } from '#shared/protocols/common/line-cause';
import { useHost } from '../../../host/host-context';

/** A call's result as the page holds it; on failure the code and cause are what it shows (`failureText`). */
export type CallOutcome<T> =
  { ok: true; value: T } | { ok: false; code: string; message: string; cause?: LineCause };

/**
 * The host's diagnostics line as the page sees it: its state and every frame recorded since it was
 * opened (reloaded after a page refresh, then kept live from events).
 */
export function useDiagnosticsLine() {
  const host = useHost();
  const [state, setState] = useState<DiagnosticsLineState>({
    state: 'closed',
    path: null,
    serial: null,
    message: null,
  });
  const [frames, setFrames] = useState<readonly RecordedFrame[]>([]);

  useEffect(() => {
    void host.call('diagnostics.state', {}).then((r) => r.ok && setState(r.value));
    void host.call('diagnostics.frames', {}).then((r) => r.ok && setFrames(r.value));
    const offState = host.subscribe('diagnostics.state', setState);
    const offFrame = host.subscribe('diagnostics.frame', (f) =>
      setFrames((list) => (list.length > 4000 ? [...list.slice(-3000), f] : [...list, f])),
    );
    return () => {
      offState();
      offFrame();
    };
  }, [host]);

  const call = useCallback(
    async <M extends HostMethod>(method: M, args: HostArgs<M>): Promise<CallOutcome<HostValue<M>>> => {
      const r = await host.call(method, args);
      return r.ok
        ? { ok: true, value: r.value }
        : {
            ok: false,
            code: r.error.code,
            message: r.error.message,
            ...(r.error.cause === undefined ? {} : { cause: r.error.cause }),
          };
    },
    [host],
  );

  const clearFrames = useCallback(async () => {
    await host.call('diagnostics.clearLog', {});
    setFrames([]);
  }, [host]);

  return { state, frames, call, clearFrames, host };
}

export type DiagnosticsLine = ReturnType<typeof useDiagnosticsLine>;

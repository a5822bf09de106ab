import type { SyncController } from './controller';

/**
 * Runs a cache's refresh beside the sync controller — at start (unless `atStart` is false), on
 * enrolment, when the browser comes back online, after `soon()` and every `everyMs` — one at a time
 * and only while online (a refresh that finds the laptop offline is skipped; the `online` event brings
 * it back). Returns `soon`, which folds a burst of calls into one refresh `delayMs` (or `ms`) after
 * the last.
 */
export function startBackgroundRefresh(
  controller: SyncController,
  refresh: () => Promise<void>,
  timing: { readonly delayMs: number; readonly everyMs: number; readonly atStart?: boolean },
): (ms?: number) => void {
  let busy = false;
  const once = async () => {
    if (busy || !navigator.onLine) {
      return;
    }
    busy = true;
    try {
      await refresh();
    } finally {
      busy = false;
    }
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  const soon = (ms = timing.delayMs) => {
    if (timer !== null) {
      clearTimeout(timer);
    }
    timer = setTimeout(() => void once(), ms);
  };
  window.addEventListener('online', () => soon());
  let enrolled = controller.store.get().settings !== null;
  controller.store.subscribe(() => {
    const now = controller.store.get().settings !== null;
    if (now && !enrolled) {
      soon();
    }
    enrolled = now;
  });
  setInterval(() => void once(), timing.everyMs);
  if (timing.atStart !== false) {
    soon();
  }
  return soon;
}

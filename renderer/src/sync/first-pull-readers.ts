import type { CollectionName } from '#shared/domain/index';

/** A screen that reads whole collections once a first pull has brought them (the map). */
export type FirstPullReader = {
  /** The screen has read its inputs since they came in (and drawn them). */
  ready(): void;
  /** The screen is gone: nothing to wait for. */
  release(): void;
};

/**
 * The screens open during a new laptop's first pull that read what it brings. Reading 40,000 records
 * while the next wave writes 60,000 more starves the reading (each IndexedDB cursor step waits behind
 * the writes' work on the page), so the map drew only when the whole province was in; between waves the
 * first pull waits for the screens whose inputs are all in to read them once — at most `capMs`.
 */
export function createFirstPullReaders() {
  type Entry = { readonly needs: readonly CollectionName[]; ready: boolean; served: boolean };
  const readers = new Map<number, Entry>();
  const listeners = new Set<() => void>();
  let next = 0;
  const changed = () => [...listeners].forEach((l) => l());
  return {
    register(needs: readonly CollectionName[]): FirstPullReader {
      const id = next;
      next += 1;
      readers.set(id, { needs, ready: false, served: false });
      return {
        ready() {
          const reader = readers.get(id);
          if (reader !== undefined && !reader.ready) {
            reader.ready = true;
            changed();
          }
        },
        release() {
          if (readers.delete(id)) {
            changed();
          }
        },
      };
    },
    /**
     * Called as a wave ends: resolves when every reader whose inputs have just all come in (none of
     * them `pending`) has read since — a reading taken before does not count — or after `capMs` (a
     * screen that never reads must not stop the pull). A reader is waited for once.
     */
    settled(pending: readonly CollectionName[], capMs: number): Promise<void> {
      const due = [...readers.values()].filter(
        (r) => !r.served && r.needs.every((n) => !pending.includes(n)),
      );
      for (const r of due) {
        r.ready = false;
        r.served = true;
      }
      const waiting = () => due.some((r) => !r.ready && [...readers.values()].includes(r));
      if (!waiting()) {
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        const check = () => {
          if (!waiting()) {
            done();
          }
        };
        const timer = setTimeout(done, capMs);
        listeners.add(check);
      });
    },
  };
}
export type FirstPullReaders = ReturnType<typeof createFirstPullReaders>;

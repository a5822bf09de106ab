import { useCallback, useEffect, useState } from 'react';

/**
 * Drafts of open forms: what the crew typed or chose and has not saved yet, kept in local storage on
 * every change (a synchronous write, so it survives a reload, a crash or a power cut) under
 * `wrm.draft.<form key>`, and restored — with a notice — when the form opens again. A save or an
 * explicit discard removes it.
 */
const prefix = 'wrm.draft.';

export type StoredDraft<T> = { readonly savedAt: number; readonly value: T };

export function draftStorageKey(key: string): string {
  return `${prefix}${key}`;
}

/** The stored draft of a form, or null (also for an unreadable one, which is removed). */
export function readDraft<T>(storage: Storage, key: string): StoredDraft<T> | null {
  const text = storage.getItem(draftStorageKey(key));
  if (text === null) {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as Partial<StoredDraft<T>>;
    if (typeof parsed.savedAt === 'number' && 'value' in parsed) {
      return { savedAt: parsed.savedAt, value: parsed.value as T };
    }
  } catch {
    // fall through: a draft that cannot be read is no draft
  }
  storage.removeItem(draftStorageKey(key));
  return null;
}

export function writeDraft<T>(storage: Storage, key: string, value: T, at: number): void {
  try {
    storage.setItem(draftStorageKey(key), JSON.stringify({ savedAt: at, value }));
  } catch {
    // Storage full or disabled: the form still works, the draft is just not kept.
  }
}

export function clearDraft(storage: Storage, key: string): void {
  storage.removeItem(draftStorageKey(key));
}

// Forms with unsaved input now on screen (for the leave guard).
const dirty = new Set<string>();

function setDirty(key: string, isDirty: boolean): void {
  if (dirty.has(key) === isDirty) {
    return;
  }
  if (isDirty) {
    dirty.add(key);
  } else {
    dirty.delete(key);
  }
}

/** Whether any form on screen holds unsaved input. */
export function hasUnsavedInput(): boolean {
  return dirty.size > 0;
}

/**
 * A form's state kept as a draft: `value` starts from the stored draft if there is one (then
 * `restoredAt` says when it was typed), every `set` stores it, `clear` (after a save) and `discard`
 * remove it. A value equal to `empty` by `isEmpty` is not stored.
 */
export function useDraft<T>(
  key: string,
  empty: T,
  isEmpty: (value: T) => boolean,
): {
  readonly value: T;
  readonly set: (value: T) => void;
  readonly restoredAt: number | null;
  readonly clear: () => void;
  readonly discard: () => void;
  readonly dismissNotice: () => void;
} {
  const [state, setState] = useState<{ key: string; value: T; restoredAt: number | null }>(() => {
    const stored = readDraft<T>(window.localStorage, key);
    return { key, value: stored?.value ?? empty, restoredAt: stored?.savedAt ?? null };
  });
  // A new form key (another item, another visit) starts from its own draft.
  let current = state;
  if (state.key !== key) {
    const stored = readDraft<T>(window.localStorage, key);
    current = { key, value: stored?.value ?? empty, restoredAt: stored?.savedAt ?? null };
    setState(current);
  }
  const isDirty = !isEmpty(current.value);
  useEffect(() => {
    setDirty(key, isDirty);
    return () => setDirty(key, false);
  }, [key, isDirty]);

  const set = useCallback(
    (value: T) => {
      // The leave guard reads this at once (a save navigates right after clearing its draft).
      setDirty(key, !isEmpty(value));
      if (isEmpty(value)) {
        clearDraft(window.localStorage, key);
      } else {
        writeDraft(window.localStorage, key, value, Date.now());
      }
      setState((s) => ({ ...s, key, value }));
    },
    [key, isEmpty],
  );
  const clear = useCallback(() => {
    setDirty(key, false);
    clearDraft(window.localStorage, key);
    setState({ key, value: empty, restoredAt: null });
    // `empty` is a constant of the caller; a new object each render must not re-create `clear`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const dismissNotice = useCallback(() => setState((s) => ({ ...s, restoredAt: null })), []);
  return {
    value: current.value,
    set,
    restoredAt: current.restoredAt,
    clear,
    discard: clear,
    dismissNotice,
  };
}

// Test helpers for the sync parts (imported by tests only).
import type { RefusalStorage } from './refusal-store';

/** An in-memory stand-in for localStorage: the same two calls, nothing kept between tests. */
export function memoryStorage(): RefusalStorage & { readonly removeItem: (key: string) => void } {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

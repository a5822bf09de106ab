/**
 * A small least-recently-used cache on a Map (insertion order is recency): the cluster layer keeps
 * each map tile's clusters and each glyph it drew, and must not grow without bound over a day of panning.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  /** `onEvict` hears each entry pushed out for room (not those deleted or cleared). */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Re-insert: most recently used goes last.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) {
        break;
      }
      const value = this.entries.get(oldest.value);
      this.entries.delete(oldest.value);
      if (value !== undefined) {
        this.onEvict?.(oldest.value, value);
      }
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

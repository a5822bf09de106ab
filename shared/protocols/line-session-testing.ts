import type { ByteLink, Timers } from './common/byte-link';

export type MemoryLinkEnd = ByteLink & {
  /** Bytes this end has written, in order (what a protocol analyser on the wire would show). */
  readonly written: Uint8Array[];
  /** Makes the line vanish (an unplugged adapter): both ends close with `error`. */
  vanish(error: Error): void;
};

/**
 * Two connected in-memory ByteLink ends: what one writes, the other receives on the next microtask,
 * in the same chunks. For tests of sessions and simulators without a serial port.
 */
export function createMemoryLinkPair(): readonly [MemoryLinkEnd, MemoryLinkEnd] {
  const dataListeners: [Set<(chunk: Uint8Array) => void>, Set<(chunk: Uint8Array) => void>] = [
    new Set(),
    new Set(),
  ];
  const closeListeners: [Set<(error: Error | null) => void>, Set<(error: Error | null) => void>] = [
    new Set(),
    new Set(),
  ];
  let closed = false;

  const closeBoth = (error: Error | null) => {
    if (closed) {
      return;
    }
    closed = true;
    for (const listeners of closeListeners) {
      for (const listener of [...listeners]) {
        listener(error);
      }
    }
  };

  const end = (self: 0 | 1): MemoryLinkEnd => {
    const peer = self === 0 ? 1 : 0;
    const written: Uint8Array[] = [];
    return {
      written,
      write: async (bytes) => {
        if (closed) {
          throw new Error('memory link is closed');
        }
        const copy = bytes.slice();
        written.push(copy);
        await Promise.resolve();
        if (!closed) {
          for (const listener of [...dataListeners[peer]]) {
            listener(copy);
          }
        }
      },
      onData: (listener) => {
        dataListeners[self].add(listener);
        return () => dataListeners[self].delete(listener);
      },
      onClose: (listener) => {
        closeListeners[self].add(listener);
        return () => closeListeners[self].delete(listener);
      },
      close: () => {
        closeBoth(null);
        return Promise.resolve();
      },
      vanish: (error) => closeBoth(error),
    };
  };
  return [end(0), end(1)];
}

export type ManualTimers = Timers & {
  /** Moves the clock forward, firing due timers in time order (and awaiting microtasks between). */
  advance(ms: number): Promise<void>;
  /** Timers still scheduled. */
  pendingCount(): number;
};

/** Timers driven by the test: nothing fires until `advance`, so timeouts are tested without waiting. */
export function createManualTimers(start = 0): ManualTimers {
  let now = start;
  let nextId = 1;
  const scheduled = new Map<number, { at: number; fn: () => void }>();
  const flush = async () => {
    for (let i = 0; i < 10; i += 1) {
      await Promise.resolve();
    }
  };
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId;
      nextId += 1;
      scheduled.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout: (handle) => {
      scheduled.delete(handle as number);
    },
    pendingCount: () => scheduled.size,
    advance: async (ms) => {
      const until = now + ms;
      await flush();
      for (;;) {
        let dueId: number | null = null;
        let dueAt = Number.POSITIVE_INFINITY;
        for (const [id, timer] of scheduled) {
          if (timer.at <= until && timer.at < dueAt) {
            dueId = id;
            dueAt = timer.at;
          }
        }
        if (dueId === null) {
          break;
        }
        const timer = scheduled.get(dueId);
        scheduled.delete(dueId);
        now = dueAt;
        timer?.fn();
        await flush();
      }
      now = until;
      await flush();
    },
  };
}
